import * as core from '@actions/core'
import type { Console } from '../util/console.js'

/** The run's story in the Actions log: workflow commands for annotations, groups and masks. */
export const actionsConsole: Console = {
  info: (line) => core.info(line),
  warning: (message) => core.warning(message),
  error: (message, title) => core.error(message, title === undefined ? {} : { title }),
  notice: (message) => core.notice(message),
  debug: (message) => core.debug(message),
  startGroup: (title) => core.startGroup(title),
  endGroup: () => core.endGroup()
}
