/**
 * The run's secrets: masked where the entry point can mask them (the Actions runner hides them
 * from its log), and redacted from all text pages-pilot writes itself (logs file, outputs,
 * summary, pull-request comment), which no runner masks.
 */
const registered = new Set<string>()
let masker: ((secret: string) => void) | undefined

/**
 * Sets what registering a secret also does: `core.setSecret` in the action. Secrets registered
 * before are passed to it at once, so none escapes the mask.
 */
export function setSecretMasker(mask: ((secret: string) => void) | undefined): void {
  masker = mask
  if (mask) for (const secret of registered) mask(secret)
}

/** Remembers `value` for redaction and masks it. Values shorter than 4 characters are ignored. */
export function registerSecret(value: string): void {
  if (value.length < 4 || registered.has(value)) return
  registered.add(value)
  masker?.(value)
}

/**
 * Replaces every registered secret in `text` with `***`, and the credentials any URL in it
 * carries (user info, and query values whose names say they are credentials) as well.
 */
export function redact(text: string): string {
  let result = text
  for (const secret of registered) result = result.split(secret).join('***')
  return redactUrlCredentials(result)
}

/** `scheme://user:pass@host` or `scheme://token@host`. */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@'"<>]+@/gi
/** `?_authToken=…`, `&password=…`, `&sig=…` and the like in a URL's query. */
const CREDENTIAL_PARAM =
  /([?&][\w.-]*(?:token|auth|key|secret|password|passwd|pwd|sig|signature|jwt|credential)[\w.-]*=)[^&#\s'"<>]+/gi

/** Strips the credentials a URL may carry in a message: a mirror's `https://user:pass@host/`. */
export function redactUrlCredentials(text: string): string {
  if (!text.includes('://')) return text
  return text.replace(URL_USERINFO, '$1***@').replace(CREDENTIAL_PARAM, '$1***')
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

/**
 * A value that must never be printed, such as a secret a user sets on a project: turned into a
 * string, into JSON or inspected, it shows `***`. Only {@link Concealed.reveal} gives it, where
 * it is sent to the API.
 */
export class Concealed {
  readonly #value: string

  constructor(value: string) {
    this.#value = value
  }

  reveal(): string {
    return this.#value
  }

  toString(): string {
    return '***'
  }

  toJSON(): string {
    return '***'
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return 'Concealed(***)'
  }
}
