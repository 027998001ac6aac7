import * as core from '@actions/core'
import { aliasUrlOf, finalOutcome, stageDurationMs, stagesOf } from './deployment.js'
import { formatDuration } from './duration.js'
import type { Report } from './report.js'

const EMOJI: Record<string, string> = {
  success: '✅',
  failure: '❌',
  canceled: '🚫',
  skipped: '⏭️',
  active: '⏳',
  idle: '⏳'
}

/** Writes the job summary of a run: what was deployed, how it went, and what to do next. */
export async function writeSummary(
  report: Report,
  now: number,
  runUrl: string | undefined
): Promise<void> {
  const s = core.summary
  const status =
    report.failure && report.status === 'success'
      ? 'failure'
      : (report.status ?? (report.failure ? 'failure' : 'unknown'))
  const title = [report.operation ?? 'pages-pilot', report.projectName].filter(Boolean).join(' · ')
  s.addHeading(`${EMOJI[status] ?? 'ℹ️'} Cloudflare Pages ${escape(title)}`, 2)

  const d = report.deployment
  const rows: Array<[string, string]> = []
  rows.push(['Status', `${EMOJI[status] ?? ''} ${escape(status)}`])
  if (d) {
    const meta = d.deployment_trigger.metadata
    rows.push(['Environment', escape(d.environment)])
    rows.push(['Branch', code(meta.branch)])
    if (meta.commit_hash)
      rows.push([
        'Commit',
        `${code(meta.commit_hash.slice(0, 12))} ${escape(firstLine(meta.commit_message))}`
      ])
    rows.push(['Deployment', code(d.id)])
    rows.push(['URL', link(d.url)])
    const alias = aliasUrlOf(d)
    if (alias) rows.push(['Alias', link(alias)])
    if (!finalOutcome(d))
      rows.push(['Stage', escape(`${d.latest_stage.name}: ${d.latest_stage.status}`)])
  }
  if (report.previousDeploymentId)
    rows.push(['Production before', code(report.previousDeploymentId)])
  if (report.healthCheck) {
    const h = report.healthCheck
    rows.push([
      'Health check',
      h.passed ? `✅ passed (${link(h.url)} → ${h.status})` : `❌ failed: ${escape(h.detail)}`
    ])
  }
  rows.push(['Duration', formatDuration(now - report.startedAt)])
  s.addTable([
    [
      { data: 'Field', header: true },
      { data: 'Value', header: true }
    ],
    ...rows.map(([k, v]) => [k, v])
  ])

  if (d && d.stages.some((stage) => stage.started_on)) {
    s.addHeading('Stages', 3)
    s.addTable([
      [
        { data: 'Stage', header: true },
        { data: 'Status', header: true },
        { data: 'Duration', header: true }
      ],
      ...stagesOf(d).map((stage) => {
        const ms = stageDurationMs(stage, now)
        return [
          code(stage.name),
          `${EMOJI[stage.status] ?? ''} ${stage.status}`,
          ms === undefined ? '–' : formatDuration(ms)
        ]
      })
    ])
  }

  if (report.rollback) {
    const r = report.rollback
    s.addHeading('Rollback', 3)
    s.addRaw(
      `<p>⏪ Production was rolled back${r.fromDeploymentId ? ` from ${code(r.fromDeploymentId)}` : ''} to ${code(r.toDeploymentId)} (${escape(r.reason)}): ${r.verified ? 'verified live ✅' : 'not yet confirmed ⚠️'}.</p>`,
      true
    )
  }
  if (report.failure) {
    s.addHeading('What went wrong', 3)
    s.addRaw(`<p>${escape(report.failure)}</p>`, true)
  }
  if (report.logTail.length > 0) {
    s.addDetails(
      `Build log (last ${report.logTail.length} lines)`,
      `\n\n<pre><code>${escape(report.logTail.join('\n'))}</code></pre>\n\n`
    )
  }
  for (const note of report.notes) s.addRaw(`<p>ℹ️ ${escape(note)}</p>`, true)
  if (report.logsFile)
    s.addRaw(`<p>Full build log saved to ${code(report.logsFile)} (logs-file output).</p>`, true)
  if (runUrl && report.failure)
    s.addRaw(`<p><a href="${escape(runUrl)}">Workflow run</a></p>`, true)
  await s.write()
}

function escape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
}

function code(text: string): string {
  return `<code>${escape(text)}</code>`
}

function link(url: string): string {
  return `<a href="${escape(url)}">${escape(url)}</a>`
}

function firstLine(text: string | undefined): string {
  const line = (text ?? '').split('\n')[0] ?? ''
  return line.length > 72 ? `${line.slice(0, 69)}...` : line
}
