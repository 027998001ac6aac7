/**
 * The in-process world: a Pages API emulator on loopback and the action run in this process,
 * both on one {@link VirtualClock}. Each test creates its own project, so tests in one file
 * share an emulator safely.
 */
import { startEmulator, type Emulator } from '../../emulator/server.js'
// The operations load their code when they run (src/operations/index.ts). Here it is loaded
// with the test file, so that jest compiling it never stalls an exchange that a run has in
// flight against a real-time deadline.
import '../../src/operations/cleanup.js'
import '../../src/operations/deploy.js'
import '../../src/operations/domains.js'
import '../../src/operations/logs.js'
import '../../src/operations/project.js'
import '../../src/operations/retry.js'
import '../../src/operations/rollback.js'
import '../../src/operations/secrets.js'
import '../../src/operations/status.js'
import '../../src/operations/teardown-preview.js'
import '../../src/operations/trigger.js'
import '../../src/operations/wait.js'
import '../../src/operations/direct-upload.js'
import '../../src/domain/github-mirror.js'
import type { ActionResult } from '../../harness/run-action.js'
import { runInProcess } from './in-process.js'
import { FAST_STAGES } from './scenarios.js'
import { VirtualClock } from './virtual-clock.js'

export {
  apiRequests,
  FAST_STAGES,
  projectPatches,
  projectWithHistory,
  uniqueProject,
  visibleLines
} from './scenarios.js'

const clocks = new WeakMap<Emulator, VirtualClock>()

export async function startWorld(
  options: Parameters<typeof startEmulator>[0] = {}
): Promise<Emulator> {
  const clock = new VirtualClock()
  const emulator = await startEmulator({ stageDurationsMs: FAST_STAGES, ...options, clock })
  clocks.set(emulator, clock)
  return emulator
}

/** The clock an emulator of {@link startWorld} and its runs share. */
export function clockOf(emulator: Emulator): VirtualClock {
  const clock = clocks.get(emulator)
  if (!clock) throw new Error('this emulator was not started by startWorld()')
  return clock
}

export interface ActOptions {
  env?: Record<string, string>
  event?: unknown
  signal?: AbortSignal
  /** The tool cache; by default one that already holds esbuild. */
  toolCacheDir?: string
}

/** Runs the action with the emulator's credentials and fast polling, plus `inputs`. */
export function act(
  emulator: Emulator,
  inputs: Record<string, string>,
  extra: ActOptions = {}
): Promise<ActionResult> {
  return runInProcess({
    inputs: {
      'api-token': emulator.token,
      'account-id': emulator.accountId,
      'poll-interval': '100ms',
      ...inputs
    },
    env: { CLOUDFLARE_API_BASE_URL: emulator.apiBaseUrl, ...extra.env },
    ...(extra.event === undefined ? {} : { event: extra.event }),
    ...(extra.signal ? { signal: extra.signal } : {}),
    ...(extra.toolCacheDir === undefined ? {} : { toolCacheDir: extra.toolCacheDir }),
    clock: clockOf(emulator)
  })
}

/**
 * A signal that cancels a run the moment the emulator receives a request `when` selects: the
 * runner's SIGINT, at an exact point of the run whatever the machine's speed.
 */
export function cancelAt(
  emulator: Emulator,
  when: (request: Emulator['requests'][number]) => boolean
): AbortSignal {
  const controller = new AbortController()
  const stop = emulator.onRequest((request) => {
    if (!when(request)) return
    stop()
    controller.abort()
  })
  return controller.signal
}
