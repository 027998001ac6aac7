/**
 * The command line's console: progress as plain lines on standard error, every line redacted.
 * No workflow command is ever printed: outside GitHub Actions an `::add-mask::` line would show
 * the secret in clear in the CI's log. In a GitHub Actions step, whose log the runner reads for
 * commands, text that looks like one is kept inert, as the action keeps it.
 */
import type { Console } from '../util/console.js'
import { inert } from '../util/inert-text.js'
import { redact } from '../util/secrets.js'

export function stderrConsole(
  write: (text: string) => void,
  verbose: boolean,
  onGitHubActions = false
): Console {
  let depth = 0
  const line = (text: string): void => {
    const indent = '  '.repeat(depth)
    const indented = redact(text)
      .split('\n')
      .map((part) => indent + part)
      .join('\n')
    write(`${onGitHubActions ? inert(indented).join('\n') : indented}\n`)
  }
  return {
    info: line,
    warning: (message) => line(`warning: ${message}`),
    error: (message, title) => line(`error: ${title ? `${title}: ` : ''}${message}`),
    notice: (message) => line(`notice: ${message}`),
    debug: (message) => {
      if (verbose) line(`debug: ${message}`)
    },
    startGroup: (title) => {
      line(`${title}:`)
      depth++
    },
    endGroup: () => {
      depth = Math.max(0, depth - 1)
    }
  }
}
