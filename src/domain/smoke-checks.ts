/**
 * The `smoke-checks` and `smoke-headers` inputs: what a user expects of a deployment's pages,
 * one check a line, and the headers sent with each check. Pure: parsing and judging an answer.
 *
 * A check is `PATH [STATUS] [contains "TEXT"] [-> LOCATION] [under DURATION]`.
 */
import { formatDuration, parseDuration } from '../util/duration.js'

export interface SmokeCheck {
  /** The line as written, for messages. */
  line: string
  path: string
  /** The status expected; `undefined`: any 2xx, or any 3xx with `location`. */
  status: number | undefined
  /** Text the body must contain. */
  contains: string | undefined
  /** Where the answer must redirect: a path on the deployment, or an absolute URL. */
  location: string | undefined
  /** The longest the whole answer may take. */
  underMs: number | undefined
}

/** One check's outcome, as the `smoke-results` output gives it (plus the URL and the line). */
export interface SmokeResult {
  path: string
  ok: boolean
  /** Last status seen, 0 when no answer arrived. */
  status: number
  /** Time of the last answer, whole body included. */
  ms: number
  /** Why it failed; empty when it passed. */
  problem: string
  /** What was expected, in words, for the summary's table. */
  expected: string
  url: string
  attempts: number
}

/** A `smoke-checks` line that cannot be a check: its number (from 1) and why. */
export interface SmokeLineProblem {
  lineNumber: number
  line: string
  message: string
}

const PATH = /^\/(?!\/)\S*$/
const SYNTAX =
  'write PATH [STATUS] [contains "TEXT"] [-> LOCATION] [under DURATION], such as /api/health 200 under 800ms'

/** Parses `smoke-checks`: blank lines and lines starting with `#` are skipped. */
export function parseSmokeChecks(text: string): {
  checks: SmokeCheck[]
  problems: SmokeLineProblem[]
} {
  const checks: SmokeCheck[] = []
  const problems: SmokeLineProblem[] = []
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) return
    const parsed = parseLine(line)
    if (typeof parsed === 'string') problems.push({ lineNumber: index + 1, line, message: parsed })
    else checks.push(parsed)
  })
  return { checks, problems }
}

/** One line as a check, or why it is not one. */
function parseLine(line: string): SmokeCheck | string {
  const tokens = tokenize(line)
  if (typeof tokens === 'string') return tokens
  const [path, ...rest] = tokens
  if (path === undefined || !PATH.test(path)) {
    return `the first word must be a path on the deployment starting with '/' (not '//'); ${SYNTAX}.`
  }
  const check: SmokeCheck = {
    line,
    path,
    status: undefined,
    contains: undefined,
    location: undefined,
    underMs: undefined
  }
  const seen = new Set<string>()
  const once = (clause: string): string | undefined =>
    seen.has(clause) ? `${clause} is given twice.` : (seen.add(clause), undefined)
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i] ?? ''
    const value = rest[i + 1]
    if (/^\d{3}$/.test(word)) {
      const twice = once('the status')
      if (twice) return twice
      const status = Number(word)
      if (status < 100 || status > 599) return `${word} is not an HTTP status.`
      check.status = status
      continue
    }
    if (word === 'contains' || word === '->' || word === 'under') {
      const twice = once(word)
      if (twice) return twice
      if (value === undefined) return `${word} needs a value; ${SYNTAX}.`
      i++
      if (word === 'contains') {
        if (!value.startsWith('"'))
          return `contains takes text in double quotes, such as contains "Welcome".`
        check.contains = value.slice(1)
        if (check.contains === '') return 'contains needs some text between the quotes.'
      } else if (word === '->') {
        if (!PATH.test(value) && !/^https?:\/\/[^\s/]+/.test(value)) {
          return `-> takes a path starting with '/' or an http(s) URL, not '${value}'.`
        }
        check.location = value
      } else {
        const ms = parseDuration(value)
        if (ms === undefined || ms <= 0 || ms > 600_000) {
          return `under takes a duration of at most 10m, such as 800ms or 2s, not '${value}'.`
        }
        check.underMs = ms
      }
      continue
    }
    return `'${word.startsWith('"') ? word.slice(1) : word}' is not understood; ${SYNTAX}.`
  }
  if (check.location !== undefined && check.status !== undefined) {
    if (check.status < 300 || check.status > 399) {
      return `-> checks a redirect, so its status must be a 3xx one, not ${check.status}.`
    }
  }
  return check
}

/** Splits on blanks; a double-quoted string (with `\"` and `\\`) is one word, kept with its opening quote. */
function tokenize(line: string): string[] | string {
  const tokens: string[] = []
  let i = 0
  while (i < line.length) {
    if (/\s/.test(line[i] ?? '')) {
      i++
      continue
    }
    if (line[i] === '"') {
      let text = '"'
      i++
      for (;;) {
        const c = line[i]
        if (c === undefined) return 'a quoted text is not closed with a double quote.'
        i++
        if (c === '"') break
        if (c === '\\' && (line[i] === '"' || line[i] === '\\')) {
          text += line[i]
          i++
        } else text += c
      }
      tokens.push(text)
      continue
    }
    let word = ''
    while (i < line.length && !/\s/.test(line[i] ?? '')) word += line[i++]
    tokens.push(word)
  }
  return tokens
}

/** Whether redirects are followed: not when the redirect itself is what is checked. */
export function followsRedirects(check: SmokeCheck): boolean {
  return (
    check.location === undefined &&
    (check.status === undefined || check.status < 300 || check.status > 399)
  )
}

/** What a check expects, in words: `2xx`, `301 -> /blog`, `200, contains "Welcome"`. */
export function describeExpectation(check: SmokeCheck): string {
  const parts = [check.status !== undefined ? String(check.status) : check.location ? '3xx' : '2xx']
  if (check.location !== undefined) parts[0] += ` -> ${check.location}`
  if (check.contains !== undefined) parts.push(`contains "${check.contains}"`)
  if (check.underMs !== undefined) parts.push(`under ${formatDuration(check.underMs)}`)
  return parts.join(', ')
}

/** What the site answered to one check, for {@link judge}. */
export interface Answer {
  status: number
  /** Absolute, resolved against the URL that answered. */
  location: string | undefined
  body: string
  ms: number
  /** Why no answer arrived, or why a redirect was not followed. */
  detail: string
}

/**
 * Why `answer` does not meet `check`, or `undefined` when it does. `expectedLocation` is
 * the check's location resolved on the deployment URL (a path) or as given (a URL).
 */
export function judge(
  check: SmokeCheck,
  answer: Answer,
  expectedLocation: string | undefined
): string | undefined {
  if (answer.status === 0) return `no answer (${answer.detail})`
  const status = answer.status
  const wanted =
    check.status !== undefined
      ? status === check.status
      : check.location !== undefined
        ? status >= 300 && status < 400
        : status >= 200 && status < 300
  if (!wanted) {
    const what = check.status ?? (check.location !== undefined ? 'a 3xx status' : 'a 2xx status')
    const extra = answer.detail !== `HTTP ${status}` ? ` (${answer.detail})` : ''
    return `answered ${status}${extra}; expected ${what}`
  }
  if (expectedLocation !== undefined && answer.location !== expectedLocation) {
    return answer.location === undefined
      ? `answered ${status} without a Location; expected -> ${check.location}`
      : `redirects to ${answer.location}; expected ${expectedLocation}`
  }
  if (check.contains !== undefined && !answer.body.includes(check.contains)) {
    return `the body (${answer.body.length.toLocaleString('en-US')} characters) does not contain "${check.contains}"`
  }
  if (check.underMs !== undefined && answer.ms > check.underMs) {
    return `took ${formatDuration(answer.ms)}; expected under ${formatDuration(check.underMs)}`
  }
  return undefined
}

/** Parses `smoke-headers`: `Name: value` lines; blank lines and `#` lines are skipped. */
export function parseSmokeHeaders(text: string): {
  headers: Record<string, string>
  problems: SmokeLineProblem[]
} {
  const headers: Record<string, string> = {}
  const problems: SmokeLineProblem[] = []
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) return
    const colon = line.indexOf(':')
    const name = colon === -1 ? '' : line.slice(0, colon).trim()
    const value = colon === -1 ? '' : line.slice(colon + 1).trim()
    // The line may hold a secret: messages name the line by number and the header by name only.
    const problem = (message: string) => problems.push({ lineNumber: index + 1, line: '', message })
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      return problem('is not a header line; write Name: value, such as CF-Access-Client-Id: abc.')
    }
    if (value === '') return problem(`header ${name} has no value.`)
    if (/^(host|content-length|transfer-encoding|connection)$/i.test(name)) {
      return problem(`header ${name} is set by the request itself and cannot be given.`)
    }
    headers[name] = value
  })
  return { headers, problems }
}
