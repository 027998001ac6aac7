/**
 * The pull request's one comment for every project: a table with a row per project, each row
 * carrying its own data in a hidden marker, so that a job can read the comment, change its own
 * row and write the table again without knowing anything about the other projects. Pure: the
 * protocol that keeps parallel jobs from losing each other's rows is `preview-comment.ts`.
 *
 * Everything in a row may come from outside (a branch's build log, Cloudflare's answers) or from
 * a comment someone edited, so a row is validated when it is read and rendered as text.
 */
import { formatDuration, parseDuration } from '../util/duration.js'
import { codeSpan } from '../util/markdown.js'

/** Marks the shared comment. */
export const TABLE_MARKER = '<!-- pages-pilot:previews -->'

/** The marker of one project's own comment, as pages-pilot wrote it before the shared one. */
export function legacyMarker(projectName: string): string {
  return `<!-- pages-pilot:comment project=${projectName} -->`
}

export type RowStatus = 'building' | 'ready' | 'failed' | 'skipped' | 'removed'

/**
 * Which of two rows of a project is newer: a later workflow run wins (GitHub's run ids grow),
 * then a later attempt of it, then the later write. A row from an older run never replaces
 * the row of a newer one, whatever the runners' clocks say.
 */
export interface RowOrder {
  run: number
  attempt: number
  /** When the row was written (ms since the epoch). */
  at: number
}

/** One project's row. */
export interface PreviewRow {
  project: string
  status: RowStatus
  /** The preview's address: the branch alias (computed before the build), else the deployment's. */
  preview?: string | undefined
  /** This commit's own deployment (`https://<short-id>.<subdomain>`), linked from the commit. */
  deploymentUrl?: string | undefined
  commit?: string | undefined
  buildMs?: number | undefined
  /** The health check, when the step has one. */
  check?: { path: string; passed: boolean; detail?: string | undefined } | undefined
  /** Where a failed deployment stopped, and the first line that says why. */
  failure?: { stage: string; line?: string | undefined } | undefined
  /** The workflow run that wrote the row. */
  runUrl?: string | undefined
  order: RowOrder
  /**
   * A row in a format this version does not read (a newer pages-pilot wrote it): kept as it
   * is, and replaced only by its own project's job.
   */
  raw?: string | undefined
}

/** `a` is newer than `b`: > 0; as new: 0. */
export function compareOrder(a: RowOrder, b: RowOrder): number {
  return a.run - b.run || a.attempt - b.attempt || a.at - b.at
}

/** Data format of the rows this version writes. */
const ROW_VERSION = 1
const ROW_MARKER =
  /<!-- pages-pilot:row project=([a-z0-9][a-z0-9-]{0,57}) v=(\d{1,4}) data=([A-Za-z0-9_-]{0,8000}) -->/g
const LEGACY_MARKER = /<!-- pages-pilot:comment project=([a-z0-9][a-z0-9-]{0,57}) -->/

/** The rows a comment holds: a shared comment's, or the one row of a project's old comment. */
export function rowsOf(body: string, updatedAt?: string): PreviewRow[] {
  if (body.includes(TABLE_MARKER)) return tableRows(body)
  const legacy = legacyRow(body, updatedAt)
  return legacy ? [legacy] : []
}

/** A comment pages-pilot wrote for pull requests: the shared one, or an old per-project one. */
export function isPreviewComment(body: string | undefined): boolean {
  return body !== undefined && (body.includes(TABLE_MARKER) || LEGACY_MARKER.test(body))
}

function tableRows(body: string): PreviewRow[] {
  const rows: PreviewRow[] = []
  for (const line of body.split('\n')) {
    for (const [, project, version, data] of line.matchAll(ROW_MARKER)) {
      if (project === undefined) continue
      if (Number(version) !== ROW_VERSION) {
        // Only a whole table row is worth keeping as it is.
        if (/^\|.*\|$/.test(line.trim()) && line.length <= 4000) {
          rows.push({
            project,
            status: 'building',
            order: { run: 0, attempt: 0, at: 0 },
            raw: line
          })
        }
        continue
      }
      const row = decodeRow(data ?? '')
      if (row && row.project === project) rows.push(row)
    }
  }
  return rows
}

/** The row a row's marker carries, if it is one this version could have written. */
function decodeRow(data: string): PreviewRow | undefined {
  let value: unknown
  try {
    value = JSON.parse(Buffer.from(data, 'base64url').toString('utf8'))
  } catch {
    return undefined
  }
  if (typeof value !== 'object' || value === null) return undefined
  const v = value as Record<string, unknown>
  const order = v.order as Record<string, unknown> | undefined
  if (
    typeof v.project !== 'string' ||
    !/^[a-z0-9][a-z0-9-]{0,57}$/.test(v.project) ||
    !isStatus(v.status) ||
    typeof order !== 'object' ||
    order === null ||
    !isCount(order.run) ||
    !isCount(order.attempt) ||
    !isCount(order.at)
  ) {
    return undefined
  }
  const check = v.check as Record<string, unknown> | undefined
  const failure = v.failure as Record<string, unknown> | undefined
  return {
    project: v.project,
    status: v.status,
    preview: text(v.preview, 2048),
    deploymentUrl: text(v.deploymentUrl, 2048),
    commit:
      typeof v.commit === 'string' && /^[0-9a-f]{7,64}$/i.test(v.commit) ? v.commit : undefined,
    buildMs: isCount(v.buildMs) ? v.buildMs : undefined,
    check:
      typeof check === 'object' &&
      check !== null &&
      typeof check.passed === 'boolean' &&
      text(check.path, 200) !== undefined
        ? {
            path: text(check.path, 200) ?? '',
            passed: check.passed,
            detail: text(check.detail, 300)
          }
        : undefined,
    failure:
      typeof failure === 'object' && failure !== null && text(failure.stage, 40) !== undefined
        ? { stage: text(failure.stage, 40) ?? '', line: text(failure.line, 300) }
        : undefined,
    runUrl: text(v.runUrl, 2048),
    order: { run: order.run, attempt: order.attempt, at: order.at }
  }
}

const STATUSES: readonly RowStatus[] = ['building', 'ready', 'failed', 'skipped', 'removed']
const isStatus = (value: unknown): value is RowStatus => STATUSES.includes(value as RowStatus)
const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
const text = (value: unknown, max: number): string | undefined =>
  typeof value === 'string' && value !== '' ? value.slice(0, max) : undefined

/** The headlines of the per-project comments of earlier versions. */
const LEGACY_STATUS: ReadonlyArray<[string, RowStatus]> = [
  ['### ⏳ Building preview', 'building'],
  ['### ✅ Preview ready', 'ready'],
  ['### ❌ Preview failed', 'failed'],
  ['### ⏭️ Build skipped', 'skipped']
]

/**
 * The row of a project's own comment (`<!-- pages-pilot:comment project=NAME -->`, written by
 * versions before the shared comment), folded into the shared comment. It ranks below any row
 * a run writes now.
 */
function legacyRow(body: string, updatedAt: string | undefined): PreviewRow | undefined {
  const project = LEGACY_MARKER.exec(body)?.[1]
  const status = LEGACY_STATUS.find(([headline]) => body.includes(headline))?.[1]
  if (project === undefined || status === undefined) return undefined
  const cell = (name: string): string | undefined =>
    new RegExp(`^\\| ${name} \\| (.+) \\|$`, 'm').exec(body)?.[1]
  const preview = /^<(https:\/\/[^\s<>]+)>$/.exec(cell('Preview') ?? '')?.[1]
  const commit = /^`([0-9a-f]{7,64})`$/i.exec(cell('Commit') ?? '')?.[1]
  const buildText = cell('Build time')
  const buildMs = buildText === undefined ? undefined : parseDuration(buildText.replace(/ /g, ''))
  const runUrl = /^\[logs\]\((https:\/\/[^\s()]+)\)$/.exec(cell('Workflow run') ?? '')?.[1]
  const at = Date.parse(updatedAt ?? '')
  return {
    project,
    status,
    preview,
    commit,
    buildMs,
    runUrl,
    order: { run: 0, attempt: 0, at: Number.isFinite(at) && at > 0 ? at : 0 }
  }
}

const HEADLINE: Record<RowStatus, string> = {
  building: '⏳ Building',
  ready: '✅ Ready',
  failed: '❌ Failed',
  skipped: '⏭️ Skipped',
  removed: '🗑️ Removed'
}

/** The order of the counts above the table. */
const COUNTED: readonly RowStatus[] = ['ready', 'building', 'failed', 'skipped', 'removed']

/** The shared comment holding `rows`, sorted by project. */
export function renderTable(rows: Iterable<PreviewRow>): string {
  const sorted = [...rows].sort((a, b) => (a.project < b.project ? -1 : 1))
  const checks = sorted.some((row) => row.check !== undefined)
  const counts = COUNTED.map(
    (status) => [status, sorted.filter((row) => !row.raw && row.status === status).length] as const
  )
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${count} ${status}`)
  const header = ['Project', 'Status', 'Preview', 'Commit', 'Build time']
  if (checks) header.push('Health check')
  header.push('Updated (UTC)')
  return [
    TABLE_MARKER,
    '### Cloudflare Pages previews',
    '',
    `**${sorted.length} ${sorted.length === 1 ? 'project' : 'projects'}:** ${counts.join(' · ')}`,
    '',
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...sorted.map((row) => row.raw ?? renderRow(row, checks)),
    '',
    '<sub>One row per Cloudflare Pages project, each kept up to date by its own job.</sub>'
  ].join('\n')
}

function renderRow(row: PreviewRow, checks: boolean): string {
  const cells = [
    codeSpan(row.project),
    statusCell(row),
    previewCell(row),
    commitCell(row),
    row.buildMs === undefined ? '—' : formatDuration(row.buildMs)
  ]
  if (checks) cells.push(checkCell(row))
  const when =
    row.order.at > 0 ? new Date(row.order.at).toISOString().slice(0, 16).replace('T', ' ') : '—'
  const updated = isSafeLink(row.runUrl) ? `[${when}](${row.runUrl})` : when
  cells.push(`${updated} ${rowMarker(row)}`)
  // A pipe in a cell would end it, inside a code span too, unless escaped.
  return `| ${cells.map((cell) => cell.replace(/\|/g, '\\|')).join(' | ')} |`
}

function rowMarker(row: PreviewRow): string {
  const data: PreviewRow = { ...row, raw: undefined }
  const encoded = Buffer.from(JSON.stringify(data), 'utf8').toString('base64url')
  return `<!-- pages-pilot:row project=${row.project} v=${ROW_VERSION} data=${encoded} -->`
}

function statusCell(row: PreviewRow): string {
  const headline = HEADLINE[row.status]
  if (row.status !== 'failed' || !row.failure) return headline
  const line = row.failure.line ? `<br>${codeSpan(clip(row.failure.line, 160))}` : ''
  return `${headline} at ${codeSpan(row.failure.stage)}${line}`
}

function previewCell(row: PreviewRow): string {
  // A failed or removed preview's address serves an older deployment, or nothing.
  if (!row.preview || row.status === 'failed' || row.status === 'removed') return '—'
  const link = linkTo(row.preview)
  return row.status === 'building' ? `${link} (when ready)` : link
}

function commitCell(row: PreviewRow): string {
  if (!row.commit) return '—'
  const commit = codeSpan(row.commit.slice(0, 7))
  const live = row.status === 'ready' && isSafeLink(row.deploymentUrl)
  return live ? `[${commit}](${row.deploymentUrl})` : commit
}

function checkCell(row: PreviewRow): string {
  const check = row.check
  if (!check) return '—'
  if (check.passed) return `✅ ${codeSpan(check.path)}`
  return `❌ ${codeSpan(check.path)}${check.detail ? `: ${codeSpan(clip(check.detail, 120))}` : ''}`
}

/** `[host](url)` for an https URL made only of plain characters; anything else as a code span. */
function linkTo(url: string): string {
  const host = /^https:\/\/([a-z0-9.-]+)(?::\d+)?(?:\/[^\s<>()[\]`|\\]*)?$/i.exec(url)?.[1]
  return host ? `[${host}](${url})` : codeSpan(url)
}

function isSafeLink(url: string | undefined): url is string {
  return url !== undefined && /^https:\/\/[a-z0-9.-]+(?::\d+)?(?:\/[^\s<>()[\]`|\\]*)?$/i.test(url)
}

function clip(line: string, max: number): string {
  const single = line.replace(/\s+/g, ' ').trim()
  return single.length > max ? `${single.slice(0, max - 1)}…` : single
}
