import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http'
import { Readable } from 'node:stream'
import { HttpClient } from '@actions/http-client'
import type { Clock } from '../util/clock.js'
import type { Credentials } from '../settings/read-settings.js'
import { CanceledError } from '../util/canceled.js'
import { firstHeader, readBody, withTimeout } from '../http/response.js'
import type { RateBudget } from '../http/rate-budget.js'
import { parseRetryAfter, RetryTracker, type RetryPolicy } from '../http/retry.js'
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
    /** JSON already serialised, so a large upload body is not copied again. */
    | { kind: 'json-text'; text: string }
    | { kind: 'multipart'; fields: Record<string, string | FilePart> }
    /**
     * A body produced as it is sent, such as an upload read from disk piece by piece:
     * `open` is called once per attempt and must give exactly `length` bytes. When the stream
     * fails, the request is aborted (and its connection dropped) with the stream's error.
     */
    | StreamBody
  /** Sends `Authorization: Bearer <bearer>` instead of the account credentials (upload JWTs). */
  bearer?: string
  /** Overrides the policy's attempts, for callers that run their own retries. */
  attempts?: number
  /**
   * Whether sending the request twice is harmless. Non-idempotent requests are retried only
   * when Cloudflare cannot have acted on them (429, connection refused, 502/503, error 8000000).
   */
  idempotent: boolean
  context: RequestContext
}

/** See {@link ApiRequest.body}. */
export interface StreamBody {
  kind: 'stream'
  contentType: string
  /** Bytes `open()` gives, sent as the content-length. */
  length: number
  open: () => NodeJS.ReadableStream
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
  retry: RetryPolicy
  clock: Clock
  userAgent: string
  /** Aborts waits between retries when the run is cancelled. */
  signal?: AbortSignal
  /** This run's share of the account's rate limit; every attempt is counted against it. */
  budget?: RateBudget
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

export { CanceledError } from '../util/canceled.js'

/**
 * Sends requests to the Cloudflare API with authentication, a per-request timeout, envelope
 * decoding and retries. Redirects are never followed: the credentials go to the base URL only.
 */
export class Transport {
  private readonly http: HttpClient

  constructor(private readonly options: TransportOptions) {
    this.http = new HttpClient(options.userAgent, [], {
      allowRedirects: false,
      allowRetries: false,
      keepAlive: true,
      socketTimeout: options.requestTimeoutMs
    })
  }

  /** Sends `request`, retrying transient failures; resolves with the decoded result. */
  async send<T>(request: ApiRequest): Promise<ApiResponse<T>> {
    const { retry, clock, signal } = this.options
    const tracker = new RetryTracker(retry, request.attempts ?? retry.attempts)
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw new CanceledError()
      await this.options.budget?.acquire(signal)
      const outcome = await this.attempt<T>(request)
      if ('result' in outcome) return outcome
      const next = tracker.failed(outcome.kind === 'rate-limited', outcome.retryAfterMs)
      const wait = next.waitMs
      const withinBudget = next.allowed
      const retryable =
        outcome.transient && (request.idempotent || !outcome.mayHaveTakenEffect) && withinBudget
      if (!retryable || wait > retry.maxDelayMs) {
        throw new CloudflareApiError(
          request.context,
          outcome.kind,
          outcome.status,
          outcome.errors,
          wait > retry.maxDelayMs
            ? [outcome.detail, `Cloudflare asked to wait ${Math.ceil(wait / 1000)}s`]
                .filter(Boolean)
                .join('; ')
            : outcome.detail,
          attempt,
          outcome.mayHaveTakenEffect && !request.idempotent
        )
      }
      await clock.sleep(wait, signal)
    }
  }

  /** Closes kept-alive connections so that the process can exit at once. */
  dispose(): void {
    this.http.dispose()
  }

  private async attempt<T>(request: ApiRequest): Promise<ApiResponse<T> | AttemptFailure> {
    const headers: OutgoingHttpHeaders = {
      accept: 'application/json',
      ...(request.bearer ? { authorization: `Bearer ${request.bearer}` } : this.authHeaders())
    }
    let data: string | NodeJS.ReadableStream | null
    let stream: SentStream | undefined
    if (request.body?.kind === 'stream') {
      headers['content-type'] = request.body.contentType
      headers['content-length'] = request.body.length
      stream = sentStream(request.body.open())
      data = stream.data
    } else {
      const { body, contentType } = encodeBody(request.body)
      if (contentType) headers['content-type'] = contentType
      data = asRequestData(body, headers)
    }
    let message: IncomingMessage
    let text: string
    try {
      const response = await withTimeout(
        this.http.request(request.method, this.url(request), data, headers),
        this.options.requestTimeoutMs
      )
      message = response.message
      text = await readBody(message, this.options.requestTimeoutMs)
    } catch (error) {
      return transportFailure(error)
    } finally {
      stream?.finish()
    }
    return decode<T>(message, text, this.options.clock.now())
  }

  private url(request: ApiRequest): string {
    const url = new URL(this.options.baseUrl + request.path)
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value))
    }
    return url.toString()
  }

  private authHeaders(): OutgoingHttpHeaders {
    const { credentials } = this.options
    return credentials.kind === 'token'
      ? { authorization: `Bearer ${credentials.token}` }
      : { 'x-auth-key': credentials.key, 'x-auth-email': credentials.email }
  }
}

/** A stream body on its way: {@link SentStream.finish} ends what the attempt left running. */
interface SentStream {
  data: NodeJS.ReadableStream
  finish: () => void
}

/**
 * Watches a stream body as http-client pipes it into the request. `pipe` does not pass a
 * source's failure on (and http-client then ends the request short of its content-length), so
 * a failed stream destroys the request with its error: the attempt fails at once, and the
 * half-sent connection is dropped rather than reused. When the attempt ends before the stream
 * (an early answer, a timeout), the stream is destroyed so that it stops reading, and so is
 * the request, for the same reason.
 */
function sentStream(data: NodeJS.ReadableStream): SentStream {
  let request: NodeJS.WritableStream | undefined
  let failure: Error | undefined
  let ended = false
  const destroy = (target: unknown, error?: Error) => {
    const destroyable = target as { destroy?: (error?: Error) => void } | undefined
    destroyable?.destroy?.(error)
  }
  const pipe = data.pipe.bind(data)
  data.pipe = <W extends NodeJS.WritableStream>(destination: W, options?: { end?: boolean }) => {
    request = destination
    if (failure) {
      destroy(destination, failure)
      return destination
    }
    return pipe(destination, options)
  }
  data.on('end', () => {
    ended = true
  })
  data.on('error', (error: Error) => {
    failure = error
    destroy(request, error)
  })
  return {
    data,
    finish: () => {
      if (ended || failure) return
      destroy(request)
      destroy(data)
    }
  }
}

function encodeBody(body: Exclude<ApiRequest['body'], StreamBody>): {
  body: string | Buffer | null
  contentType?: string
} {
  if (!body) return { body: null }
  if (body.kind === 'json') {
    return { body: JSON.stringify(body.value), contentType: 'application/json' }
  }
  if (body.kind === 'json-text') return { body: body.text, contentType: 'application/json' }
  const boundary = `----pages-pilot-${Math.random().toString(16).slice(2)}${Date.now().toString(16)}`
  const parts: Buffer[] = []
  for (const [name, value] of Object.entries(body.fields)) {
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
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` }
}

function decode<T>(
  message: IncomingMessage,
  text: string,
  now: number
): ApiResponse<T> | AttemptFailure {
  const status = message.statusCode ?? 0
  const retryAfterMs = parseRetryAfter(firstHeader(message, 'retry-after'), now)
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
    const kind = contentKind(message, text)
    const transient = status >= 500 || (status >= 200 && status < 300)
    return failure(
      'transport',
      status,
      [],
      `unreadable ${kind} response`,
      retryAfterMs,
      status !== 502 && status !== 503,
      transient
    )
  }
  if (envelope.success && status >= 200 && status < 300) {
    return { result: envelope.result as T, resultInfo: envelope.result_info }
  }
  const errors =
    envelope.errors.length > 0 ? envelope.errors : [{ code: 0, message: 'success is false' }]
  const unknownError = errors.some((e) => e.code === ErrorCode.unknown)
  if (status >= 500) {
    return failure('api', status, errors, '', retryAfterMs, status !== 502 && status !== 503, true)
  }
  // Cloudflare's "unknown error" is the one 4xx/200 failure worth another try (wrangler retries it too).
  return failure('api', status, errors, '', retryAfterMs, false, unknownError)
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
  // A refused connection never reached the server, so even a POST may be sent again.
  const refused = code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN'
  return failure('transport', 0, [], detail, undefined, !refused, true)
}

function isEnvelope<T>(value: unknown): value is ApiEnvelope<T> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { success?: unknown }).success === 'boolean' &&
    Array.isArray((value as { errors?: unknown }).errors)
  )
}

function contentKind(message: IncomingMessage, text: string): string {
  if (text.length === 0) return 'empty'
  const type = firstHeader(message, 'content-type') ?? ''
  if (type.includes('html') || /^\s*</.test(text)) return 'HTML'
  return type.includes('json') ? 'malformed JSON' : 'non-JSON'
}

/** http-client takes strings or streams; a Buffer goes as a stream with its length set. */
function asRequestData(
  body: string | Buffer | null,
  headers: OutgoingHttpHeaders
): string | NodeJS.ReadableStream | null {
  if (!Buffer.isBuffer(body)) return body
  headers['content-length'] = body.length
  return Readable.from([body])
}
