/**
 * The job summary of a run, as HTML GitHub renders: what was deployed, how it went, and what
 * to do next. Pure: the entry point decides where it goes (the step summary, or a file).
 */
import { KEEP_REASON_TEXT } from '../domain/cleanup-terms.js'
import {
  aliasUrlOf,
  finalOutcome,
  stageDurationMs,
  stagesOf,
  totalDurationMs
} from '../domain/deployment.js'
import { describeDomain, sourceOf } from '../domain/project.js'
import type {
  CleanupRecord,
  Report,
  UploadRecord,
  VariablesRecord,
  WorkerRecord
} from '../domain/report.js'
import type { Deployment, Stage } from '../cloudflare/types.js'
import { formatDuration } from '../util/duration.js'
import { escapeHtml, escapeText as escape, Html } from '../util/html.js'
import { redact } from '../util/secrets.js'
import { buildTimes, dashboardUrl, stageTimeline } from './charts.js'
import { addVerifiedRelease } from './summary-checks.js'

const DOMAIN_EMOJI: Record<string, string> = { active: '✅', initializing: '⏳', pending: '⏳' }

/** Rows of the deleted table; the rest are counted, and all ids are in `deleted-ids`. */
const MAX_DELETED_ROWS = 100
/** Rows of the kept table; the rest are counted, and all are listed in the step log. */
const MAX_KEPT_ROWS = 50

/** Operations whose summary charts the build times of earlier deployments (see run.ts). */
const CHARTED: ReadonlySet<string> = new Set(['deploy', 'wait', 'retry', 'status'])

const EMOJI: Record<string, string> = {
  success: '✅',
  failure: '❌',
  canceled: '🚫',
  skipped: '⏭️',
  active: '⏳',
  idle: '⏳'
}

/** The job summary of `report`, with every registered secret redacted. */
export function renderSummary(report: Report, now: number, runUrl: string | undefined): string {
  const s = new Html()
  const status =
    report.failure && report.status === 'success'
      ? 'failure'
      : (report.status ?? (report.failure ? 'failure' : 'unknown'))
  const title = [report.operation ?? 'pages-pilot', report.projectName].filter(Boolean).join(' · ')
  s.heading(`${EMOJI[status] ?? 'ℹ️'} Cloudflare Pages ${escape(title)}`, 2)

  const d = report.deployment
  const rows: Array<[string, string]> = []
  rows.push(['Status', `${EMOJI[status] ?? ''} ${escape(status)}`])
  if (d) {
    const meta = d.deployment_trigger.metadata
    rows.push(['Environment', escape(d.environment)])
    const choice = report.branchChoice
    rows.push([
      'Branch',
      choice?.branch === meta.branch
        ? `${code(meta.branch)} (${escape(choice.why)})`
        : code(meta.branch)
    ])
    if (meta.commit_hash)
      rows.push([
        'Commit',
        `${code(meta.commit_hash.slice(0, 12))} ${escape(firstLine(meta.commit_message))}`
      ])
    rows.push(['Deployment', code(d.id)])
    const project = d.project_name || report.projectName
    if (report.accountId && project)
      rows.push([
        'Dashboard',
        `<a href="${escapeHtml(dashboardUrl(report.accountId, project, d.id))}">Cloudflare dashboard</a>`
      ])
    rows.push(['URL', link(d.url)])
    const alias = aliasUrlOf(d, report.project?.subdomain)
    if (alias) rows.push(['Alias', link(alias)])
    if (!finalOutcome(d))
      rows.push(['Stage', escape(`${d.latest_stage.name}: ${d.latest_stage.status}`)])
  }
  if (report.deployHook) {
    rows.push(['Started by', 'deploy hook (URL masked)'])
    if (!d && report.deployHook.deploymentId)
      rows.push(['Deployment', code(report.deployHook.deploymentId)])
  }
  if (report.previousDeploymentId)
    rows.push(['Production before', code(report.previousDeploymentId)])
  if (report.cleanup) {
    const c = report.cleanup
    if (c.branch) {
      const why =
        report.branchChoice?.branch === c.branch ? ` (${escape(report.branchChoice.why)})` : ''
      rows.push(['Branch', `${code(c.branch)}${why}`])
    }
    rows.push(['Examined', String(c.examined)])
    rows.push([c.dryRun ? 'Would delete' : 'Deleted', String(c.deleted.length)])
    rows.push(['Kept', String(c.kept.length)])
    if (c.failed.length > 0) rows.push(['Failed deletes', `❌ ${c.failed.length}`])
  }
  if (report.upload) {
    const u = report.upload
    rows.push(['Upload', describeUpload(u)])
    if (u.specialFiles.length > 0) rows.push(['Special files', u.specialFiles.map(code).join(' ')])
    if (u.worker) rows.push(['Worker', escape(describeWorker(u.worker))])
  }
  if (report.variables) {
    const v = report.variables
    rows.push(['Environment', escape(v.environment)])
    if (v.dryRun) rows.push(['Dry run', 'yes: nothing was changed'])
  }
  if (report.productionBranch) {
    const b = report.productionBranch
    rows.push([
      'Production branch',
      b.from === b.to
        ? `${code(b.to)} (already)`
        : `${code(b.from)} → ${code(b.to)}${b.changed ? '' : ' (dry run: not changed)'}`
    ])
  }
  if (report.healthCheck) {
    const h = report.healthCheck
    rows.push([
      'Health check',
      h.passed ? `✅ passed (${link(h.url)} → ${h.status})` : `❌ failed: ${escape(h.detail)}`
    ])
  }
  // Two different times, each named: Cloudflare's build of the deployment, and this step's
  // own run (upload, waiting and checks included).
  if (d && !d.is_skipped) rows.push(['Build time', buildTime(d, now)])
  rows.push(['Step time', formatDuration(now - report.startedAt)])
  s.table([
    [
      { data: 'Field', header: true },
      { data: 'Value', header: true }
    ],
    ...rows.map(([k, v]) => [k, v])
  ])

  if (d && d.stages.some((stage) => stage.started_on)) {
    s.heading('Stages', 3)
    s.table([
      [
        { data: 'Stage', header: true },
        { data: 'Status', header: true },
        { data: 'Duration', header: true }
      ],
      ...stagesOf(d).map((stage) => {
        const ms = stageDurationMs(stage, now)
        return [
          code(stage.name),
          stageStatus(d, stage),
          ms === undefined ? '–' : formatDuration(ms)
        ]
      })
    ])
    const timeline = stageTimeline(d, now, d.project_name || report.projectName)
    if (timeline) {
      s.heading('Stage timeline', 3)
      s.line(timeline)
    }
  }
  if (d && report.history && CHARTED.has(report.operation ?? '')) {
    const times = buildTimes(d, report.history, now)
    s.heading('Build times', 3)
    if (times.chart) s.line(times.chart)
    s.line(`<p>${escape(times.line)}</p>`)
  }

  addVerifiedRelease(s, report)
  if (report.cleanup) addCleanup(s, report.cleanup)
  if (report.variables) addVariables(s, report.variables)
  if (report.operation === 'project' && report.project) addProject(s, report)
  if (report.domains) addDomains(s, report)

  if (report.rollback) {
    const r = report.rollback
    s.heading('Rollback', 3)
    s.line(
      `<p>⏪ Production was rolled back${r.fromDeploymentId ? ` from ${code(r.fromDeploymentId)}` : ''} to ${code(r.toDeploymentId)} (${escape(r.reason)}): ${r.verified ? 'verified live ✅' : 'not yet confirmed ⚠️'}.</p>`
    )
  }
  if (report.failure) {
    s.heading('What went wrong', 3)
    s.line(`<p>${escape(report.failure)}</p>`)
  }
  if (report.logTail.length > 0) {
    s.details(
      report.logTail.length === 1
        ? 'Build log (last line)'
        : `Build log (last ${report.logTail.length} lines)`,
      // A <pre> block ends only at `</pre>`, which escaping rules out: its lines stay lines.
      `\n\n<pre><code>${escapeHtml(report.logTail.join('\n'))}</code></pre>\n\n`
    )
  }
  for (const note of report.notes) s.line(`<p>ℹ️ ${escape(note)}</p>`)
  if (report.logsFile)
    s.line(`<p>Full build log saved to ${code(report.logsFile)} (logs-file output).</p>`)
  if (runUrl && report.failure) s.line(`<p><a href="${escapeHtml(runUrl)}">Workflow run</a></p>`)
  // The summary quotes messages and log lines: no credential may reach the file.
  return redact(s.toString())
}

function addCleanup(s: Html, c: CleanupRecord): void {
  s.heading(c.dryRun ? 'Would delete (dry run)' : 'Deleted', 3)
  if (c.deleted.length === 0) {
    s.line('<p>Nothing.</p>')
  } else {
    s.table([
      cleanupHeader('Why'),
      ...c.deleted.slice(0, MAX_DELETED_ROWS).map((e) => cleanupRow(e, escape(e.why)))
    ])
    const rest = c.deleted.length - MAX_DELETED_ROWS
    if (rest > 0)
      s.line(
        `<p>… and ${rest} more, oldest first above; every id is in the deleted-ids output.</p>`
      )
  }
  if (c.kept.length === 0) return
  s.heading('Kept', 3)
  const counts = new Map<string, number>()
  for (const k of c.kept) counts.set(k.reason, (counts.get(k.reason) ?? 0) + 1)
  s.list(
    [...counts].map(
      ([reason, n]) => `${n} × ${escape(KEEP_REASON_TEXT[reason as keyof typeof KEEP_REASON_TEXT])}`
    )
  )
  // Deployments the filters left out are the least interesting; show them last.
  const filtered = new Set(['outside-environment', 'outside-branch'])
  const ordered = [
    ...c.kept.filter((k) => !filtered.has(k.reason)),
    ...c.kept.filter((k) => filtered.has(k.reason))
  ]
  s.table([
    cleanupHeader('Reason'),
    ...ordered.slice(0, MAX_KEPT_ROWS).map((k) => cleanupRow(k, escape(k.why)))
  ])
  const rest = ordered.length - MAX_KEPT_ROWS
  if (rest > 0) s.line(`<p>… and ${rest} more kept deployments (listed in the step log).</p>`)
}

function cleanupHeader(last: string): Array<{ data: string; header: true }> {
  return ['Deployment', 'Environment', 'Branch', 'Created', last].map((data) => ({
    data,
    header: true as const
  }))
}

function cleanupRow(
  e: { id: string; environment: string; branch: string; createdOn: string },
  last: string
): string[] {
  return [code(e.id), escape(e.environment), code(e.branch), escape(e.createdOn), last]
}

const CHANGE_EMOJI: Record<string, string> = {
  added: '➕',
  replaced: '✏️',
  set: '🔐',
  deleted: '➖',
  unchanged: '⚪'
}

/** The variables by name, kind and change: never a value (the table has no column for one). */
function addVariables(s: Html, v: VariablesRecord): void {
  s.heading(`Variables (${escape(v.environment)})${v.dryRun ? ', dry run' : ''}`, 3)
  s.table([
    ['Name', 'Type', v.dryRun ? 'Would be' : 'Change'].map((data) => ({ data, header: true })),
    ...v.changes.map((c) => [
      code(c.name),
      c.kind === undefined ? '–' : c.kind === 'secret' ? 'secret' : 'plain text',
      `${CHANGE_EMOJI[c.change] ?? ''} ${escape(c.change)}${c.why ? `: ${escape(c.why)}` : ''}`
    ])
  ])
}

function addProject(s: Html, report: Report): void {
  const p = report.project
  if (!p) return
  const live = p.canonical_deployment
  const latest = p.latest_deployment
  s.heading('Project', 3)
  s.table([
    [
      { data: 'Field', header: true },
      { data: 'Value', header: true }
    ],
    ['Name', code(p.name)],
    ['URL', link(`https://${p.subdomain}`)],
    ['Production branch', code(p.production_branch)],
    ['Source', escape(sourceOf(p))],
    ['Domains', p.domains.map(code).join(', ') || 'none'],
    ['Live production', live ? `${code(live.id)} ${link(live.url)}` : 'none'],
    [
      'Latest deployment',
      latest
        ? `${code(latest.id)} (${escape(latest.environment)}, ${code(latest.deployment_trigger.metadata.branch)})`
        : 'none'
    ],
    ['Created', escape(p.created_on)]
  ])
}

function addDomains(s: Html, report: Report): void {
  const domains = report.domains ?? []
  s.heading('Custom domains', 3)
  if (domains.length === 0) {
    s.line('<p>The project has no custom domains.</p>')
    return
  }
  s.table([
    ['Domain', 'Status', 'Validation', 'Verification'].map((data) => ({ data, header: true })),
    ...domains.map((d) => [
      code(d.name),
      `${DOMAIN_EMOJI[d.status] ?? '❌'} ${escape(describeDomain(d))}`,
      escape(d.validation_data?.status ?? '–'),
      escape(d.verification_data?.status ?? '–')
    ])
  ])
}

function code(text: string): string {
  return `<code>${escape(text)}</code>`
}

/** A link to an http(s) URL; any other URL an answer carries is shown as text only. */
function link(url: string): string {
  if (!/^https?:\/\//i.test(url)) return escape(url)
  return `<a href="${escapeHtml(url)}">${escape(url)}</a>`
}

function firstLine(text: string | undefined): string {
  const line = (text ?? '').split(/\r\n|\r|\n/)[0] ?? ''
  return line.length > 72 ? `${line.slice(0, 69)}...` : line
}

/** `Functions, 5 routes: 2 modules, 12.3 kB (4.1 kB gzipped); esbuild downloaded in 0.3s`. */
function describeWorker(w: WorkerRecord): string {
  const what =
    w.kind === 'functions' ? `Functions, ${w.routes ?? 0} routes` : 'advanced mode (_worker.js)'
  const modules = `${w.modules} module${w.modules === 1 ? '' : 's'}`
  const size = `${(w.bytes / 1000).toFixed(1)} kB (${(w.gzipBytes / 1000).toFixed(1)} kB gzipped)`
  const routes = w.routesJson ? `; _routes.json ${w.routesJson}` : ''
  const bundler = w.bundler
    ? `; esbuild ${w.bundler.source === 'download' ? 'downloaded' : `from the ${w.bundler.source}`} in ${formatDuration(w.bundler.durationMs)}`
    : ''
  return `${what}: ${modules}, ${size}${routes}${bundler}; built in ${formatDuration(w.buildMs)}`
}

/** `3 files (1.2 kB): 3 sent (1.2 kB), 0 already on Cloudflare, in 94ms`. */
function describeUpload(u: UploadRecord): string {
  const n = (count: number): string => count.toLocaleString('en-US')
  const sent =
    u.uploaded === 0 ? '0 sent' : `${n(u.uploaded)} sent (${formatSize(u.bytesUploaded)})`
  return `${n(u.found)} file${u.found === 1 ? '' : 's'} (${formatSize(u.bytesTotal)}): ${sent}, ${n(u.alreadyUploaded)} already on Cloudflare, in ${formatDuration(u.durationMs)}`
}

const SIZE_UNITS = ['kB', 'MB', 'GB'] as const

/**
 * `0 B`, `512 B`, `1.2 kB`, `166 kB`, `2.5 MB`: decimal units, the unit chosen so that a
 * non-empty upload never reads as `0.0`, one decimal below 10 units.
 */
function formatSize(bytes: number): string {
  if (bytes < 1000) return `${Math.max(0, Math.round(bytes))} B`
  let value = bytes
  for (const unit of SIZE_UNITS) {
    value /= 1000
    const shown = value < 10 ? Math.round(value * 10) / 10 : Math.round(value)
    if (shown < 1000 || unit === 'GB') return `${shown} ${unit}`
  }
  return `${bytes} B`
}

/** Cloudflare's build time of `d`, from its creation to the end of its last stage. */
function buildTime(d: Deployment, now: number): string {
  const took = formatDuration(totalDurationMs(d, now))
  return finalOutcome(d) === undefined ? `${took} so far` : took
}

/** A stage's status; a stage that never started in a finished deployment never will. */
function stageStatus(d: Deployment, stage: Stage): string {
  if (!stage.started_on && stage.status === 'idle' && finalOutcome(d) !== undefined)
    return '– not run'
  return `${EMOJI[stage.status] ?? ''} ${stage.status}`
}
