/**
 * Requests to the Cloudflare v4 API: authentication, envelope decoding, retries and the rate
 * budget, over the {@link HttpCore}. Redirects are never followed: the credentials go to the
 * base URL only.
 */
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http'
import { HttpCore, type StreamedBody } from '../http/http-core.js'
import type { RateBudget } from '../http/rate-budget.js'
import {
  API_RETRY_POLICY,
  parseRetryAfter,
  withRetries,
  type Attempt,
  type GiveUp,
  type RetryPolicy
} from '../http/retry.js'
import { CanceledError } from '../util/canceled.js'
import type { Clock } from '../util/clock.js'
import { authHeaders, type Credentials } from './credentials.js'
import { CloudflareApiError, type FailureKind, type RequestContext } from './errors.js'
import { ErrorCode, type ApiEnvelope, type ApiMessage, type ResultInfo } from './types.js'

/** One call to the v4 API. */
export interface ApiRequest {
  method: 'GET' | 'POST' | 'DELETE' | 'PATCH'
  /** Path under the API base URL, starting with `/`. */
  path: string
  query?: Record<string, string | number | undefined>
  body?:
    | { kind: 'json'; value: unknown }
    | { kind: 'multipart'; fields: Record<string, string | FilePart> }
    /**
     * A body produced as it is sent, such as an upload read from disk piece by piece: `open`
     * is called once per attempt and must give exactly `length` bytes.
     */
    | ({ kind: 'stream'; contentType: string } & StreamedBody)
  /** Sends `Authorization: Bearer <bearer>` instead of the account credentials (upload JWTs). */
  bearer?: string
  /** Replaces the transport's retry policy, for callers that run their own retries. */
  policy?: RetryPolicy
  /**
   * Whether sending the request twice is harmless. Non-idempotent requests are retried only
   * when Cloudflare cannot have acted on them (429, a connection refused or a host not found);
   * any other failure leaves them ambiguous, for the caller to look before sending again.
   */
  idempotent: boolean
  context: RequestContext
}

/** A file sent as a multipart part with a file name, such as `_headers`. */
export interface FilePart {
  filename: string
  content: Buffer
  contentType: string
}

/** A decoded successful answer. */
export interface ApiResponse<T> {
  result: T
  resultInfo: ResultInfo | undefined
}

export interface TransportOptions {
  baseUrl: string
  credentials: Credentials
  requestTimeoutMs: number
  retry?: RetryPolicy
  clock: Clock
  userAgent: string
  /** Aborts requests and waits between retries when the run is cancelled. */
  signal?: AbortSignal | undefined
  /** This run's share of the account's rate limit; every attempt is counted against it. */
  budget?: RateBudget | undefined
}

/** One attempt's outcome when it did not succeed. */
interface AttemptFailure {
  kind: FailureKind
  status: number
  errors: ApiMessage[]
  detail: string
  retryAfterMs: number | undefined
  /** The request may have been acted on. */
  mayHaveTakenEffect: boolean
  /** A retry is useful at all (false for 4xx other than 429). */
  transient: boolean
}

export class Transport {
  private readonly http: HttpCore

  constructor(private readonly options: TransportOptions) {
    this.http = new HttpCore({ userAgent: options.userAgent, keepAlive: true })
  }

  /** Sends `request`, retrying transient failures; resolves with the decoded result. */
  async send<T>(request: ApiRequest): Promise<ApiResponse<T>> {
    const { clock, signal, budget } = this.options
    const policy = request.policy ?? this.options.retry ?? API_RETRY_POLICY
    return withRetries<ApiResponse<T>>({ policy, clock, signal }, async (attempt) => {
      await budget?.acquire(signal)
      const outcome = await this.attempt<T>(request)
      if ('result' in outcome) return { kind: 'done', value: outcome }
      return this.judge(request, outcome, attempt)
    })
  }

  /** Closes kept-alive connections so that the process can exit at once. */
  dispose(): void {
    this.http.dispose()
  }

  /** Whether a failed attempt is worth another, and the error to throw when it is not. */
  private judge<T>(
    request: ApiRequest,
    outcome: AttemptFailure,
    attempt: number
  ): Attempt<ApiResponse<T>> {
    const error = (attempts: number, detail = outcome.detail): CloudflareApiError =>
      new CloudflareApiError(
        request.context,
        outcome.kind,
        outcome.status,
        outcome.errors,
        detail,
        attempts,
        outcome.mayHaveTakenEffect && !request.idempotent
      )
    const retryable = outcome.transient && (request.idempotent || !outcome.mayHaveTakenEffect)
    if (!retryable) return { kind: 'fail', error: error(attempt) }
    return {
      kind: 'retry',
      rateLimited: outcome.kind === 'rate-limited',
      retryAfterMs: outcome.retryAfterMs,
      giveUp: (why: GiveUp) =>
        why.reason === 'too-long'
          ? error(
              why.attempts,
              [outcome.detail, `Cloudflare asked to wait ${Math.ceil(why.waitMs / 1000)}s`]
                .filter(Boolean)
                .join('; ')
            )
          : error(why.attempts)
    }
  }

  private async attempt<T>(request: ApiRequest): Promise<ApiResponse<T> | AttemptFailure> {
    const headers: OutgoingHttpHeaders = {
      accept: 'application/json',
      ...(request.bearer
        ? { authorization: `Bearer ${request.bearer}` }
        : authHeaders(this.options.credentials))
    }
    const body = encodeBody(request.body, headers)
    try {
      const answer = await this.http.exchange({
        method: request.method,
        url: this.url(request),
        headers,
        ...(body === undefined ? {} : { body }),
        timeoutMs: this.options.requestTimeoutMs,
        signal: this.options.signal
      })
      return decode<T>(answer.status, answer.headers, answer.text, this.options.clock.now())
    } catch (error) {
      if (error instanceof CanceledError) throw error
      return transportFailure(error)
    }
  }

  private url(request: ApiRequest): string {
    const url = new URL(this.options.baseUrl + request.path)
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value))
    }
    return url.toString()
  }
}

function encodeBody(
  body: ApiRequest['body'],
  headers: OutgoingHttpHeaders
): string | Buffer | StreamedBody | undefined {
  if (!body) return undefined
  if (body.kind === 'json') {
    headers['content-type'] = 'application/json'
    return JSON.stringify(body.value)
  }
  if (body.kind === 'stream') {
    headers['content-type'] = body.contentType
    return { length: body.length, open: body.open }
  }
  const boundary = `----pages-pilot-${Math.random().toString(16).slice(2)}${Date.now().toString(16)}`
  headers['content-type'] = `multipart/form-data; boundary=${boundary}`
  return multipartBody(body.fields, boundary)
}

/** A `multipart/form-data` body: string fields as plain parts, files with a name and type. */
export function multipartBody(fields: Record<string, string | FilePart>, boundary: string): Buffer {
  const parts: Buffer[] = []
  for (const [name, value] of Object.entries(fields)) {
    const head =
      typeof value === 'string'
        ? `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n`
        : `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${value.filename}"\r\nContent-Type: ${value.contentType}\r\n\r\n`
    parts.push(
      Buffer.from(head),
      typeof value === 'string' ? Buffer.from(value) : value.content,
      Buffer.from('\r\n')
    )
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`))
  return Buffer.concat(parts)
}

function decode<T>(
  status: number,
  headers: IncomingHttpHeaders,
  text: string,
  now: number
): ApiResponse<T> | AttemptFailure {
  const retryAfterMs = parseRetryAfter(header(headers, 'retry-after'), now)
  let envelope: ApiEnvelope<T> | undefined
  try {
    const parsed: unknown = JSON.parse(text)
    if (isEnvelope<T>(parsed)) envelope = parsed
  } catch {
    // Not JSON: gateways answer with HTML pages; handled below.
  }
  if (status === 429) {
    const errors = envelope?.errors ?? []
    const detail = errors.length > 0 ? '' : 'rate limited'
    return failure('rate-limited', status, errors, detail, retryAfterMs, false, true)
  }
  if (!envelope) {
    const kind = contentKind(header(headers, 'content-type'), text)
    const transient = status >= 500 || (status >= 200 && status < 300)
    // A short line of plain text is what some endpoints answer (403 `Expired JWT`): say it.
    const said =
      kind === 'non-JSON' && /^[^\r\n<]{1,120}$/.test(text.trim()) ? `: ${text.trim()}` : ''
    // Any answer but a 429 may come after the API acted: a gateway's 502 or 503 included.
    return failure(
      'transport',
      status,
      [],
      `unreadable ${kind} response${said}`,
      retryAfterMs,
      true,
      transient
    )
  }
  if (envelope.success && status >= 200 && status < 300) {
    return { result: envelope.result as T, resultInfo: envelope.result_info }
  }
  const errors =
    envelope.errors.length > 0 ? envelope.errors : [{ code: 0, message: 'success is false' }]
  const unknownError = errors.some((e) => e.code === ErrorCode.unknown)
  if (status >= 500) return failure('api', status, errors, '', retryAfterMs, true, true)
  // Cloudflare's "unknown error" is the one 4xx/200 failure worth another try (wrangler retries
  // it too), and it may come after the deployment was made: a creation looks before resending.
  return failure('api', status, errors, '', retryAfterMs, unknownError, unknownError)
}

function failure(
  kind: FailureKind,
  status: number,
  errors: ApiMessage[],
  detail: string,
  retryAfterMs: number | undefined,
  mayHaveTakenEffect: boolean,
  transient: boolean
): AttemptFailure {
  return { kind, status, errors, detail, retryAfterMs, mayHaveTakenEffect, transient }
}

function transportFailure(error: unknown): AttemptFailure {
  const code = (error as NodeJS.ErrnoException).code
  // Node's own messages name the code ("read ECONNRESET"); ours say what happened ("body cut short").
  const detail = error instanceof Error && error.message ? error.message : (code ?? String(error))
  return failure('transport', 0, [], detail, undefined, !neverSent(code), true)
}

/** Codes that prove the request never reached the server, so even a POST may be sent again. */
export function neverSent(code: string | undefined): boolean {
  return code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN'
}

function isEnvelope<T>(value: unknown): value is ApiEnvelope<T> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { success?: unknown }).success === 'boolean' &&
    Array.isArray((value as { errors?: unknown }).errors)
  )
}

function contentKind(type: string | undefined, text: string): string {
  if (text.length === 0) return 'empty'
  if ((type ?? '').includes('html') || /^\s*</.test(text)) return 'HTML'
  return (type ?? '').includes('json') ? 'malformed JSON' : 'non-JSON'
}

/** A header's first value. */
export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name]
  return Array.isArray(value) ? value[0] : value
}
