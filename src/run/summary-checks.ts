/**
 * The job summary's sections for verified releases: the verification preview, the smoke
 * checks (a table: path, expected, got, time), the commit's other checks, and what Cloudflare
 * would drop from `_redirects` and `_headers`.
 */
import { describeFinding } from '../domain/finding-text.js'
import type { Report, SmokeRecord } from '../domain/report.js'
import { formatDuration } from '../util/duration.js'
import { escapeHtml, escapeText as escape, type Html } from '../util/html.js'

export function addVerifiedRelease(s: Html, report: Report): void {
  const v = report.verification
  if (v) {
    s.heading('Verification preview', 3)
    s.line(
      `<p>${v.passed ? '✅' : '❌'} Preview ${code(v.deploymentId)} of branch ${code(v.branch)} at ${link(v.url)} ${v.passed ? 'passed its checks; production was created from the same files.' : 'did not pass, so production was not touched.'}</p>`
    )
    if (v.smoke) addSmokeTable(s, v.smoke)
    else if (v.healthCheck) {
      const h = v.healthCheck
      s.line(`<p>Health check: ${h.passed ? '✅ passed' : `❌ ${escape(h.detail)}`}</p>`)
    }
  }
  if (report.smoke) {
    s.heading('Smoke checks', 3)
    addSmokeTable(s, report.smoke)
  }
  const checks = report.commitChecks
  if (checks) {
    s.heading('Other checks of the commit', 3)
    if (checks.checks.length === 0) s.line('<p>None besides this run’s own.</p>')
    else
      s.table([
        ['Check', 'Kind', 'State'].map((data) => ({ data, header: true })),
        ...checks.checks.map((c) => [
          c.url && /^https?:\/\//i.test(c.url) ? link(c.url, c.name) : escape(c.name),
          escape(c.kind),
          `${c.state === 'success' ? '✅' : c.state === 'failure' ? '❌' : '⏳'} ${escape(c.detail)}`
        ])
      ])
  }
  if (report.specialFileFindings.length > 0) {
    s.heading('Dropped by Cloudflare', 3)
    s.list(report.specialFileFindings.map((f) => `⚠️ ${escape(describeFinding(f))}`))
  }
}

function addSmokeTable(s: Html, smoke: SmokeRecord): void {
  s.line(`<p>On ${link(smoke.url)}:</p>`)
  s.table([
    ['Path', 'Expected', 'Got', 'Time'].map((data) => ({ data, header: true })),
    ...smoke.results.map((r) => [
      code(r.path),
      escape(r.expected),
      r.ok
        ? `✅ ${r.status}`
        : `❌ ${r.status === 0 ? 'no answer' : r.status}: ${escape(r.problem)}`,
      formatDuration(r.ms)
    ])
  ])
}

function code(text: string): string {
  return `<code>${escape(text)}</code>`
}

function link(url: string, text = url): string {
  if (!/^https?:\/\//i.test(url)) return escape(text)
  return `<a href="${escapeHtml(url)}">${escape(text)}</a>`
}
