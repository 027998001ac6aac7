/**
 * What Cloudflare does with a Direct Upload's `commit_message`. The server turns each LF into
 * CRLF, then keeps the first 384 bytes, and refuses the deployment with 8000111 ("Invalid commit
 * message, it must be a valid UTF-8 string") when that cut splits a character: workers-sdk PR
 * 12378 (the 384-byte limit and 8000111), issues 11749 and 12679 (multi-line messages that fit
 * in 384 bytes with LF and not with CRLF fail the same way), PR 12727 (CRLF first, then the cut).
 */
import { ApiError } from './envelope.js'

export const COMMIT_MESSAGE_LIMIT_BYTES = 384
export const INVALID_COMMIT_MESSAGE = 8000111

/** The message as the server stores it, or the server's refusal. */
export function storedCommitMessage(message: string): string {
  const crlf = Buffer.from(message.replace(/(?<!\r)\n/g, '\r\n'), 'utf8')
  if (crlf.length <= COMMIT_MESSAGE_LIMIT_BYTES) return crlf.toString('utf8')
  const cut = crlf.subarray(0, COMMIT_MESSAGE_LIMIT_BYTES)
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(cut)
  } catch {
    throw new ApiError(
      400,
      INVALID_COMMIT_MESSAGE,
      'Invalid commit message, it must be a valid UTF-8 string.'
    )
  }
}
