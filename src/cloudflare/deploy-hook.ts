/**
 * Cloudflare Pages deploy hooks: a URL whose POST starts a build of one branch, with no other
 * credential. Used by `trigger` with `deploy-hook-url`, for the headless-CMS path.
 */
import { HttpCore } from '../http/http-core.js'
import { parseRetryAfter, withRetries, type RetryPolicy } from '../http/retry.js'
import { CanceledError } from '../util/canceled.js'
import type { Clock } from '../util/clock.js'
import { header, neverSent } from './transport.js'
import type { ApiEnvelope } from './types.js'

/** Where Cloudflare's Pages deploy hooks live. */
const HOOK_PATH = '/pages/webhooks/deploy_hooks/'
const PUBLIC_HOOK_PREFIX = `https://api.cloudflare.com/client/v4${HOOK_PATH}`
const HOOK_ID = /^[A-Za-z0-9_-]{8,128}$/
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

/** A validated deploy hook: the URL to POST and its id (the secret part). */
export interface DeployHook {
  url: string
  hookId: string
}

/**
 * Checks a `deploy-hook-url`. Only Cloudflare's own hook URLs are accepted, so the hook never
 * sends a request anywhere else; the one exception is a loopback API base URL (the emulator),
 * whose hook URLs start with that base. Returns the reason when refused. The reason never
 * quotes the URL: it is a secret.
 */
export function parseDeployHookUrl(text: string, apiBaseUrl: string): DeployHook | string {
  const expected = `expected ${PUBLIC_HOOK_PREFIX}<hook id>, as Settings › Builds › Deploy hooks shows it (the URL itself is not repeated here: it is a secret).`
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return `not a URL; ${expected}`
  }
  if (url.username || url.password || url.search || url.hash) {
    return `must not carry credentials, a query or a fragment; ${expected}`
  }
  const plain = url.toString()
  const base = apiBaseUrl.replace(/\/+$/, '')
  const emulated = isLoopback(base) && plain.startsWith(`${base}${HOOK_PATH}`)
  const prefix = emulated ? `${base}${HOOK_PATH}` : PUBLIC_HOOK_PREFIX
  if (!plain.startsWith(prefix)) {
    return `is not a Cloudflare Pages deploy hook URL; ${expected}`
  }
  const hookId = plain.slice(prefix.length)
  if (!HOOK_ID.test(hookId)) return `does not end with a deploy hook id; ${expected}`
  return { url: plain, hookId }
}

function isLoopback(base: string): boolean {
  try {
    return LOOPBACK_HOSTS.has(new URL(base).hostname)
  } catch {
    return false
  }
}

/** What the hook answered: the id of the deployment it created, when it says. */
export interface DeployHookResult {
  deploymentId: string | undefined
  attempts: number
}

export interface DeployHookOptions {
  requestTimeoutMs: number
  retry: RetryPolicy
  clock: Clock
  signal: AbortSignal | undefined
  userAgent: string
}

/** A deploy hook that did not start a deployment. The message never contains the URL. */
export class DeployHookError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DeployHookError'
  }
}

/**
 * POSTs to a deploy hook, which starts a build of the hook's branch. No credentials are sent:
 * the hook URL is its own credential. Like any request that creates something, it is sent
 * again only when Cloudflare cannot have acted on it (429, 502, 503, connection refused), so
 * a retry never starts a second build.
 */
export async function triggerDeployHook(
  hook: string,
  options: DeployHookOptions
): Promise<DeployHookResult> {
  const { clock, signal } = options
  const http = new HttpCore({ userAgent: options.userAgent })
  const failed = (attempts: number, detail: string): DeployHookError =>
    new DeployHookError(
      `the deploy hook request failed${attempts > 1 ? ` after ${attempts} attempts` : ''} (${detail}).`
    )
  try {
    return await withRetries<DeployHookResult>(
      { policy: options.retry, clock, signal },
      async (attempt) => {
        const outcome = await attemptOnce(http, hook, options.requestTimeoutMs, clock.now(), signal)
        if (outcome.kind === 'done') {
          return { kind: 'done', value: { deploymentId: outcome.deploymentId, attempts: attempt } }
        }
        if (!outcome.retryable) return { kind: 'fail', error: failed(attempt, outcome.detail) }
        return {
          kind: 'retry',
          rateLimited: outcome.kind === 'rate-limited',
          retryAfterMs: outcome.retryAfterMs,
          giveUp: (why) => failed(why.attempts, outcome.detail)
        }
      }
    )
  } finally {
    http.dispose()
  }
}

type Attempt =
  | { kind: 'done'; deploymentId: string | undefined }
  | {
      kind: 'rate-limited' | 'failed'
      retryable: boolean
      retryAfterMs: number | undefined
      detail: string
    }

async function attemptOnce(
  http: HttpCore,
  hook: string,
  timeoutMs: number,
  now: number,
  signal: AbortSignal | undefined
): Promise<Attempt> {
  let status: number
  let text: string
  let retryAfter: string | undefined
  try {
    const answer = await http.exchange({
      method: 'POST',
      url: hook,
      headers: { accept: 'application/json', 'content-length': '0' },
      timeoutMs,
      signal
    })
    status = answer.status
    text = answer.text
    retryAfter = header(answer.headers, 'retry-after')
  } catch (error) {
    if (error instanceof CanceledError) throw error
    const code = (error as NodeJS.ErrnoException).code
    // A refused connection never reached Cloudflare; anything else may have started a build.
    const refused = neverSent(code)
    return {
      kind: 'failed',
      retryable: refused,
      retryAfterMs: undefined,
      detail: `no response: ${code ?? (error as Error).message}${refused ? '' : '; a build may have started anyway, so it was not sent again'}`
    }
  }
  const retryAfterMs = parseRetryAfter(retryAfter, now)
  let envelope: ApiEnvelope<{ id?: unknown }> | undefined
  try {
    envelope = JSON.parse(text) as ApiEnvelope<{ id?: unknown }>
  } catch {
    envelope = undefined
  }
  if (status === 429) {
    return { kind: 'rate-limited', retryable: true, retryAfterMs, detail: 'HTTP 429, rate limited' }
  }
  if (status >= 200 && status < 300 && envelope?.success === true) {
    const id = envelope.result?.id
    return { kind: 'done', deploymentId: typeof id === 'string' && id ? id : undefined }
  }
  const codes = (Array.isArray(envelope?.errors) ? envelope.errors : [])
    .map((e) => `Cloudflare error ${e.code}: ${e.message}`)
    .join('; ')
  const hint =
    status === 404
      ? '. Cloudflare does not know this hook: it was deleted or the URL is incomplete; copy it again from Settings › Builds › Deploy hooks'
      : ''
  return {
    kind: 'failed',
    retryable: status === 502 || status === 503,
    retryAfterMs,
    detail: `HTTP ${status}${codes ? `, ${codes}` : envelope ? '' : ', unreadable response'}${hint}`
  }
}
