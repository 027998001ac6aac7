import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { PagesClient } from '../cloudflare/pages-client.js'
import type { Deployment, LogLine } from '../cloudflare/types.js'
import type { Console } from '../util/console.js'
import { redactLogLine } from '../util/secrets.js'

/** Lines of a failed build that say what went wrong, as Pages' build image prints them. */
const ERROR_LINE = /(^|\s)(✘|\[ERROR\]|ERROR\b|Error:|error TS\d+|Failed:|npm ERR!|ERR_)/
/** Annotations beyond this many only repeat the story; GitHub shows 10 per step anyway. */
const MAX_ANNOTATIONS = 10

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

/** The lines that explain a failure. */
export function errorLines(lines: LogLine[]): string[] {
  return lines.map((l) => l.line).filter((line) => ERROR_LINE.test(line))
}

/** Adds an `::error` annotation for each line that carries the build error. */
export function annotateErrors(console: Console, deployment: Deployment, lines: LogLine[]): void {
  const errors = errorLines(lines)
  for (const line of errors.slice(0, MAX_ANNOTATIONS)) {
    console.error(line.trim(), `Cloudflare Pages build failed (${deployment.project_name})`)
  }
}

/** The last `count` lines, for the job summary. */
export function tail(lines: LogLine[], count = 30): string[] {
  return lines.slice(-count).map((l) => l.line)
}
