/**
 * A finding in `_redirects` or `_headers` as one line of text, for the log and the summary;
 * apart from the parser (special-files.ts), which a summary does not need.
 */
import type { SpecialFileFinding } from './special-files.js'

/** A finding as one line of text: `_redirects:12: …` or `_redirects:2102-2950: …`. */
export function describeFinding(finding: SpecialFileFinding): string {
  const where =
    finding.throughLine !== undefined && finding.throughLine !== finding.lineNumber
      ? `${finding.lineNumber}-${finding.throughLine}`
      : String(finding.lineNumber)
  return `${finding.file}:${where}: ${finding.message}`
}
