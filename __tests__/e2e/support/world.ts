/**
 * A Pages API emulator on loopback plus helpers to run the bundled action against it.
 * Each test creates its own project, so tests in one file share an emulator safely.
 */
import { existsSync } from 'node:fs'
import { startEmulator, type Emulator } from '../../../emulator/server.js'
import { FAST_STAGES } from '../../support/scenarios.js'
import { assertFreshBundle } from './fresh-bundle.js'
import {
  ACTION_ENTRY,
  runAction,
  type ActionResult,
  type ActionRun
} from '../../../harness/run-action.js'

export {
  apiRequests,
  FAST_STAGES,
  projectWithHistory,
  uniqueProject,
  visibleLines
} from '../../support/scenarios.js'

if (!existsSync(ACTION_ENTRY)) {
  throw new Error(`${ACTION_ENTRY} is missing: run \`npm run build\` before the end-to-end tests.`)
}
await assertFreshBundle()

export async function startWorld(): Promise<Emulator> {
  return startEmulator({ stageDurationsMs: FAST_STAGES })
}

/** Runs the action with the emulator's credentials and fast polling, plus `inputs`. */
export function act(
  emulator: Emulator,
  inputs: Record<string, string>,
  extra: Omit<ActionRun, 'inputs'> = {}
): Promise<ActionResult> {
  return runAction({
    ...extra,
    inputs: {
      'api-token': emulator.token,
      'account-id': emulator.accountId,
      'poll-interval': '100ms',
      ...inputs
    },
    env: { CLOUDFLARE_API_BASE_URL: emulator.apiBaseUrl, ...extra.env }
  })
}
