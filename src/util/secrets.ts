import * as core from '@actions/core'

const registered = new Set<string>()

/**
 * Masks `value` in the runner's log and remembers it, so that text pages-pilot writes itself
 * (logs file, outputs, summary) can be redacted too: the runner masks only its own log.
 */
export function registerSecret(value: string): void {
  if (value.length < 4 || registered.has(value)) return
  registered.add(value)
  core.setSecret(value)
}

/** Replaces every registered secret in `text` with `***`. */
export function redact(text: string): string {
  let result = text
  for (const secret of registered) result = result.split(secret).join('***')
  return result
}

/**
 * Credentials a build log may echo by accident, recognised by their shape: assignments to
 * names like TOKEN or SECRET, bearer headers, GitHub tokens, and 40-character Cloudflare API
 * tokens (mixed-case, unlike the hex commit SHAs logs are full of).
 */
const TOKEN_SHAPES: RegExp[] = [
  /\b(gh[pousr]_[A-Za-z0-9]{36,})\b/g,
  /\b(github_pat_[A-Za-z0-9_]{22,})\b/g,
  /\bBearer\s+([A-Za-z0-9_\-.=]{20,})/gi,
  /\b[A-Z0-9_]*(?:TOKEN|SECRET|PASSWORD|API_KEY|APIKEY)[A-Z0-9_]*\s*[=:]\s*["']?([^\s"']{8,})/gi,
  /(?<![A-Za-z0-9_-])((?=[A-Za-z0-9_-]*[A-Z])(?=[A-Za-z0-9_-]*[a-z])(?=[A-Za-z0-9_-]*[0-9])[A-Za-z0-9_-]{40})(?![A-Za-z0-9_-])/g
]

/** Redacts registered secrets and anything shaped like a credential from a log line. */
export function redactLogLine(line: string): string {
  let result = redact(line)
  for (const shape of TOKEN_SHAPES) {
    result = result.replace(shape, (match: string, secret: string) => match.replace(secret, '***'))
  }
  return result
}
