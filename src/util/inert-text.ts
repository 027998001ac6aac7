/**
 * Text from outside (build-log lines, commit messages, Cloudflare's error messages) printed
 * where the GitHub Actions runner reads workflow commands: the action's log, or the command
 * line's when it runs in a GitHub Actions step.
 */
import { createRequire } from 'node:module'
import { redact } from './secrets.js'

/**
 * Node's crypto is required the first time a token is needed: loading it costs 6 to 12 ms (Node
 * 20, 24), which `--version` and `--help`, and most lines, do not need.
 */
const require = createRequire(import.meta.url)

/**
 * A line the runner would take for a workflow command: it trims the line, then looks for `::`
 * (or the older `##[`). The runner splits its output on CR as well as LF.
 */
const COMMAND_LIKE = /(?:^|[\r\n])[^\S\r\n]*(?:::|##\[)/

/**
 * Text for the log that the runner must treat as text. Lines pages-pilot prints carry text from
 * outside (build-log lines, commit messages, Cloudflare's error messages): a build could print
 * `::add-mask::`, `::set-output`, `::stop-commands::` or a forged `::error file=…`. Text with a
 * line that looks like a command goes inside a `::stop-commands::` region whose token is
 * random, so no line inside can end it.
 */
export function inert(text: string): string[] {
  const clean = redact(text)
  if (!COMMAND_LIKE.test(clean)) return [clean]
  const { randomBytes } = require('node:crypto') as typeof import('node:crypto')
  const token = randomBytes(16).toString('hex')
  return [`::stop-commands::${token}`, clean, `::${token}::`]
}
