/**
 * A Pages API emulator on loopback plus helpers to run the bundled action against it.
 * Each test creates its own project, so tests in one file share an emulator safely.
 */
import { existsSync } from 'node:fs'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import type { Deployment } from '../../src/cloudflare/types.js'
import {
  ACTION_ENTRY,
  runAction,
  type ActionResult,
  type ActionRun
} from '../../harness/run-action.js'

if (!existsSync(ACTION_ENTRY)) {
  throw new Error(`${ACTION_ENTRY} is missing: run \`npm run build\` before the end-to-end tests.`)
}

/** Short stages keep a full deployment under a second. */
export const FAST_STAGES = { queued: 80, initialize: 80, clone_repo: 80, build: 250, deploy: 80 }

export async function startWorld(): Promise<Emulator> {
  return startEmulator({ stageDurationsMs: FAST_STAGES })
}

let counter = 0
/** A fresh project name, so that tests never see each other's deployments. */
export function uniqueProject(prefix = 'site'): string {
  counter += 1
  return `${prefix}-${process.pid}-${counter}`
}

/** A Git-connected project with two successful production deployments behind it. */
export function projectWithHistory(
  emulator: Emulator,
  name = uniqueProject()
): {
  name: string
  older: Deployment
  live: Deployment
} {
  emulator.addProject({ name, productionBranch: 'main' })
  const older = emulator.seedDeployment(name, {
    branch: 'main',
    createdAgoMs: 2 * 86_400_000,
    commitMessage: 'Older release'
  })
  const live = emulator.seedDeployment(name, {
    branch: 'main',
    createdAgoMs: 86_400_000,
    commitMessage: 'Current release'
  })
  return { name, older, live }
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

/** API requests (not site requests) the emulator received for a project. */
export function apiRequests(emulator: Emulator, project: string): Emulator['requests'] {
  return emulator.requests.filter((r) => r.path.includes(`/projects/${project}`))
}

/** The lines of stdout that are not workflow commands. */
export function visibleLines(result: ActionResult): string[] {
  return result.stdout.split('\n').filter((line) => line && !line.startsWith('::'))
}
