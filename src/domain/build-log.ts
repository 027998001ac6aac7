import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { PagesClient } from '../cloudflare/pages-client.js'
import type { Deployment, LogLine } from '../cloudflare/types.js'
import type { Console } from '../util/console.js'
import { redactLogLine } from '../util/secrets.js'

/** Lines of a failed build that say what went wrong, as Pages' build image prints them. */
const ERROR_LINE = /(^|\s)(✘|\[ERROR\]|ERROR\b|Error:|error TS\d+|Failed:|npm ERR!|ERR_)/
/** Error lines the failure quotes: the first say what went wrong, the rest repeat it. */
const QUOTED_ERROR_LINES = 3
/** A quoted line is cut here: a minified bundle's line can be a megabyte. */
const QUOTED_LINE_LENGTH = 300

/** A fetched build log and where it was saved. */
export interface SavedLog {
  lines: LogLine[]
  file: string
}

/** Fetches the build log of `deployment` and writes it to a file in `directory`. */
export async function fetchAndSaveLog(
  client: PagesClient,
  deployment: Deployment,
  directory: string
): Promise<SavedLog> {
  const logs = await client.getDeploymentLogs(deployment.project_name, deployment.id)
  // A build can echo a secret; the file and the summary are not masked by the runner.
  const lines = (logs.data ?? []).map((l) => ({ ts: l.ts, line: redactLogLine(l.line) }))
  // The name is made of API fields: a hostile answer (`../../` in short_id) must not choose
  // where the file goes, so only a name's safe characters are kept.
  const file = join(
    directory,
    `pages-pilot-${fileNamePart(deployment.project_name)}-${fileNamePart(deployment.short_id || deployment.id)}.log`
  )
  await writeFile(
    file,
    lines.map((l) => `${l.ts} ${l.line}`).join('\n') + (lines.length ? '\n' : ''),
    'utf8'
  )
  return { lines, file }
}

/** Letters, digits and `-`; anything else (`/`, `.`, `\\`) becomes `_`; at most 64 characters. */
function fileNamePart(text: string): string {
  return text.replace(/[^A-Za-z0-9-]/g, '_').slice(0, 64) || 'deployment'
}

/** Prints the log inside a collapsed group. */
export function printLog(console: Console, deployment: Deployment, lines: LogLine[]): void {
  console.startGroup(`Build log of ${deployment.short_id || deployment.id} (${lines.length} lines)`)
  for (const { line } of lines) console.info(line)
  console.endGroup()
}

/**
 * The first lines that explain a failure, trimmed and cut, for the failure message: one
 * annotation quoting them, not one per line (the whole log is in its group and in logs-file).
 */
export function firstErrorLines(lines: LogLine[]): string[] {
  return lines
    .map((l) => l.line.trim())
    .filter((line) => ERROR_LINE.test(line))
    .slice(0, QUOTED_ERROR_LINES)
    .map((line) =>
      line.length > QUOTED_LINE_LENGTH ? `${line.slice(0, QUOTED_LINE_LENGTH - 3)}...` : line
    )
}

/** The last `count` lines, for the job summary. */
export function tail(lines: LogLine[], count = 30): string[] {
  return lines.slice(-count).map((l) => l.line)
}
