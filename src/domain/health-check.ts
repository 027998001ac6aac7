import { HttpCore } from '../http/http-core.js'
import { HEALTH_CHECK_RETRY_POLICY, withRetries } from '../http/retry.js'
import { CanceledError } from '../util/canceled.js'
import type { Clock } from '../util/clock.js'

/** The health check made on a fresh deployment. */
export interface HealthCheckResult {
  url: string
  passed: boolean
  /** Last HTTP status seen, 0 when no response arrived. */
  status: number
  attempts: number
  detail: string
}

export interface HealthCheckOptions {
  /** How long to keep trying while the new deployment propagates. */
  timeoutMs: number
  requestTimeoutMs: number
  clock: Clock
  signal: AbortSignal | undefined
  log: (line: string) => void
}

/** Joins a deployment URL and a path without losing a path the URL already has. */
export function healthCheckUrl(deploymentUrl: string, path: string): string {
  return `${deploymentUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`
}

/** Carries the failed result out of the retry loop. */
class Unhealthy extends Error {
  constructor(readonly result: HealthCheckResult) {
    super(result.detail)
  }
}

/**
 * GETs `url` until it answers 2xx or `timeoutMs` passes. A fresh deployment can answer 404 or
 * 5xx for a few seconds while it propagates, so failures are retried with growing pauses.
 * Redirects are followed (a site may send `/` elsewhere); no credential is ever sent: the
 * deployment URL is not the API.
 */
export async function runHealthCheck(
  url: string,
  options: HealthCheckOptions
): Promise<HealthCheckResult> {
  const { clock, signal } = options
  const http = new HttpCore({ userAgent: 'pages-pilot-health-check', maxRedirects: 5 })
  let status = 0
  let detail = ''
  try {
    return await withRetries<HealthCheckResult>(
      {
        policy: HEALTH_CHECK_RETRY_POLICY,
        clock,
        signal,
        deadline: clock.now() + options.timeoutMs,
        onWait: (waitMs) =>
          options.log(
            `Health check: GET ${url} answered ${detail}; trying again in ${Math.round(waitMs / 1000)}s.`
          )
      },
      async (attempts) => {
        try {
          const answer = await http.exchange({
            method: 'GET',
            url,
            timeoutMs: options.requestTimeoutMs,
            signal
          })
          status = answer.status
          detail = `HTTP ${status}`
        } catch (error) {
          if (error instanceof CanceledError) throw error
          status = 0
          detail = (error as NodeJS.ErrnoException).code ?? (error as Error).message
        }
        if (status >= 200 && status < 300) {
          options.log(`Health check passed: GET ${url} answered ${status}.`)
          return { kind: 'done', value: { url, passed: true, status, attempts, detail } }
        }
        return {
          kind: 'retry',
          rateLimited: false,
          retryAfterMs: undefined,
          giveUp: () =>
            new Unhealthy({
              url,
              passed: false,
              status,
              attempts,
              detail: `GET ${url} answered ${detail} after ${attempts} attempt${attempts === 1 ? '' : 's'}; expected a 2xx status.`
            })
        }
      }
    )
  } catch (error) {
    if (error instanceof Unhealthy) return error.result
    throw error
  } finally {
    http.dispose()
  }
}
