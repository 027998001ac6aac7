import type { IncomingMessage } from 'node:http'

/**
 * Reads a response body to its end. Unlike `HttpClientResponse.readBody`, which never rejects,
 * it rejects when the connection drops mid-body, when fewer bytes arrive than announced, and
 * as soon as `signal` aborts (a deadline or a cancel), with the signal's reason.
 */
export function readBody(
  message: IncomingMessage,
  signal: AbortSignal,
  progress: () => void = () => undefined
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let received = 0
    let settled = false
    const expected = Number(firstHeader(message, 'content-length') ?? NaN)
    const onAbort = (): void => fail(reasonOf(signal))
    function finish(): void {
      settled = true
      signal.removeEventListener('abort', onAbort)
    }
    function fail(error: Error): void {
      if (settled) return
      finish()
      message.destroy()
      reject(error)
    }
    if (signal.aborted) return onAbort()
    signal.addEventListener('abort', onAbort, { once: true })
    message.on('data', (chunk: Buffer) => {
      chunks.push(chunk)
      received += chunk.length
      progress()
    })
    message.on('error', fail)
    message.on('aborted', () => fail(httpError('ECONNRESET', 'connection reset mid-body')))
    message.on('end', () => {
      if (settled) return
      if (Number.isFinite(expected) && received < expected) {
        fail(httpError('ETRUNCATED', `body cut short (${received} of ${expected} bytes)`))
        return
      }
      finish()
      resolve(Buffer.concat(chunks))
    })
    message.on('close', () => {
      if (!message.complete) fail(httpError('ECONNRESET', 'connection closed mid-body'))
    })
  })
}

/** A response header's first value. */
export function firstHeader(message: IncomingMessage, name: string): string | undefined {
  const value = message.headers[name]
  return Array.isArray(value) ? value[0] : value
}

/** A transport failure with a Node-style `code` and a message that says what happened. */
export function httpError(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code })
}

function reasonOf(signal: AbortSignal): Error {
  const reason: unknown = signal.reason
  return reason instanceof Error ? reason : new Error(String(reason))
}
