/**
 * One request to a deployment's site, the piece shared by the health check and the smoke
 * checks: a GET that follows redirects only within the deployment's own hosts, so that neither
 * the request nor the headers given for it (an Access service token) ever reach another host.
 */
import type { HttpCore } from '../http/http-core.js'
import { CanceledError } from '../util/canceled.js'

/** Redirects followed within the deployment's hosts before the answer counts as it is. */
export const MAX_REDIRECTS = 5

export interface SiteRequest {
  url: string
  /**
   * The deployment's own hosts (`host` or `host:port`), lowercased: its URL's, its aliases',
   * the project's domains. A redirect is followed, and a header sent, only to one of them.
   */
  hosts: ReadonlySet<string>
  /** Sent with each request to one of `hosts` (`smoke-headers`); never elsewhere. */
  headers: Readonly<Record<string, string>>
  /** Off when the redirect itself is what is checked (`-> LOCATION`, a 3xx status). */
  followRedirects: boolean
  timeoutMs: number
  signal: AbortSignal | undefined
  /** Milliseconds on a monotonic clock: the time an answer took is measured, not waited. */
  elapsed: () => number
}

/** What the site answered; `status` 0 when no answer arrived. */
export interface SiteAnswer {
  status: number
  /** The `Location` of the last answer, resolved against the URL that gave it. */
  location: string | undefined
  body: string
  /** The URL of the last answer (after the redirects followed). */
  finalUrl: string
  /** `HTTP 404`, `ECONNREFUSED`, or why a redirect was not followed. */
  detail: string
  /** From the first request sent to the last answer's whole body. */
  ms: number
}

/** Sends `request`; a network error is an answer of status 0, a cancel is thrown. */
export async function requestSite(http: HttpCore, request: SiteRequest): Promise<SiteAnswer> {
  const start = request.elapsed()
  let at = request.url
  let status = 0
  let detail = ''
  let location: string | undefined
  let body = ''
  try {
    for (let redirects = 0; ; redirects++) {
      const host = new URL(at).host.toLowerCase()
      const answer = await http.exchange({
        method: 'GET',
        url: at,
        // Belt and braces: `at` is always one of the hosts, the first URL included.
        headers: request.hosts.has(host) ? { ...request.headers } : {},
        timeoutMs: request.timeoutMs,
        signal: request.signal
      })
      status = answer.status
      body = answer.text
      detail = `HTTP ${status}`
      const header = answer.headers.location
      location = typeof header === 'string' ? new URL(header, at).href : undefined
      if (status < 300 || status >= 400 || location === undefined || !request.followRedirects) {
        break
      }
      const next = new URL(location)
      if (!request.hosts.has(next.host.toLowerCase()) || !/^https?:$/.test(next.protocol)) {
        detail = `HTTP ${status}, a redirect to ${next.origin}, which is not one of the deployment's hosts`
        break
      }
      if (redirects === MAX_REDIRECTS) {
        detail = `HTTP ${status} after ${MAX_REDIRECTS} redirects`
        break
      }
      at = next.href
    }
  } catch (error) {
    if (error instanceof CanceledError) throw error
    status = 0
    location = undefined
    body = ''
    detail = (error as NodeJS.ErrnoException).code ?? (error as Error).message
  }
  return { status, location, body, finalUrl: at, detail, ms: request.elapsed() - start }
}

/** A monotonic clock in milliseconds, for {@link SiteRequest.elapsed}. */
export function monotonicMs(): number {
  return performance.now()
}
