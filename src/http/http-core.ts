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
   * Time allowed for the answer to start, and again for its body to arrive: past it, the
   * connection is dropped and the exchange fails with code ETIMEDOUT.
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
    let timer = deadline(controller, request.timeoutMs, `no response within ${request.timeoutMs}ms`)
    const key = this.signals.attach(controller.signal)
    const headers: OutgoingHttpHeaders = { ...request.headers, [SIGNAL_KEY_HEADER]: key }
    const sent = bodyOf(request.body, headers)
    try {
      const response = await this.http.request(request.method, request.url, sent.data, headers)
      clearTimeout(timer)
      timer = deadline(controller, request.timeoutMs, 'body timed out')
      const bytes = await readBody(response.message, controller.signal)
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
      clearTimeout(timer)
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

function deadline(controller: AbortController, ms: number, message: string): NodeJS.Timeout {
  return setTimeout(() => controller.abort(httpError('ETIMEDOUT', message)), ms)
}

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

function bodyOf(body: HttpExchange['body'], headers: OutgoingHttpHeaders): SentBody {
  const none = { failure: () => undefined, finish: () => undefined }
  if (body === undefined) return { data: null, ...none }
  if (typeof body === 'string') return { data: body, ...none }
  if (Buffer.isBuffer(body)) {
    headers['content-length'] = body.length
    return { data: Readable.from([body]), ...none }
  }
  headers['content-length'] = body.length
  return watchedStream(body.open())
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
