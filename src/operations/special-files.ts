import { readFile } from 'node:fs/promises'
import { describeFinding } from '../domain/finding-text.js'
import {
  parseHeadersFile,
  parseRedirectsFile,
  type SpecialFileFinding
} from '../domain/special-files.js'
import type { SpecialFile } from '../upload/walk.js'
import type { OperationContext } from './context.js'

/** Refused lines listed in the error, at most; the count says how many more. */
const MOST_LISTED = 20

/**
 * Reads `_redirects` and `_headers` as Cloudflare will, before anything is uploaded: a line
 * Cloudflare would refuse (and so silently not apply) stops the deploy, naming each such line;
 * a line it would drop (past a limit, a duplicate) is a warning and a note in the summary.
 */
export async function reviewSpecialFiles(
  context: OperationContext<unknown>,
  specials: readonly SpecialFile[]
): Promise<void> {
  const { report, console } = context
  const findings: SpecialFileFinding[] = []
  for (const special of specials) {
    if (special.name !== '_redirects' && special.name !== '_headers') continue
    const text = await readFile(special.absolutePath, 'utf8')
    const parsed = special.name === '_redirects' ? parseRedirectsFile(text) : parseHeadersFile(text)
    findings.push(...parsed.findings)
    console.info(
      `${special.name}: ${parsed.rules.length} rule${parsed.rules.length === 1 ? '' : 's'} Cloudflare will apply.`
    )
  }
  const refused = findings.filter((f) => f.kind === 'refused')
  const dropped = findings.filter((f) => f.kind === 'dropped')
  report.specialFileFindings = dropped
  for (const finding of dropped)
    console.warning(`Cloudflare would drop ${describeFinding(finding)}`)
  if (refused.length === 0) return
  const listed = refused.slice(0, MOST_LISTED).map((f) => `  ${describeFinding(f)}`)
  if (refused.length > MOST_LISTED) listed.push(`  … and ${refused.length - MOST_LISTED} more.`)
  throw new Error(
    `${refused.length === 1 ? 'a line' : `${refused.length} lines`} of the folder's special files would be ignored by Cloudflare, so nothing was uploaded; fix ${refused.length === 1 ? 'it' : 'them'} (docs/troubleshooting.md, "_redirects and _headers"):\n${listed.join('\n')}`
  )
}
