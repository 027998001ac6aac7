import type { IncomingMessage } from 'node:http'

/**
 * Reading HTTP answers without hanging: http-client's own `readBody` never rejects, so a
 * connection dropped mid-body would leave it waiting forever.
 */

/**
 * Reads a response body to its end. Unlike `HttpClientResponse.readBody`, it rejects when the
 * connection drops mid-body, when fewer bytes arrive than announced, and when the body stalls.
 */
export function readBody(message: IncomingMessage, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let received = 0
    const expected = Number(firstHeader(message, 'content-length') ?? NaN)
    const timer = setTimeout(
      () => fail(Object.assign(new Error('body timed out'), { code: 'ETIMEDOUT' })),
      timeoutMs
    )
    function fail(error: Error): void {
      clearTimeout(timer)
      message.destroy()
      reject(error)
    }
    message.on('data', (chunk: Buffer) => {
      chunks.push(chunk)
      received += chunk.length
    })
    message.on('error', fail)
    message.on('aborted', () =>
      fail(Object.assign(new Error('connection reset mid-body'), { code: 'ECONNRESET' }))
    )
    message.on('end', () => {
      clearTimeout(timer)
      if (Number.isFinite(expected) && received < expected) {
        reject(
          Object.assign(new Error(`body cut short (${received} of ${expected} bytes)`), {
            code: 'ETRUNCATED'
          })
        )
      } else {
        resolve(Buffer.concat(chunks).toString('utf8'))
      }
    })
    message.on('close', () => {
      if (!message.complete)
        fail(Object.assign(new Error('connection closed mid-body'), { code: 'ECONNRESET' }))
    })
  })
}

/** Settles with `promise`, or rejects with an ETIMEDOUT error after `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(Object.assign(new Error(`no response within ${ms}ms`), { code: 'ETIMEDOUT' })),
      ms
    )
    promise.then(
      (value) => {
        clearTimeout(timer)
        resolve(value)
      },
      (error: unknown) => {
        clearTimeout(timer)
        reject(error instanceof Error ? error : new Error(String(error)))
      }
    )
  })
}

/** A response header's first value. */
export function firstHeader(message: IncomingMessage, name: string): string | undefined {
  const value = message.headers[name]
  return Array.isArray(value) ? value[0] : value
}
