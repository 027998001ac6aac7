/**
 * The pictures of the job summary, as Markdown: a Mermaid `gantt` of a deployment's stages,
 * a Mermaid `xychart-beta` of the build times of earlier deployments with one line comparing
 * this build to their median, and the deployment's address in the Cloudflare dashboard. GitHub
 * draws ```mermaid fences in job summaries and comments; elsewhere they read as text, so each
 * picture sits next to a text equivalent. Pure: every function returns text.
 */
import type { Deployment } from '../cloudflare/types.js'
import { finalOutcome, stageDurationMs, stagesOf, totalDurationMs } from '../domain/deployment.js'
import { formatDuration } from '../util/duration.js'

/** Fewest earlier successful builds worth a chart. */
export const MIN_CHARTED_BUILDS = 2
/** Most earlier builds in the chart (one page of the history). */
export const MAX_CHARTED_BUILDS = 20

/**
 * Text fit to go into a Mermaid diagram: ASCII letters, digits, spaces and `. _ - ( )` only,
 * everything else a space, at most `max` characters. Mermaid's grammars treat `:`, `;`, `#`,
 * `%%`, quotes, brackets and line breaks as syntax, and GitHub's renderer is no place to try
 * others.
 */
export function mermaidText(text: string, max = 60): string {
  const safe = text
    .replace(/[^A-Za-z0-9 ._()-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  return safe.length > max ? safe.slice(0, max).trimEnd() : safe
}

/** A ```mermaid fence around `lines`, with the blank lines that end an HTML block before it. */
function fence(lines: string[]): string {
  return ['', '```mermaid', ...lines, '```', ''].join('\n')
}

/**
 * The stages of `deployment` that started, as a Mermaid gantt on a time axis that starts when
 * the deployment was created (minutes:seconds). Success is `done`, failure `crit`, a running
 * stage `active` and measured to `now`. `undefined` when no stage has started.
 *
 * The times are written as ISO dates counted from 2000-01-01T00:00:00 (`dateFormat
 * YYYY-MM-DDTHH:mm:ss.SSS`): Mermaid reads them in the reader's time zone and draws the axis
 * in the same zone, so the axis shows the time elapsed whatever that zone is, and no daylight
 * saving change falls on that day. (With `dateFormat X`, Mermaid ignores numeric start times.)
 */
export function stageTimeline(
  deployment: Deployment,
  now: number,
  projectName?: string
): string | undefined {
  const started = stagesOf(deployment).filter(
    (stage) => stage.started_on && Number.isFinite(Date.parse(stage.started_on))
  )
  if (started.length === 0) return undefined
  const created = Date.parse(deployment.created_on)
  const firstStart = Math.min(...started.map((stage) => Date.parse(stage.started_on ?? '')))
  const base = Number.isFinite(created) ? Math.min(created, firstStart) : firstStart

  const tasks = started.map((stage, i) => {
    const start = Date.parse(stage.started_on ?? '') - base
    const ms = stageDurationMs(stage, now) ?? 0
    const tag = STAGE_TAG[stage.status]
    const label = `${mermaidText(stage.name)} ${formatDuration(ms)}${STAGE_NOTE[stage.status] ?? ''}`
    const fields = [...(tag ? [tag] : []), `s${i}`, elapsed(start), elapsed(start + ms)]
    return { label, fields, end: start + ms }
  })
  const span = Math.max(...tasks.map((t) => t.end))
  const who = [mermaidText(deployment.short_id, 16), mermaidText(projectName ?? '')]
    .filter(Boolean)
    .join(' of ')
  return fence([
    'gantt',
    `  title ${who ? `Deployment ${who}, time` : 'Time'} since it was created`,
    '  dateFormat YYYY-MM-DDTHH:mm:ss.SSS',
    `  axisFormat ${span < 3_600_000 ? '%M:%S' : '%H:%M:%S'}`,
    `  tickInterval ${tickInterval(span)}`,
    '  todayMarker off',
    ...tasks.map((t) => `  ${t.label} :${t.fields.join(', ')}`)
  ])
}

const STAGE_TAG: Partial<Record<string, string>> = {
  success: 'done',
  failure: 'crit',
  active: 'active',
  idle: 'active'
}

const STAGE_NOTE: Partial<Record<string, string>> = {
  failure: ' failed',
  canceled: ' canceled',
  skipped: ' skipped',
  active: ' so far',
  idle: ' so far'
}

/**
 * Whole-second steps for the axis, at most about 12 over `span`: left to itself Mermaid puts
 * half-second ticks on a short deployment, which `%M:%S` shows twice each.
 */
const TICKS: Array<[number, string]> = [
  [1_000, '1second'],
  [2_000, '2second'],
  [5_000, '5second'],
  [10_000, '10second'],
  [15_000, '15second'],
  [30_000, '30second'],
  [60_000, '1minute'],
  [120_000, '2minute'],
  [300_000, '5minute'],
  [600_000, '10minute'],
  [900_000, '15minute'],
  [1_800_000, '30minute'],
  [3_600_000, '1hour']
]

function tickInterval(span: number): string {
  return (TICKS.find(([ms]) => span / ms <= 12) ?? [0, '2hour'])[1]
}

const EPOCH = Date.UTC(2000, 0, 1)

/** `2000-01-01T00:01:02.345` for 62 345 ms. */
function elapsed(ms: number): string {
  return new Date(EPOCH + Math.max(0, Math.round(ms))).toISOString().slice(0, 23)
}

/** The build times of a deployment and of the earlier ones of its environment. */
export interface BuildTimes {
  /** The Mermaid bar chart; `undefined` with fewer than two earlier successful builds. */
  chart: string | undefined
  /** One line of text: how this build compares with the median, or why there is no chart. */
  line: string
}

/**
 * The build times (`totalDurationMs`) of the successful deployments in `history` that were
 * created before `deployment`, oldest to newest, then `deployment` itself when it succeeded: a
 * Mermaid bar chart (horizontal bars, oldest at the top) in seconds with the median of the
 * earlier ones as a line, and one line of text. Failed, canceled, skipped and unfinished deployments are left out and counted.
 */
export function buildTimes(
  deployment: Deployment,
  history: readonly Deployment[],
  now: number
): BuildTimes {
  const created = Date.parse(deployment.created_on)
  const earlier = history.filter(
    (d) =>
      d.id !== deployment.id &&
      !(Number.isFinite(created) && Date.parse(d.created_on) > created) &&
      Number.isFinite(Date.parse(d.created_on))
  )
  const left = { failed: 0, canceled: 0, skipped: 0, unfinished: 0 }
  const successes: Deployment[] = []
  for (const d of earlier) {
    const outcome = finalOutcome(d)
    if (outcome === 'success') successes.push(d)
    else if (outcome === 'failure') left.failed += 1
    else if (outcome === 'canceled') left.canceled += 1
    else if (outcome === 'skipped') left.skipped += 1
    else left.unfinished += 1
  }
  const bars = successes
    .sort((a, b) => Date.parse(a.created_on) - Date.parse(b.created_on))
    .slice(-MAX_CHARTED_BUILDS)
    .map((d) => ({ label: barLabel(d), ms: totalDurationMs(d, now) }))
  const notCounted = describeLeftOut(left)
  const environment = mermaidText(deployment.environment)

  if (bars.length < MIN_CHARTED_BUILDS) {
    const found = bars.length === 0 ? 'none' : `only ${bars.length}`
    return {
      chart: undefined,
      line: `No chart: it needs ${MIN_CHARTED_BUILDS} earlier successful ${environment} builds to compare with, and the history has ${found}${notCounted ? ` (${notCounted})` : ''}.`
    }
  }

  const median = medianOf(bars.map((b) => b.ms))
  const outcome = finalOutcome(deployment)
  const current = outcome === 'success' ? totalDurationMs(deployment, now) : undefined
  const lastN = `the last ${bars.length} successful ${environment} builds`
  let line: string
  if (current !== undefined) {
    const diff = current - median
    const how =
      Math.abs(diff) < 1000
        ? 'about the same as'
        : `${formatDuration(Math.abs(diff))} ${diff > 0 ? 'slower' : 'faster'} than`
    line = `This build took ${formatDuration(current)}, ${how} the median of ${lastN} (${formatDuration(median)})`
  } else {
    const state =
      outcome === undefined
        ? `is still running (${formatDuration(totalDurationMs(deployment, now))} so far)`
        : `ended with ${outcome}`
    line = `The median of ${lastN} is ${formatDuration(median)}; this build ${state}, so it is not compared`
  }
  line += notCounted ? `; ${notCounted}.` : '.'

  const all = current === undefined ? bars : [...bars, { label: 'this build', ms: current }]
  const labels = uniqueLabels(all.map((b) => b.label))
  // Seconds, or minutes once a bar passes ten minutes, where seconds stop being readable.
  const inMinutes = Math.max(...all.map((b) => b.ms), median) >= 600_000
  const unit = inMinutes ? { short: 'min', name: 'Minutes', ms: 60_000 } : SECONDS
  const values = all.map((b) => inUnit(b.ms, unit.ms))
  const top = niceCeiling(Math.max(...values, inUnit(median, unit.ms)) * 1.1)
  // This build is a series of its own, zero on the earlier builds' rows, so that it has its own
  // colour: Mermaid colours a chart by series, not by bar. Mermaid draws a zero bar as a sliver,
  // so this build's series goes first, under the earlier builds' bars.
  const earlierValues = current === undefined ? values : [...values.slice(0, -1), 0]
  const thisValues = values.map((v, i) => (i === values.length - 1 ? v : 0))
  const palette =
    current === undefined
      ? [BAR_COLOUR, MEDIAN_COLOUR]
      : [THIS_BUILD_COLOUR, BAR_COLOUR, MEDIAN_COLOUR]
  const chart = fence([
    // Horizontal bars keep every label readable, up to the 21 bars of a full history; the
    // colours (earlier builds, this build, then the median line) read on GitHub's light and
    // dark themes alike, where the default palette draws pale lavender bars.
    '---',
    'config:',
    '  xyChart:',
    // Wide enough for the title; Mermaid scales the chart down on a narrower page.
    '    width: 800',
    `    height: ${Math.min(600, Math.max(240, 120 + 22 * all.length))}`,
    '  themeVariables:',
    '    xyChart:',
    `      plotColorPalette: "${palette.join(', ')}"`,
    '---',
    'xychart-beta horizontal',
    `  title "Build time (${unit.short}) of the last ${bars.length} successful builds${current !== undefined ? ', this one in purple' : ''}, median as a line"`,
    `  x-axis [${labels.map((label) => `"${label}"`).join(', ')}]`,
    `  y-axis "${unit.name}" 0 --> ${top}`,
    ...(current === undefined ? [] : [`  bar [${thisValues.join(', ')}]`]),
    `  bar [${earlierValues.join(', ')}]`,
    `  line [${all.map(() => inUnit(median, unit.ms)).join(', ')}]`
  ])
  return { chart, line }
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/**
 * An earlier build's bar: the day it was created (UTC) and its commit, `May 31 a1b2c3d`, or
 * the deployment's short id when it has no commit (a Direct Upload without one).
 */
function barLabel(d: Deployment): string {
  const created = new Date(Date.parse(d.created_on))
  const day = `${MONTHS[created.getUTCMonth()] ?? ''} ${created.getUTCDate()}`
  const commit = d.deployment_trigger.metadata.commit_hash.slice(0, 7) || d.short_id
  return mermaidText(`${day} ${commit}`, 24)
}

/** Mermaid merges bars of the same label: a repeated one (a retried commit) gets `(2)`, `(3)`. */
function uniqueLabels(labels: string[]): string[] {
  const seen = new Map<string, number>()
  return labels.map((label) => {
    const count = (seen.get(label) ?? 0) + 1
    seen.set(label, count)
    return count === 1 ? label : `${label} (${count})`
  })
}

/** `3 failed and 1 skipped build not counted`, or `''` when every build counted. */
function describeLeftOut(left: {
  failed: number
  canceled: number
  skipped: number
  unfinished: number
}): string {
  const parts = [
    left.failed > 0 ? `${left.failed} failed` : '',
    left.canceled > 0 ? `${left.canceled} canceled` : '',
    left.skipped > 0 ? `${left.skipped} skipped` : '',
    left.unfinished > 0 ? `${left.unfinished} unfinished` : ''
  ].filter(Boolean)
  if (parts.length === 0) return ''
  // The noun agrees with the number next to it: `3 failed and 1 skipped build`.
  const lastCount = [left.unfinished, left.skipped, left.canceled, left.failed].find((n) => n > 0)
  const list =
    parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`
  return `${list} build${lastCount === 1 ? '' : 's'} not counted`
}

/** The median of non-empty `values`. */
export function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  const upper = sorted[mid] ?? 0
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? upper) + upper) / 2
}

const BAR_COLOUR = '#4493f8'
const THIS_BUILD_COLOUR = '#8957e5'
const MEDIAN_COLOUR = '#e16f24'
const SECONDS = { short: 's', name: 'Seconds', ms: 1000 }

/** `ms` in a unit of `unitMs`, with one decimal below 100 units and none above. */
function inUnit(ms: number, unitMs: number): number {
  const v = ms / unitMs
  return v < 100 ? Math.round(v * 10) / 10 : Math.round(v)
}

/** The smallest of 1, 2, 2.5, 5 × 10^n at or above `value` (at least 1), for the y-axis. */
function niceCeiling(value: number): number {
  if (!(value > 1)) return 1
  const power = 10 ** Math.floor(Math.log10(value))
  const step = [1, 2, 2.5, 5, 10].find((m) => m * power >= value) ?? 10
  return step * power
}

/** The deployment's page in the Cloudflare dashboard. */
export function dashboardUrl(accountId: string, projectName: string, deploymentId: string): string {
  return `https://dash.cloudflare.com/${[accountId, 'pages', 'view', projectName, deploymentId]
    .map(encodeURIComponent)
    .join('/')}`
}
