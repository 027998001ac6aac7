/**
 * A Direct Upload's commit message as Cloudflare will count it. The server turns each LF into
 * CRLF, keeps the first 384 bytes, and refuses the deployment (8000111) when that cut splits a
 * character (workers-sdk PR 12378, issues 11749 and 12679). So the message is sent already in
 * CRLF (which the server leaves alone) and already cut, on a code point, never after a lone CR.
 */

/** The most bytes of a commit message Cloudflare keeps. */
export const COMMIT_MESSAGE_BYTES = 384

export function commitMessageForCloudflare(message: string): string {
  const crlf = message.replace(/\r\n|\r|\n/g, '\r\n')
  if (Buffer.byteLength(crlf) <= COMMIT_MESSAGE_BYTES) return crlf
  let kept = ''
  let bytes = 0
  // `for…of` walks code points: a surrogate pair (an emoji) is never split.
  for (const character of crlf) {
    const size = Buffer.byteLength(character)
    if (bytes + size > COMMIT_MESSAGE_BYTES) break
    kept += character
    bytes += size
  }
  // The cut may fall between the CR and the LF of a line break.
  return kept.endsWith('\r') ? kept.slice(0, -1) : kept
}
