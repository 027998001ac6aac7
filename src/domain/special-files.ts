/**
 * `_redirects` and `_headers`, read as Cloudflare reads them, so that a rule Cloudflare would
 * ignore is refused before the upload and a rule it would drop is named, instead of both
 * vanishing without a word (workers-sdk issue 14694; kgateway-dev/kgateway.dev #1003 lost 850
 * redirects that way).
 *
 * The rules are Cloudflare's documented ones (developers.cloudflare.com/pages/configuration/
 * redirects/ and /headers/), made exact by its parser, cloudflare/workers-sdk
 * packages/workers-shared/utils/configuration/parseRedirects.ts and parseHeaders.ts (with
 * validateURL.ts and constants.ts); the conformance test checks this module against the
 * parser Cloudflare published in @cloudflare/pages-shared on a corpus of real-world files.
 *
 * - Limits: 2,000 static and 100 dynamic redirects; 100 header rules; 2,000 characters a line
 *   in both files. (The redirects page says 1,000 characters a redirect; the parser's limit,
 *   MAX_LINE_LENGTH, is 2,000, and that is what is applied.)
 * - Order counts: a redirect is static only while no dynamic one (a source with `*` or a
 *   `:placeholder`) came before it; after the first dynamic redirect every later one counts
 *   as dynamic. Past the 100th dynamic redirect Cloudflare stops reading the file.
 * - A line counts against the limits before its destination, status or duplication is
 *   checked, so an invalid line still uses up a place.
 * - `_headers`: once 100 rules are read, the next path line and the rest of the file are
 *   dropped, which in practice keeps 101 rules (the rule being read is kept at the end).
 */

export type SpecialFileName = '_redirects' | '_headers'

/** A redirect Cloudflare keeps: `from` is a path, `to` a path or an https URL. */
export interface RedirectRule {
  from: string
  to: string
  status: number
  lineNumber: number
}

/** A `_headers` rule Cloudflare keeps: header names lowercased, repeated names joined. */
export interface HeaderRule {
  path: string
  headers: Record<string, string>
  /** `! Name` lines: headers removed from the answer. */
  unset: string[]
  lineNumber: number
}

/**
 * A line Cloudflare would not apply. `refused`: Cloudflare finds it invalid (a typo, a bad
 * status, an http:// destination); `dropped`: a valid-looking line it leaves out (a limit, a
 * duplicate source, a line too long).
 */
export interface SpecialFileFinding {
  file: SpecialFileName
  kind: 'refused' | 'dropped'
  /** The line concerned (from 1); with `throughLine`, the first of a range. */
  lineNumber: number
  /** The last line of a dropped range (the rest of the file past a limit). */
  throughLine?: number
  /** How many rules the range held, for a dropped range. */
  rules?: number
  message: string
}

export const MAX_LINE_LENGTH = 2_000
export const MAX_STATIC_REDIRECTS = 2_000
export const MAX_DYNAMIC_REDIRECTS = 100
export const MAX_HEADER_RULES = 100
export const REDIRECT_STATUSES: ReadonlySet<number> = new Set([200, 301, 302, 303, 307, 308])

/** A source is dynamic when it has a splat or a placeholder (`:` then a letter). */
const DYNAMIC = /\*|:[A-Za-z]/
/** An absolute URL as Cloudflare recognises one: https only. */
const ABSOLUTE = /^https:\/\/+([^/]+)\/?(.*)$/

/** One line of a file, trimmed, with its number; blank and `#` lines are left out. */
interface Line {
  text: string
  number: number
}

function contentLines(text: string): { lines: Line[]; total: number } {
  const raw = text.split('\n')
  const lines: Line[] = []
  raw.forEach((line, index) => {
    const trimmed = line.trim()
    if (trimmed !== '' && !trimmed.startsWith('#')) lines.push({ text: trimmed, number: index + 1 })
  })
  return { lines, total: raw.length }
}

/** The path (and, when asked, query and fragment) of `path` as a URL would normalise it. */
function normalisePath(path: string, withQueryAndHash: boolean): string {
  const rooted = path.startsWith('/') ? path : `/${path}`
  // A network-path reference on a scheme of no special meaning: only the path is parsed.
  const url = new URL(`//${rooted}`, 'relative://')
  return withQueryAndHash ? `${url.pathname}${url.search}${url.hash}` : url.pathname
}

/**
 * A URL of a rule as Cloudflare accepts it: a path, or (when `relativeOnly` is false) an
 * https URL; the result is normalised, or a message saying why it is not accepted.
 */
function ruleUrl(
  token: string,
  options: { relativeOnly: boolean; noPorts: boolean; withQueryAndHash: boolean }
): { url: string } | { problem: string } {
  const absolute = ABSOLUTE.exec(token)
  if (absolute?.[1]) {
    if (options.relativeOnly) return { problem: `only a path is allowed here, not ${token}` }
    if (options.noPorts && /:\d+$/.test(absolute[1])) {
      return { problem: `a port is not allowed in ${token}` }
    }
    return {
      url: `https://${absolute[1]}${normalisePath(absolute[2] ?? '', options.withQueryAndHash)}`
    }
  }
  const path = options.relativeOnly && !token.startsWith('/') ? `/${token}` : token
  if (path.startsWith('/')) {
    try {
      return { url: normalisePath(path, options.withQueryAndHash) }
    } catch {
      return { problem: `${token} cannot be read as a URL path` }
    }
  }
  return {
    problem: options.relativeOnly
      ? `${token} must begin with a forward slash`
      : `${token} must be a path (beginning with /) or an https:// URL`
  }
}

/** Reads `_redirects` as Cloudflare does: the rules it keeps, and every line it would not. */
export function parseRedirectsFile(text: string): {
  rules: RedirectRule[]
  findings: SpecialFileFinding[]
} {
  const { lines, total } = contentLines(text)
  const rules: RedirectRule[] = []
  const findings: SpecialFileFinding[] = []
  const sources = new Set<string>()
  let statics = 0
  let dynamics = 0
  let dynamicSeen = false
  const refuse = (line: Line, message: string) =>
    findings.push({ file: '_redirects', kind: 'refused', lineNumber: line.number, message })
  const drop = (line: Line, message: string) =>
    findings.push({ file: '_redirects', kind: 'dropped', lineNumber: line.number, message })

  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] as Line
    if (line.text.length > MAX_LINE_LENGTH) {
      drop(
        line,
        `the line is ${line.text.length.toLocaleString('en-US')} characters long; Cloudflare ignores a line over ${MAX_LINE_LENGTH.toLocaleString('en-US')}.`
      )
      continue
    }
    // A ` #` starts a comment; a `#` inside a URL (a fragment) does not.
    const words = line.text.replace(/\s+#.*$/, '').split(/\s+/)
    if (words.length < 2 || words.length > 3) {
      refuse(
        line,
        `expected a source, a destination and an optional status (2 or 3 words), found ${words.length}.`
      )
      continue
    }
    const [fromText = '', toText = '', statusText = '302'] = words
    const from = ruleUrl(fromText, { relativeOnly: true, noPorts: true, withQueryAndHash: false })
    if ('problem' in from) {
      refuse(line, `the source: ${from.problem}.`)
      continue
    }
    // Counted here, before the rest of the line is checked, as Cloudflare counts.
    if (!dynamicSeen && !DYNAMIC.test(from.url)) {
      statics++
      if (statics > MAX_STATIC_REDIRECTS) {
        drop(
          line,
          `Cloudflare applies at most ${MAX_STATIC_REDIRECTS.toLocaleString('en-US')} static redirects; this is number ${statics.toLocaleString('en-US')}.`
        )
        continue
      }
    } else {
      dynamics++
      dynamicSeen = true
      if (dynamics > MAX_DYNAMIC_REDIRECTS) {
        const last = lines[lines.length - 1] as Line
        findings.push({
          file: '_redirects',
          kind: 'dropped',
          lineNumber: line.number,
          throughLine: Math.max(last.number, line.number),
          rules: lines.length - index,
          message: `Cloudflare applies at most ${MAX_DYNAMIC_REDIRECTS} dynamic redirects and stops reading the file at the next one, so the rest of the file (${lines.length - index} rules, ${total - line.number + 1} lines) is dropped. Every redirect after the first dynamic one (a source with * or a :placeholder) counts as dynamic, static or not: put static redirects first.`
        })
        break
      }
    }
    const to = ruleUrl(toText, { relativeOnly: false, noPorts: false, withQueryAndHash: true })
    if ('problem' in to) {
      refuse(line, `the destination: ${to.problem}.`)
      continue
    }
    const status = Number(statusText)
    if (!REDIRECT_STATUSES.has(status)) {
      refuse(
        line,
        `${statusText} is not a status Cloudflare redirects with; use 200, 301, 302 (the default), 303, 307 or 308.`
      )
      continue
    }
    const relative = !ABSOLUTE.test(to.url)
    // Cloudflare's pattern, any character before `html` included.
    const toIndex = /\/index(.html)?$/.test(to.url)
    if (relative && toIndex && (from.url.endsWith('/*') || from.url.endsWith('/'))) {
      refuse(
        line,
        `${from.url} to ${to.url} loops: Cloudflare serves ${to.url} by redirecting it to the folder, which this rule sends back again.`
      )
      continue
    }
    if (sources.has(from.url)) {
      drop(line, `a redirect of ${from.url} came earlier, and only the first one counts.`)
      continue
    }
    sources.add(from.url)
    if (status === 200 && !relative) {
      refuse(line, `a rewrite (200) can only serve a path of this deployment, not ${to.url}.`)
      continue
    }
    rules.push({ from: from.url, to: to.url, status, lineNumber: line.number })
  }
  return { rules, findings }
}

/** A `_headers` line that starts a rule: a path, or something URL-like meant as one. */
const PATH_LINE = /^(\S+:\/\/|\/)/

/** Reads `_headers` as Cloudflare does: the rules it keeps, and every line it would not. */
export function parseHeadersFile(text: string): {
  rules: HeaderRule[]
  findings: SpecialFileFinding[]
} {
  const { lines, total } = contentLines(text)
  const rules: HeaderRule[] = []
  const findings: SpecialFileFinding[] = []
  let rule: HeaderRule | undefined
  /** After a path that is refused, its header lines go with it. */
  let skipping = false
  const refuse = (lineNumber: number, message: string) =>
    findings.push({ file: '_headers', kind: 'refused', lineNumber, message })
  const close = (): void => {
    if (!rule) return
    if (Object.keys(rule.headers).length > 0 || rule.unset.length > 0) rules.push(rule)
    else refuse(rule.lineNumber, `${rule.path} has no header lines under it.`)
    rule = undefined
  }

  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] as Line
    if (line.text.length > MAX_LINE_LENGTH) {
      findings.push({
        file: '_headers',
        kind: 'dropped',
        lineNumber: line.number,
        message: `the line is ${line.text.length.toLocaleString('en-US')} characters long; Cloudflare ignores a line over ${MAX_LINE_LENGTH.toLocaleString('en-US')}.`
      })
      continue
    }
    if (PATH_LINE.test(line.text)) {
      skipping = false
      // Counted on the rules closed so far: the rule still open is kept, hence 101 in practice.
      if (rules.length >= MAX_HEADER_RULES) {
        const last = lines[lines.length - 1] as Line
        findings.push({
          file: '_headers',
          kind: 'dropped',
          lineNumber: line.number,
          throughLine: last.number,
          rules: lines.slice(index).filter((l) => PATH_LINE.test(l.text)).length,
          message: `Cloudflare applies at most ${MAX_HEADER_RULES} header rules and stops reading the file here, so the rest of the file (${total - line.number + 1} lines) is dropped.`
        })
        break
      }
      close()
      const path = ruleUrl(line.text, {
        relativeOnly: false,
        noPorts: true,
        withQueryAndHash: false
      })
      if ('problem' in path) {
        refuse(line.number, `the path: ${path.problem}.`)
        skipping = true
        continue
      }
      const splats = (path.url.match(/\*/g) ?? []).length
      if (splats > 1 || (splats === 1 && /:splat(?!\w)/.test(path.url))) {
        refuse(
          line.number,
          `${path.url} has ${splats > 1 ? 'more than one *' : 'both * and :splat'}; a rule may have one splat (use a :placeholder for the others).`
        )
        skipping = true
        continue
      }
      rule = { path: path.url, headers: {}, unset: [], lineNumber: line.number }
      continue
    }
    if (skipping) continue
    const colon = line.text.indexOf(':')
    if (colon === -1) {
      if (rule && line.text.startsWith('! ')) rule.unset.push(line.text.slice(2))
      else if (rule)
        refuse(line.number, `expected a header (Name: value) or ! Name, not ${line.text}.`)
      else refuse(line.number, 'expected a path beginning with / before any header.')
      continue
    }
    const name = line.text.slice(0, colon).trim().toLowerCase()
    const value = line.text.slice(colon + 1).trim()
    if (name.includes(' ')) refuse(line.number, `the header name ${name} has a space in it.`)
    else if (name === '') refuse(line.number, 'the header has no name.')
    else if (value === '') refuse(line.number, `the header ${name} has no value.`)
    else if (!rule) refuse(line.number, `the header ${name} comes before any path.`)
    else rule.headers[name] = rule.headers[name] ? `${rule.headers[name]}, ${value}` : value
  }
  close()
  return { rules, findings }
}
