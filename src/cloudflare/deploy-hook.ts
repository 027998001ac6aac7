import { readBody, withTimeout } from '../http/response.js'
import type { IncomingMessage } from 'node:http'
import * as core from '@actions/core'
import { HttpClient } from '@actions/http-client'
import type { Clock } from '../util/clock.js'
import { CloudflareApiError } from './errors.js'
import { CanceledError } from './transport.js'
import type { ApiEnvelope } from './types.js'
import { describeDeployment, track, type OperationContext } from '../operations/context.js'
import {
  DEFAULT_RETRY_POLICY,
  parseRetryAfter,
  RetryTracker,
  type RetryPolicy
} from '../http/retry.js'

const USER_AGENT = 'pages-pilot/0.1'

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
  const { retry, clock, signal } = options
  const http = new HttpClient(options.userAgent, [], {
    allowRedirects: false,
    allowRetries: false,
    keepAlive: false,
    socketTimeout: options.requestTimeoutMs
  })
  try {
    const tracker = new RetryTracker(retry)
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw new CanceledError()
      const outcome = await attemptOnce(http, hook, options.requestTimeoutMs, clock.now())
      if (outcome.kind === 'done') return { deploymentId: outcome.deploymentId, attempts: attempt }
      const next = tracker.failed(outcome.kind === 'rate-limited', outcome.retryAfterMs)
      const wait = next.waitMs
      const withinBudget = next.allowed
      if (!outcome.retryable || !withinBudget || wait > retry.maxDelayMs) {
        const tries = attempt > 1 ? ` after ${attempt} attempts` : ''
        throw new DeployHookError(`the deploy hook request failed${tries} (${outcome.detail}).`)
      }
      await clock.sleep(wait, signal)
    }
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
  http: HttpClient,
  hook: string,
  timeoutMs: number,
  now: number
): Promise<Attempt> {
  let message: IncomingMessage
  let text: string
  try {
    const response = await withTimeout(
      http.request('POST', hook, '', { accept: 'application/json', 'content-length': '0' }),
      timeoutMs
    )
    message = response.message
    text = await readBody(response.message, timeoutMs)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    // A refused connection never reached Cloudflare; anything else may have started a build.
    const refused = code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN'
    return {
      kind: 'failed',
      retryable: refused,
      retryAfterMs: undefined,
      detail: `no response: ${code ?? (error as Error).message}${refused ? '' : '; a build may have started anyway, so it was not sent again'}`
    }
  }
  const status = message.statusCode ?? 0
  const retryAfter = message.headers['retry-after']
  const retryAfterMs = parseRetryAfter(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter, now)
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

/**
 * `operation: trigger` with `deploy-hook-url`: starts a build through the hook (the headless
 * CMS path) and returns at once. With API credentials too, the deployment the hook created is
 * read into the outputs; without them, only its id is known.
 */
export async function triggerThroughHook(context: OperationContext): Promise<void> {
  const { settings, client, report, clock, signal } = context
  const hook = settings.deployHookUrl as string
  core.info(`Calling the deploy hook of project ${settings.projectName} (its URL is masked)...`)
  const result = await triggerDeployHook(hook, {
    requestTimeoutMs: settings.requestTimeoutMs,
    retry: DEFAULT_RETRY_POLICY,
    clock,
    signal,
    userAgent: USER_AGENT
  })
  report.deployHook = { deploymentId: result.deploymentId }
  // The hook queued a build; without the API that is all that is known about it.
  report.status = 'idle'
  const id = result.deploymentId
  if (id === undefined) {
    report.notes.push(
      'The deploy hook accepted the request but did not name the deployment it started, so deployment-id is empty.'
    )
    core.info('The deploy hook accepted the request.')
    return
  }
  core.info(`The deploy hook started deployment ${id}.`)
  if (!settings.apiAccess) return
  const project = await client.getProject(settings.projectName)
  report.project = project
  report.previousDeploymentId = project.canonical_deployment?.id
  try {
    const deployment = await client.getDeployment(settings.projectName, id)
    track(report, deployment)
    describeDeployment(deployment)
  } catch (error) {
    if (!(error instanceof CloudflareApiError && error.notFound)) throw error
    report.notes.push(
      `Deployment ${id} is not listed in project ${settings.projectName} yet: check that the hook belongs to this project.`
    )
  }
}
