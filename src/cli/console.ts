/**
 * The command line's console: progress as plain lines on standard error, every line redacted.
 * No workflow command is ever printed: outside GitHub Actions an `::add-mask::` line would show
 * the secret in clear in the CI's log.
 */
import type { Console } from '../util/console.js'
import { redact } from '../util/secrets.js'

export function stderrConsole(write: (text: string) => void, verbose: boolean): Console {
  let depth = 0
  const line = (text: string): void => {
    const indent = '  '.repeat(depth)
    write(
      `${redact(text)
        .split('\n')
        .map((part) => indent + part)
        .join('\n')}\n`
    )
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
