/**
 * The one HTTP core behind every outbound call: the Cloudflare API and asset endpoints, deploy
 * hooks, the health check and GitHub. It keeps `@actions/http-client` (which routes through the
 * runner's proxy) and adds what it lacks: a deadline on every exchange, cancellation that drops
 * the connection at once, and a body reader that rejects instead of hanging.
 */
import type { IncomingHttpHeaders, OutgoingHttpHeaders, RequestOptions } from 'node:http'
import { Readable } from 'node:stream'
import { HttpClient } from '@actions/http-client'
import type { RequestHandler } from '@actions/http-client/lib/interfaces'
import { CanceledError } from '../util/canceled.js'
import { httpError, readBody } from './response.js'

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD'

/** A body produced as it is sent; `open` is called once per exchange and gives `length` bytes. */
export interface StreamedBody {
  length: number
  open: () => NodeJS.ReadableStream
}

export interface HttpExchange {
  method: HttpMethod
  url: string
  headers?: OutgoingHttpHeaders
  body?: string | Buffer | StreamedBody
  /**
   * Longest silence allowed: while the body is sent, no byte of it taken for this long; once
   * it is sent, no byte of the answer for this long. Past it, the connection is dropped and the
   * exchange fails with code ETIMEDOUT. A large body on a slow link takes as long as it takes.
   */
  timeoutMs: number
  /** Aborts the exchange at once with a {@link CanceledError}. */
  signal?: AbortSignal | undefined
}

export interface HttpAnswer {
  status: number
  headers: IncomingHttpHeaders
  /** The body as UTF-8 text. */
  text: string
  /** The body as it arrived (a download). */
  bytes: Buffer
}

export interface HttpCoreOptions {
  userAgent: string
  /** Redirects followed; 0 (the default) never follows one, so credentials go nowhere else. */
  maxRedirects?: number
  keepAlive?: boolean
}

/** Where a request's abort signal rides from {@link HttpCore.exchange} to Node's request. */
const SIGNAL_KEY_HEADER = 'x-pages-pilot-signal'

/**
 * http-client builds Node's request options itself; its handler hook is the public way in. The
 * signal's key travels as a header (removed here), so redirected requests get it too.
 */
class SignalHandler implements RequestHandler {
  private readonly signals = new Map<string, AbortSignal>()
  private next = 0

  attach(signal: AbortSignal): string {
    const key = String(++this.next)
    this.signals.set(key, signal)
    return key
  }

  release(key: string): void {
    this.signals.delete(key)
  }

  prepareRequest(options: RequestOptions): void {
    const headers = options.headers as Record<string, unknown> | undefined
    const key = headers?.[SIGNAL_KEY_HEADER]
    if (!headers || typeof key !== 'string') return
    delete headers[SIGNAL_KEY_HEADER]
    const signal = this.signals.get(key)
    if (signal) options.signal = signal
  }

  canHandleAuthentication(): boolean {
    return false
  }

  handleAuthentication(): never {
    throw new Error('pages-pilot handles authentication itself')
  }
}

export class HttpCore {
  private readonly http: HttpClient
  private readonly signals = new SignalHandler()

  constructor(options: HttpCoreOptions) {
    const maxRedirects = options.maxRedirects ?? 0
    this.http = new HttpClient(options.userAgent, [this.signals], {
      allowRedirects: maxRedirects > 0,
      maxRedirects,
      allowRetries: false,
      keepAlive: options.keepAlive ?? false
    })
  }

  /** Sends one request and reads its whole answer, within the deadline. */
  async exchange(request: HttpExchange): Promise<HttpAnswer> {
    const controller = new AbortController()
    const onCancel = (): void => controller.abort(new CanceledError())
    if (request.signal?.aborted) throw new CanceledError()
    request.signal?.addEventListener('abort', onCancel, { once: true })
    const silence = new Silence(controller, request.timeoutMs)
    const key = this.signals.attach(controller.signal)
    const headers: OutgoingHttpHeaders = { ...request.headers, [SIGNAL_KEY_HEADER]: key }
    const sent = bodyOf(request.body, headers, silence)
    try {
      const response = await this.http.request(request.method, request.url, sent.data, headers)
      silence.moved('reading')
      const bytes = await readBody(response.message, controller.signal, () =>
        silence.moved('reading')
      )
      return {
        status: response.message.statusCode ?? 0,
        headers: response.message.headers,
        bytes,
        get text() {
          return bytes.toString('utf8')
        }
      }
    } catch (error) {
      // An abort surfaces as Node's AbortError; the reason says which deadline or cancel it was.
      if (controller.signal.aborted) throw reasonOf(controller.signal)
      throw sent.failure() ?? error
    } finally {
      silence.stop()
      request.signal?.removeEventListener('abort', onCancel)
      this.signals.release(key)
      sent.finish()
    }
  }

  /** Closes kept-alive connections so that the process can exit at once. */
  dispose(): void {
    this.http.dispose()
  }
}

/**
 * The exchange's deadline, which measures silence: each byte that moves (a piece of the body
 * taken by the connection, a piece of the answer) starts it again. Until the body has moved
 * at all, or once it is all sent, the silence is the wait for the answer.
 *
 * "Taken by the connection" is what Node can see: the operating system buffers the last
 * megabytes of a body (several on a fast local socket) and sends them at the link's pace after
 * the body has ended here. So the wait for the answer starts only once that tail could have
 * gone out at the pace the body was last taken at.
 */
class Silence {
  private timer: NodeJS.Timeout | undefined
  private phase: 'waiting' | 'sending' | 'reading' = 'waiting'
  private lastArm = 0
  private sentBytes = 0
  /** (time, bytes sent) at most every 50 ms while sending, for the pace at the end. */
  private readonly samples: Array<[number, number]> = []

  constructor(
    private readonly controller: AbortController,
    private readonly ms: number
  ) {
    this.arm(0)
  }

  /** Something moved; the timer is re-armed at most every few milliseconds, not per piece. */
  moved(phase: 'sending' | 'reading', bytes = 0): void {
    this.phase = phase
    const now = performance.now()
    if (phase === 'sending') {
      this.sentBytes += bytes
      const last = this.samples.at(-1)
      if (!last || now - last[0] >= 50) this.samples.push([now, this.sentBytes])
    }
    if (now - this.lastArm < 5) return
    this.lastArm = now
    this.arm(0)
  }

  /** The body is all handed over: what follows is the wait for the answer. */
  sent(): void {
    this.phase = 'waiting'
    this.arm(this.drainMs())
  }

  stop(): void {
    clearTimeout(this.timer)
  }

  /** How long the buffered tail of the body may take to leave, at the pace it was last taken. */
  private drainMs(): number {
    const end = this.samples.at(-1)
    if (!end) return 0
    const from = this.samples.find(([time]) => end[0] - time <= 1_000) ?? end
    const seconds = (end[0] - from[0]) / 1000
    if (seconds < 0.2) return 0 // Taken at once: the link is fast, or the body small.
    const pace = (end[1] - from[1]) / seconds
    return Math.min(MAX_DRAIN_MS, (Math.min(this.sentBytes, MAX_BUFFERED_BYTES) / pace) * 1000)
  }

  private arm(extraMs: number): void {
    clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      const what =
        this.phase === 'sending'
          ? `the request body stopped moving for ${this.ms}ms`
          : this.phase === 'reading'
            ? `the answer stopped arriving for ${this.ms}ms`
            : `no response within ${this.ms}ms`
      this.controller.abort(httpError('ETIMEDOUT', what))
    }, this.ms + extraMs)
  }
}

/** Most of a body the operating system may still hold after it was handed over. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024
/** Longest wait added for that tail to leave. */
const MAX_DRAIN_MS = 10 * 60_000

function reasonOf(signal: AbortSignal): Error {
  const reason: unknown = signal.reason
  return reason instanceof Error ? reason : new Error(String(reason))
}

/** A request body on its way, and how to end what an exchange left running. */
interface SentBody {
  data: string | NodeJS.ReadableStream | null
  /** The body stream's own failure (a file that could not be read), which explains the rest. */
  failure: () => Error | undefined
  finish: () => void
}

/** Pieces a buffer body is sent in, so that its progress can be seen. */
const PIECE_BYTES = 64 * 1024

function bodyOf(
  body: HttpExchange['body'],
  headers: OutgoingHttpHeaders,
  silence: Silence
): SentBody {
  const none = { failure: () => undefined, finish: () => undefined }
  if (body === undefined) return { data: null, ...none }
  if (typeof body === 'string') return { data: body, ...none }
  headers['content-length'] = body.length
  const stream = Buffer.isBuffer(body) ? Readable.from(pieces(body)) : body.open()
  // The body is read as fast as the connection takes it (pipe waits for the socket to drain),
  // so each piece read is a piece that moved.
  stream.on('data', (piece: Buffer | string) => silence.moved('sending', piece.length))
  stream.on('end', () => silence.sent())
  return watchedStream(stream)
}

function* pieces(body: Buffer): Generator<Buffer> {
  for (let start = 0; start < body.length; start += PIECE_BYTES) {
    yield body.subarray(start, start + PIECE_BYTES)
  }
}

/**
 * Watches a stream body as http-client pipes it into the request. `pipe` does not pass a
 * source's failure on (and http-client then ends the request short of its content-length), so
 * a failed stream destroys the request with its error: the exchange fails at once, and the
 * half-sent connection is dropped rather than reused. When the exchange ends before the stream
 * (an early answer, a deadline), the stream is destroyed so that it stops reading, and so is the
 * request, for the same reason.
 */
function watchedStream(data: NodeJS.ReadableStream): SentBody {
  let request: NodeJS.WritableStream | undefined
  let failure: Error | undefined
  let ended = false
  const destroy = (target: unknown, error?: Error): void => {
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
    failure: () => failure,
    finish: () => {
      if (ended || failure) return
      destroy(request)
      destroy(data)
    }
  }
}
