import * as core from '@actions/core'
import type { Console } from '../util/console.js'
import { inert } from '../util/inert-text.js'
import { redact } from '../util/secrets.js'

/**
 * The run's story in the Actions log: workflow commands for annotations, groups and masks.
 * Annotations, groups and debug lines are workflow commands whose text @actions/core escapes
 * (a newline cannot start a command there); plain lines go through {@link inert}. Every line is
 * redacted, as the CLI's are, so a secret never depends on the runner's mask alone.
 */
export const actionsConsole: Console = {
  info: (line) => {
    for (const part of inert(line)) core.info(part)
  },
  warning: (message) => core.warning(redact(message)),
  error: (message, title) =>
    core.error(redact(message), title === undefined ? {} : { title: redact(title) }),
  notice: (message) => core.notice(redact(message)),
  debug: (message) => core.debug(redact(message)),
  startGroup: (title) => core.startGroup(redact(title)),
  endGroup: () => core.endGroup()
}
