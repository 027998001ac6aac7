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
