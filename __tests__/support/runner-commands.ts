/**
 * Reads a step's stdout as the Actions runner does: lines split on CR and LF, each trimmed, a
 * line starting with `::` (or the older `##[`) a workflow command, and everything between
 * `::stop-commands::<token>` and `::<token>::` plain text. What comes back is every command the
 * runner would act on.
 */
export interface LiveCommand {
  name: string
  properties: string
  value: string
}

export function liveCommands(stdout: string): LiveCommand[] {
  const commands: LiveCommand[] = []
  let stoppedBy: string | undefined
  for (const raw of stdout.split(/\r\n|\r|\n/)) {
    const line = raw.trim()
    if (stoppedBy !== undefined) {
      if (line === `::${stoppedBy}::`) stoppedBy = undefined
      continue
    }
    const v2 = /^::([^\s:]+)(?:\s+([^:]*))?::(.*)$/s.exec(line)
    const v1 = /^##\[([^\s\]]+)(?:\s+([^\]]*))?\](.*)$/s.exec(line)
    const match = v2 ?? v1
    if (!match) continue
    const command = { name: match[1] ?? '', properties: match[2] ?? '', value: match[3] ?? '' }
    commands.push(command)
    if (command.name === 'stop-commands') stoppedBy = command.value
  }
  return commands
}
