/**
 * The `fetch` Octokit calls, over pages-pilot's {@link HttpCore}: every GitHub request gets the
 * same deadline and cancellation as a Cloudflare one, and goes through the runner's proxy.
 * The whole body is read before the `Response` is returned: Octokit swallows a body that fails
 * half-way, which would turn a stalled answer into an empty success.
 */
import type { OutgoingHttpHeaders } from 'node:http'
import { HttpCore, type HttpMethod } from '../http/http-core.js'

export interface GitHubFetchOptions {
  /** Time allowed for an answer to start, and again for its body (request-timeout). */
  timeoutMs: number
  /** Aborts every request in flight, and every later one at once. */
  signal: AbortSignal | undefined
  userAgent: string
}

/** Answers that must not carry a body, as the `Response` constructor insists. */
const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304])
const REDIRECTS = new Set([301, 302, 303, 307, 308])
const MAX_REDIRECTS = 5
const METHODS: ReadonlySet<string> = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'])
const isMethod = (method: string): method is HttpMethod => METHODS.has(method)

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>

export function createGitHubFetch(options: GitHubFetchOptions): {
  fetch: FetchLike
  dispose(): void
} {
  const http = new HttpCore({ userAgent: options.userAgent, keepAlive: true })
  const fetch: FetchLike = async (input, init = {}) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    const method = (init.method ?? 'GET').toUpperCase()
    if (!isMethod(method)) throw new TypeError(`unsupported method ${method}`)
    const headers: OutgoingHttpHeaders = {}
    new Headers(init.headers).forEach((value, name) => {
      headers[name] = value
    })
    // http-client sets the length of a string body itself.
    delete headers['content-length']
    const body = init.body
    if (body !== undefined && body !== null && typeof body !== 'string') {
      throw new TypeError('only JSON string bodies are sent to GitHub')
    }
    let answer
    let target = url
    let verb = method
    let payload =
      typeof body === 'string' ? body : verb === 'GET' || verb === 'HEAD' ? undefined : ''
    for (let redirects = 0; ; redirects++) {
      answer = await http.exchange({
        method: verb,
        url: target,
        headers,
        ...(payload === undefined ? {} : { body: payload }),
        timeoutMs: options.timeoutMs,
        signal: options.signal
      })
      const location = answer.headers.location
      if (!REDIRECTS.has(answer.status) || !location || redirects >= MAX_REDIRECTS) break
      const next = new URL(location, target)
      // As fetch does: the token goes to the origin it was given for, never further.
      if (next.origin !== new URL(target).origin) delete headers.authorization
      if (
        answer.status === 303 ||
        ((answer.status === 301 || answer.status === 302) && verb === 'POST')
      ) {
        verb = 'GET'
        payload = undefined
      }
      target = next.href
    }
    const responseHeaders = new Headers()
    for (const [name, value] of Object.entries(answer.headers)) {
      if (Array.isArray(value)) for (const item of value) responseHeaders.append(name, item)
      else if (value !== undefined) responseHeaders.set(name, value)
    }
    const empty = NULL_BODY_STATUS.has(answer.status) || method === 'HEAD'
    const response = new Response(empty ? null : answer.text, {
      status: answer.status,
      headers: responseHeaders
    })
    // Octokit copies the URL into its response; a constructed Response has none.
    Object.defineProperty(response, 'url', { value: url })
    return response
  }
  return { fetch, dispose: () => http.dispose() }
}
