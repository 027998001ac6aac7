/**
 * `NAME=value` lines, as in a `.env` or `.dev.vars` file: what `secrets` and `vars` hold.
 *
 * Every line this accepts reads as `wrangler pages secret bulk` reads it (wrangler parses the
 * file with dotenv 16.3.1's `parse`): `export ` before the name is allowed, spaces around `=`
 * and around an unquoted value are dropped, a value in '…', "…" or `…` may span lines, inside
 * "…" `\n` and `\r` become a line feed and a carriage return (and nothing else is unescaped), and
 * `#` after a space starts a comment. Where dotenv would guess (a line it skips without a word,
 * an unclosed quote it takes literally, a `#` inside a value it cuts at), this refuses the line
 * instead, and a name must be one Cloudflare takes (see {@link VARIABLE_NAME}).
 *
 * A problem names its line, never its text: a line that does not parse may be part of a secret.
 */

/**
 * A variable's name: letters, digits and underscores, not starting with a digit. It is both an
 * environment variable of the build (a shell name, POSIX) and a binding on `env` in Functions,
 * and wrangler refused other binding names the same way (cloudflare/wrangler-legacy#686).
 */
export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

export interface DotenvEntry {
  name: string
  value: string
  /** 1-based line the entry starts on. */
  line: number
  /** Whether the value was quoted: `NAME=""` is an empty value on purpose, `NAME=` may not be. */
  quoted: boolean
}

/** Why a line was refused; the caller words it, with the name only when it may show it. */
export type DotenvProblemKind =
  'not-an-assignment' | 'invalid-name' | 'unclosed-quote' | 'text-after-quote' | 'hash-in-value'

export interface DotenvProblem {
  line: number
  kind: DotenvProblemKind
  /** The name, when the line has a valid one. */
  name: string | undefined
}

export interface DotenvResult {
  entries: DotenvEntry[]
  problems: DotenvProblem[]
  /** The raw lines of refused entries, for masking: they may hold a secret. */
  refusedText: string[]
}

const QUOTES = new Set(['"', "'", '`'])

export function parseDotenv(text: string): DotenvResult {
  const lines = text.replace(/\r\n?/g, '\n').split('\n')
  const entries: DotenvEntry[] = []
  const problems: DotenvProblem[] = []
  const refusedText: string[] = []
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index] ?? ''
    const line = index + 1
    // Only the start is trimmed: a quoted value's first line keeps its trailing spaces.
    const trimmed = raw.trimStart()
    if (trimmed === '' || trimmed.startsWith('#')) continue
    const refuse = (kind: DotenvProblemKind, name?: string, upTo = index): void => {
      problems.push({ line, kind, name })
      refusedText.push(...lines.slice(index, upTo + 1))
    }
    const assignment = /^(?:export\s+)?([^=]*)=(.*)$/.exec(trimmed)
    if (!assignment) {
      refuse('not-an-assignment')
      continue
    }
    const name = (assignment[1] ?? '').trim()
    if (!VARIABLE_NAME.test(name)) {
      refuse('invalid-name')
      continue
    }
    const rest = (assignment[2] ?? '').trimStart()
    const quote = rest[0] ?? ''
    if (!QUOTES.has(quote)) {
      const comment = /(^|\s)#/.exec(rest)
      const value = (comment ? rest.slice(0, comment.index) : rest).trim()
      if (value.includes('#')) refuse('hash-in-value', name)
      else entries.push({ name, value, line, quoted: false })
      continue
    }
    // A quoted value runs to its closing quote, on this line or a later one; `\` before the
    // quote keeps it in the value (as dotenv does, which leaves the backslash there too).
    let body = rest.slice(1)
    let endLine = index
    let close = closingQuote(body, quote)
    while (close === -1 && endLine + 1 < lines.length) {
      endLine++
      body += `\n${lines[endLine] ?? ''}`
      close = closingQuote(body, quote)
    }
    if (close === -1) {
      refuse('unclosed-quote', name, endLine)
      index = endLine
      continue
    }
    const after = body.slice(close + 1)
    if (after.trim() !== '' && !/^\s+#|^#/.test(after)) {
      refuse('text-after-quote', name, endLine)
      index = endLine
      continue
    }
    const content = body.slice(0, close)
    const value = quote === '"' ? content.replace(/\\n/g, '\n').replace(/\\r/g, '\r') : content
    entries.push({ name, value, line, quoted: true })
    index = endLine
  }
  return { entries, problems, refusedText }
}

/** Index of the first `quote` in `text` that is not preceded by a backslash, or -1. */
function closingQuote(text: string, quote: string): number {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\' && text[i + 1] === quote) i++
    else if (text[i] === quote) return i
  }
  return -1
}
