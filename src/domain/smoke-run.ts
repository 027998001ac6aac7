/**
 * Runs the smoke checks against a deployment's URL: each check is asked again while the
 * deployment propagates (as the health check is), all within one window, a few at a time.
 */
import { HttpCore } from '../http/http-core.js'
import { HEALTH_CHECK_RETRY_POLICY, withRetries } from '../http/retry.js'
import type { Clock } from '../util/clock.js'
import { healthCheckUrl } from './health-check.js'
import { monotonicMs, requestSite } from './site-request.js'
import {
  describeExpectation,
  followsRedirects,
  judge,
  type SmokeCheck,
  type SmokeResult
} from './smoke-checks.js'

/** Checks in flight at once: enough to be quick, few enough not to look like a load test. */
export const SMOKE_PARALLELISM = 4

export interface SmokeRunOptions {
  /** The deployment's URL, which every check's path is joined to. */
  baseUrl: string
  /** The deployment's own hosts (see {@link deploymentHosts}): where headers may go. */
  hosts: readonly string[]
  /** `smoke-headers`, sent with each request to one of `hosts`. */
  headers: Readonly<Record<string, string>>
  /** The window every check must pass within (`health-check-timeout`). */
  timeoutMs: number
  requestTimeoutMs: number
  clock: Clock
  signal: AbortSignal | undefined
  log: (line: string) => void
  /** Monotonic milliseconds for the `under` checks; default `performance.now`. */
  elapsed?: () => number
}

/** Runs every check; the results are in the order of `checks`. */
export async function runSmokeChecks(
  checks: readonly SmokeCheck[],
  options: SmokeRunOptions
): Promise<SmokeResult[]> {
  const http = new HttpCore({ userAgent: 'pages-pilot-smoke-check', keepAlive: true })
  const deadline = options.clock.now() + options.timeoutMs
  const results: SmokeResult[] = new Array<SmokeResult>(checks.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < checks.length) {
      const index = next++
      const check = checks[index] as SmokeCheck
      results[index] = await runOne(http, check, deadline, options)
    }
  }
  try {
    await Promise.all(Array.from({ length: Math.min(SMOKE_PARALLELISM, checks.length) }, worker))
  } finally {
    http.dispose()
  }
  return results
}

/** Carries the last failed result out of the retry loop. */
class Failed extends Error {
  constructor(readonly result: SmokeResult) {
    super(result.problem)
  }
}

async function runOne(
  http: HttpCore,
  check: SmokeCheck,
  deadline: number,
  options: SmokeRunOptions
): Promise<SmokeResult> {
  const url = healthCheckUrl(options.baseUrl, check.path)
  const expectedLocation =
    check.location === undefined
      ? undefined
      : check.location.startsWith('/')
        ? new URL(healthCheckUrl(options.baseUrl, check.location)).href
        : new URL(check.location).href
  const expected = describeExpectation(check)
  const hosts = new Set(options.hosts.map((host) => host.toLowerCase()))
  let last: SmokeResult | undefined
  try {
    return await withRetries<SmokeResult>(
      {
        policy: HEALTH_CHECK_RETRY_POLICY,
        clock: options.clock,
        signal: options.signal,
        deadline,
        onWait: (waitMs) =>
          options.log(
            `Smoke check ${check.path}: ${last?.problem ?? 'failed'}; trying again in ${Math.round(waitMs / 1000)}s.`
          )
      },
      async (attempts) => {
        const answer = await requestSite(http, {
          url,
          hosts,
          headers: options.headers,
          followRedirects: followsRedirects(check),
          timeoutMs: options.requestTimeoutMs,
          signal: options.signal,
          elapsed: options.elapsed ?? monotonicMs
        })
        const problem = judge(check, answer, expectedLocation) ?? ''
        const result: SmokeResult = {
          path: check.path,
          ok: problem === '',
          status: answer.status,
          ms: Math.round(answer.ms),
          problem,
          expected,
          url,
          attempts
        }
        if (result.ok) {
          options.log(`Smoke check passed: GET ${url} (${expected}) answered ${answer.status}.`)
          return { kind: 'done', value: result }
        }
        last = result
        return {
          kind: 'retry',
          rateLimited: false,
          retryAfterMs: undefined,
          giveUp: () => new Failed(result)
        }
      }
    )
  } catch (error) {
    if (error instanceof Failed) return error.result
    throw error
  }
}
