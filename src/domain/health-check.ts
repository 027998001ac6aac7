import { HttpCore } from '../http/http-core.js'
import { HEALTH_CHECK_RETRY_POLICY, withRetries } from '../http/retry.js'
import type { Clock } from '../util/clock.js'
import { monotonicMs, requestSite } from './site-request.js'

/** How a failed health check begins the run's failure, and so the GitHub statuses it writes. */
export const HEALTH_FAILURE = 'health check failed'
/** How failed smoke checks begin it. */
export const SMOKE_FAILURE = 'smoke checks failed'

/** Whether a failure (or a GitHub status that quotes one) says the site failed its checks. */
export function isSiteCheckFailure(text: string): boolean {
  return text.startsWith(HEALTH_FAILURE) || text.startsWith(SMOKE_FAILURE)
}

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
  /**
   * The deployment's own hosts (`host` or `host:port`): its URL's, its aliases', the project's
   * domains. A redirect is followed only to one of them.
   */
  hosts: readonly string[]
  /** `smoke-headers`, sent to the deployment's hosts only. */
  headers?: Readonly<Record<string, string>>
}

/** The hosts of a deployment that a health check may be sent to, for {@link HealthCheckOptions}. */
export function deploymentHosts(urls: readonly string[], domains: readonly string[]): string[] {
  const hosts = new Set<string>()
  for (const url of urls) {
    try {
      hosts.add(new URL(url).host.toLowerCase())
    } catch {
      // An alias that is no URL names no host.
    }
  }
  for (const domain of domains) hosts.add(domain.toLowerCase())
  return [...hosts]
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
 * Redirects are followed within the deployment's own hosts (a site may send `/` to `/en/`); a
 * redirect elsewhere is the answer, since the deployment did not serve the page. No credential
 * of the API is ever sent (the deployment URL is not the API); `smoke-headers` go to the
 * deployment's own hosts only.
 */
export async function runHealthCheck(
  url: string,
  options: HealthCheckOptions
): Promise<HealthCheckResult> {
  const { clock, signal } = options
  const http = new HttpCore({ userAgent: 'pages-pilot-health-check' })
  const hosts = new Set(options.hosts.map((host) => host.toLowerCase()))
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
        const answer = await requestSite(http, {
          url,
          hosts,
          headers: options.headers ?? {},
          followRedirects: true,
          timeoutMs: options.requestTimeoutMs,
          signal,
          elapsed: monotonicMs
        })
        status = answer.status
        detail = answer.detail
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
