import type { Clock } from '../util/clock.js'
import { CloudflareApiError } from '../cloudflare/errors.js'
import type { PagesClient } from '../cloudflare/pages-client.js'
import type { Deployment } from '../cloudflare/types.js'
import { finalOutcome, stagesOf } from './deployment.js'
import { formatDuration } from '../util/duration.js'
import { pollUntil } from '../util/poll.js'
import type { RateBudget } from '../http/rate-budget.js'
import { input } from '../util/input-names.js'

export interface WaitOptions {
  timeoutMs: number
  pollIntervalMs: number
  clock: Clock
  signal: AbortSignal | undefined
  /** Receives one line per stage change, such as `build: active (42s)`. */
  log: (line: string) => void
  /** Receives a warning when the API misbehaves but waiting goes on. */
  warn: (line: string) => void
  /**
   * How long a typical deployment of the project takes (from an earlier one). Polling never
   * sleeps past the moment this one should finish, so a long quiet build stage is polled
   * rarely and its end is still noticed quickly.
   */
  expectedDurationMs?: number | undefined
  /**
   * Delay before the first poll, when it should differ from `pollIntervalMs`: a Direct Upload
   * has nothing to build and is usually live within a second.
   */
  firstPollMs?: number | undefined
  /** This run's share of the rate limit: polling spreads out as it is used up. */
  budget?: RateBudget | undefined
  /** Called with every fresh read, so that a cancelled run still reports the latest state. */
  onUpdate?: (deployment: Deployment) => void | Promise<void>
}

/** Raised when a deployment is still running when `wait-timeout` runs out. */
export class WaitTimeoutError extends Error {
  constructor(
    readonly deployment: Deployment,
    timeoutMs: number
  ) {
    const stage = deployment.latest_stage
    super(
      `deployment ${deployment.id} did not finish within ${input('wait-timeout')} (${formatDuration(timeoutMs)}); it was still at ${stage.name}: ${stage.status}. It keeps running on Cloudflare; raise ${input('wait-timeout')} if builds take longer.`
    )
    this.name = 'WaitTimeoutError'
  }
}

/**
 * Polls a deployment until it finishes, printing a line at each stage change. Never hangs:
 * it returns or throws by the deadline. Rate limiting and API outages while waiting are
 * survived until the deadline; errors that cannot heal (authentication, not found) are not.
 */
export async function waitForDeployment(
  client: PagesClient,
  projectName: string,
  initial: Deployment,
  options: WaitOptions
): Promise<Deployment> {
  const { clock } = options
  let deployment = initial
  let seen = progressKey(deployment)
  reportStages(deployment, '', options.log, clock.now())
  let troubled = false
  let pastExpectedEnd = false
  const expectedEnd =
    options.expectedDurationMs === undefined
      ? undefined
      : Date.parse(initial.created_on) + options.expectedDurationMs
  return pollUntil<Deployment>(
    {
      clock,
      signal: options.signal,
      timeoutMs: options.timeoutMs,
      intervalMs: options.pollIntervalMs,
      firstDelayMs: options.firstPollMs,
      // Never sleep past the moment the deployment should finish (never below the first interval).
      adjust: (delay, now) =>
        expectedEnd === undefined || now >= expectedEnd
          ? delay
          : Math.min(delay, Math.max(options.pollIntervalMs, expectedEnd - now)),
      floorMs: () => options.budget?.pollFloorMs() ?? 0
    },
    async (first) => {
      if (!first) {
        try {
          deployment = await client.getDeployment(projectName, deployment.id)
          troubled = false
        } catch (error) {
          if (!isPassing(error)) throw error
          if (!troubled)
            options.warn(
              `${(error as Error).message} Still waiting until ${input('wait-timeout')}.`
            )
          troubled = true
          return { changed: false }
        }
        await options.onUpdate?.(deployment)
      }
      const key = progressKey(deployment)
      if (key !== seen) reportStages(deployment, seen, options.log, clock.now())
      if (finalOutcome(deployment) !== undefined) return { value: deployment }
      // Past the expected finish, the end is near: poll fast again, then back off as usual.
      const overdue = expectedEnd !== undefined && !pastExpectedEnd && clock.now() >= expectedEnd
      if (overdue) pastExpectedEnd = true
      const changed = first || key !== seen || overdue
      seen = key
      return { changed }
    },
    () => new WaitTimeoutError(deployment, options.timeoutMs)
  )
}

/** Errors worth waiting through: rate limits and the API being briefly unreachable. */
function isPassing(error: unknown): boolean {
  return (
    error instanceof CloudflareApiError &&
    (error.kind === 'rate-limited' || error.kind === 'transport' || error.status >= 500)
  )
}

function progressKey(deployment: Deployment): string {
  return stagesOf(deployment)
    .map((s) => `${s.name}:${s.status}`)
    .join(',')
}

/**
 * Prints the stages whose status changed since `previousKey`, in pipeline order. A stage's
 * success is implied by the next one starting, so only starts, failures and the final
 * `deploy: success` are printed: a handful of lines per deployment.
 */
function reportStages(
  deployment: Deployment,
  previousKey: string,
  log: (line: string) => void,
  now: number
): void {
  const before = new Set(previousKey.split(','))
  const created = Date.parse(deployment.created_on)
  for (const stage of stagesOf(deployment)) {
    if (before.has(`${stage.name}:${stage.status}`)) continue
    if (stage.status === 'idle' || (stage.status === 'success' && stage.name !== 'deploy')) continue
    const at = stage.ended_on ?? stage.started_on
    const elapsed = (at ? Date.parse(at) : now) - created
    log(`${stage.name}: ${stage.status} (${formatDuration(Math.max(0, elapsed))})`)
  }
}
