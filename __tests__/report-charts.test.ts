/**
 * The pictures of the job summary, from fixed reports: the stage timeline (a Mermaid gantt),
 * the build times of earlier deployments (a Mermaid bar chart) with the line comparing this
 * build to their median, and the link to the Cloudflare dashboard. Whether Mermaid accepts the
 * blocks is report-mermaid.test.ts.
 */
import { describe, expect, it } from '@jest/globals'
import {
  buildTimes,
  dashboardUrl,
  medianOf,
  mermaidText,
  stageTimeline
} from '../src/run/charts.js'
import { renderSummary } from '../src/run/summary.js'
import {
  deploymentFixture,
  historyFixture,
  reportFixture,
  summaryScenarios,
  T0,
  timedDeploymentFixture
} from './support/fixtures.js'

const ACCOUNT = '0123456789abcdef0123456789abcdef'
const ID = '3f1c2a9e-5b7d-4c1e-9a0b-2d4e6f8a1b3c'

function scenario(name: string): { report: ReturnType<typeof reportFixture>; now: number } {
  const found = summaryScenarios()[name]
  if (!found) throw new Error(`no scenario ${name}`)
  return found
}

/** The lines of a ```mermaid block, without the fence. */
function body(block: string | undefined): string[] {
  expect(block).toBeDefined()
  const lines = (block ?? '').split('\n')
  expect(lines.slice(0, 2)).toEqual(['', '```mermaid'])
  expect(lines.slice(-2)).toEqual(['```', ''])
  return lines.slice(2, -2)
}

/** Earlier builds, this build, the median. */
const WITH_THIS_BUILD = '#8957e5, #4493f8, #e16f24'

/**
 * The lines of a bar chart block after its frontmatter (config), which is checked too: the
 * colours of this build's bar, the earlier ones' and the median's, or without this build.
 */
function chartBody(block: string | undefined, bars: number, palette = WITH_THIS_BUILD): string[] {
  const lines = body(block)
  expect(lines.slice(0, 9)).toEqual([
    '---',
    'config:',
    '  xyChart:',
    '    width: 800',
    `    height: ${Math.min(600, Math.max(240, 120 + 22 * bars))}`,
    '  themeVariables:',
    '    xyChart:',
    `      plotColorPalette: "${palette}"`,
    '---'
  ])
  return lines.slice(9)
}

/** How an earlier build's bar is labelled: its day (UTC) and commit. */
function labelOf(d: {
  created_on: string
  deployment_trigger: { metadata: { commit_hash: string } }
}) {
  const day = new Date(d.created_on).toLocaleDateString('en-US', {
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC'
  })
  return `"${day} ${d.deployment_trigger.metadata.commit_hash.slice(0, 7)}"`
}

describe('stage timeline', () => {
  it('lists every stage with its duration, on a time axis from the creation', () => {
    const lines = body(stageTimeline(deploymentFixture(), T0 + 35_000, 'site'))
    expect(lines).toEqual([
      'gantt',
      '  title Deployment 3f1c2a9e of site, time since it was created',
      '  dateFormat YYYY-MM-DDTHH:mm:ss.SSS',
      '  axisFormat %M:%S',
      '  tickInterval 5second',
      '  todayMarker off',
      '  queued 2s :done, s0, 2000-01-01T00:00:00.000, 2000-01-01T00:00:02.000',
      '  initialize 1s :done, s1, 2000-01-01T00:00:02.000, 2000-01-01T00:00:03.000',
      '  clone_repo 3s :done, s2, 2000-01-01T00:00:03.000, 2000-01-01T00:00:06.000',
      '  build 20s :done, s3, 2000-01-01T00:00:06.000, 2000-01-01T00:00:26.000',
      '  deploy 4s :done, s4, 2000-01-01T00:00:26.000, 2000-01-01T00:00:30.000'
    ])
  })

  it('marks a failed stage crit and leaves out the stages that never started', () => {
    const { report, now } = scenario('failed mid-build')
    const lines = body(stageTimeline(report.deployment ?? deploymentFixture(), now))
    expect(lines.at(-1)).toBe(
      '  build 15s failed :crit, s3, 2000-01-01T00:00:06.000, 2000-01-01T00:00:20.500'
    )
    expect(lines.filter((l) => l.includes(':done,'))).toHaveLength(3)
    expect(lines.join('\n')).not.toContain('deploy')
  })

  it('draws a running stage as active up to now', () => {
    const { report, now } = scenario('running')
    const lines = body(stageTimeline(report.deployment ?? deploymentFixture(), now))
    expect(lines.at(-1)).toBe(
      '  build 16s so far :active, s3, 2000-01-01T00:00:06.000, 2000-01-01T00:00:21.500'
    )
  })

  it('keeps milliseconds, and counts hours on the axis of a long build', () => {
    const short = body(stageTimeline(scenario('odd project name').report.deployment!, T0))
    expect(short).toContain(
      '  initialize 150ms :done, s1, 2000-01-01T00:00:00.400, 2000-01-01T00:00:00.550'
    )
    // Whole seconds on the axis of a 5-second deployment, not half seconds shown twice.
    expect(short).toContain('  tickInterval 1second')
    const long = body(stageTimeline(scenario('long build').report.deployment!, T0))
    expect(long).toContain('  axisFormat %H:%M:%S')
    expect(long).toContain('  tickInterval 10minute')
    expect(long).toContain(
      '  build 1h 04m :done, s3, 2000-01-01T00:01:50.000, 2000-01-01T01:05:50.000'
    )
  })

  it('lets only safe characters of the project name into the title', () => {
    const { report } = scenario('odd project name')
    const block = stageTimeline(report.deployment!, T0, report.projectName) ?? ''
    const title = body(block)[1] ?? ''
    expect(title).toBe(
      '  title Deployment x y z 1 of my site init x b next, time since it was created'
    )
    expect(title).not.toMatch(/[";#%<>\]:]/)
  })

  it('is nothing when no stage has started', () => {
    const queued = timedDeploymentFixture({ id: ID, startMs: 0, stageMs: [] })
    expect(stageTimeline(queued, T0)).toBeUndefined()
  })
})

describe('build times', () => {
  it('charts the successful builds oldest to newest, then this one, with the median', () => {
    const { report, now } = scenario('success')
    const { chart, line } = buildTimes(report.deployment!, report.history ?? [], now)
    // HISTORY_SECONDS newest first, without the 3 failures and the skip, reversed.
    const labels = (report.history ?? [])
      .filter((_, i) => ![2, 5, 8, 12].includes(i))
      .map(labelOf)
      .reverse()
    expect(labels.slice(0, 2)).toEqual(['"May 31 63574c8"', '"May 31 58bfc8a"'])
    expect(labels.at(-1)).toBe('"Jun 1 7d35483"')
    expect(chartBody(chart, 13)).toEqual([
      'xychart-beta horizontal',
      '  title "Build time (s) of the last 12 successful builds, this one in purple, median as a line"',
      `  x-axis [${[...labels, '"this build"'].join(', ')}]`,
      '  y-axis "Seconds" 0 --> 50',
      // This build, in a series (a colour) of its own, drawn first; then the earlier builds.
      `  bar [${[...Array(12).fill(0), 42].join(', ')}]`,
      '  bar [37, 30, 40, 34, 32, 36, 29, 34, 38, 33, 31, 35, 0]',
      `  line [${Array(13).fill(34).join(', ')}]`
    ])
    expect(line).toBe(
      'This build took 42s, 8s slower than the median of the last 12 successful preview builds (34s); 3 failed and 1 skipped build not counted.'
    )
  })

  it('says faster, or about the same, and counts each kind of build left out', () => {
    // Three stages ended, the deploy stage not started: still running, not compared.
    const running = timedDeploymentFixture({ id: ID, startMs: 0, stageMs: [1_000, 1_000, 28_000] })
    const mixed = historyFixture([
      { seconds: 50 },
      { seconds: 10, outcome: 'failure' },
      { seconds: 40 },
      { seconds: 5, outcome: 'canceled' },
      { seconds: 0, outcome: 'skipped' },
      { seconds: 0, outcome: 'skipped' }
    ])
    expect(buildTimes(running, mixed, T0 + 30_000).line).toBe(
      'The median of the last 2 successful preview builds is 45s; this build is still running (30s so far), so it is not compared; 1 failed, 1 canceled and 2 skipped builds not counted.'
    )
    const done = timedDeploymentFixture({
      id: ID,
      startMs: 0,
      stageMs: [2_000, 1_000, 3_000, 24_000, 3_000]
    })
    expect(buildTimes(done, historyFixture([{ seconds: 50 }, { seconds: 40 }]), T0).line).toBe(
      'This build took 33s, 12s faster than the median of the last 2 successful preview builds (45s).'
    )
    expect(buildTimes(done, historyFixture([{ seconds: 33 }, { seconds: 34 }]), T0).line).toBe(
      'This build took 33s, about the same as the median of the last 2 successful preview builds (34s).'
    )
  })

  it('leaves a failed build out of the chart and says so', () => {
    const { report, now } = scenario('failed mid-build')
    const { chart, line } = buildTimes(report.deployment!, report.history ?? [], now)
    const lines = chartBody(chart, 12, '#4493f8, #e16f24')
    expect(lines[1]).toBe(
      '  title "Build time (s) of the last 12 successful builds, median as a line"'
    )
    expect(lines.filter((l) => l.startsWith('  bar '))).toHaveLength(1)
    expect(lines[2]).not.toContain('this build')
    expect(lines[4]).toBe('  bar [37, 30, 40, 34, 32, 36, 29, 34, 38, 33, 31, 35]')
    expect(line).toBe(
      'The median of the last 12 successful preview builds is 34s; this build ended with failure, so it is not compared; 3 failed and 1 skipped build not counted.'
    )
  })

  it('draws no chart with fewer than 2 earlier successful builds', () => {
    const { report, now } = scenario('history of failures')
    const one = buildTimes(report.deployment!, report.history ?? [], now)
    expect(one.chart).toBeUndefined()
    expect(one.line).toBe(
      'No chart: it needs 2 earlier successful preview builds to compare with, and the history has only 1 (2 failed and 1 skipped build not counted).'
    )
    const none = buildTimes(report.deployment!, [], now)
    expect(none.chart).toBeUndefined()
    expect(none.line).toBe(
      'No chart: it needs 2 earlier successful preview builds to compare with, and the history has none.'
    )
  })

  it('compares a deployment only with the ones created before it', () => {
    const { report, now } = scenario('status of an older deployment')
    const { chart, line } = buildTimes(report.deployment!, report.history ?? [], now)
    expect(chartBody(chart, 8)[5]).toBe('  bar [37, 30, 40, 34, 32, 36, 29, 0]')
    expect(line).toBe(
      'This build took 35s, 1s slower than the median of the last 7 successful preview builds (34s); 2 failed builds not counted.'
    )
  })

  it('counts in minutes once a build passes ten minutes', () => {
    const { report, now } = scenario('long build')
    const lines = chartBody(buildTimes(report.deployment!, report.history ?? [], now).chart, 4)
    expect(lines[1]).toBe(
      '  title "Build time (min) of the last 3 successful builds, this one in purple, median as a line"'
    )
    expect(lines[3]).toBe('  y-axis "Minutes" 0 --> 100')
    expect(lines[4]).toBe('  bar [0, 0, 0, 66.9]')
    expect(lines[5]).toBe('  bar [67, 51.7, 61.7, 0]')
    expect(lines[6]).toBe('  line [61.7, 61.7, 61.7, 61.7]')
  })

  it('keeps only safe characters in the labels', () => {
    const { report, now } = scenario('odd project name')
    const lines = chartBody(buildTimes(report.deployment!, report.history ?? [], now).chart, 4)
    expect(lines[2]).toContain('"Jun 1 a b c d"')
    expect(lines[2]?.match(/"/g)).toHaveLength(8)
  })

  it('labels a retried commit apart, and a build without a commit by its short id', () => {
    const [a, b] = historyFixture([{ seconds: 30 }, { seconds: 32 }])
    const noCommit = (d: typeof a) => ({
      ...d!,
      deployment_trigger: {
        ...d!.deployment_trigger,
        metadata: { ...d!.deployment_trigger.metadata, commit_hash: '' }
      }
    })
    const retried = { ...b!, deployment_trigger: a!.deployment_trigger }
    const current = timedDeploymentFixture({
      id: ID,
      startMs: 0,
      stageMs: [1_000, 1_000, 20_000, 1_000, 1_000]
    })
    const twice = chartBody(buildTimes(current, [a!, retried], T0 + 60_000).chart, 3)
    const commit = a!.deployment_trigger.metadata.commit_hash.slice(0, 7)
    expect(twice[2]).toBe(`  x-axis ["Jun 1 ${commit}", "Jun 1 ${commit} (2)", "this build"]`)
    const anonymous = chartBody(buildTimes(current, [noCommit(a), b!], T0 + 60_000).chart, 3)
    expect(anonymous[2]).toContain(`"Jun 1 ${a!.short_id}"`)
  })

  it('takes the median of an odd or even count', () => {
    expect(medianOf([3, 1, 2])).toBe(2)
    expect(medianOf([4, 1, 3, 2])).toBe(2.5)
    expect(medianOf([7])).toBe(7)
  })
})

describe('mermaidText', () => {
  it('keeps letters, digits, spaces and . _ - ( ), and shortens', () => {
    expect(mermaidText('my-site_2 (v1.2)')).toBe('my-site_2 (v1.2)')
    expect(mermaidText('a"b;c#d%%e:f\ng[h]i{j}<k>`l`é')).toBe('a b c d e f g h i j k l')
    expect(mermaidText('x'.repeat(100))).toHaveLength(60)
  })
})

describe('the job summary with its pictures', () => {
  it('links the deployment in the Cloudflare dashboard when the account is known', () => {
    expect(dashboardUrl(ACCOUNT, 'site', ID)).toBe(
      `https://dash.cloudflare.com/${ACCOUNT}/pages/view/site/${ID}`
    )
    expect(dashboardUrl(ACCOUNT, 'a b/c', ID)).toBe(
      `https://dash.cloudflare.com/${ACCOUNT}/pages/view/a%20b%2Fc/${ID}`
    )
    const report = reportFixture({ deployment: deploymentFixture(), accountId: ACCOUNT })
    expect(renderSummary(report, T0, undefined)).toContain(
      `<tr><td>Dashboard</td><td><a href="https://dash.cloudflare.com/${ACCOUNT}/pages/view/site/${ID}">Cloudflare dashboard</a></td></tr>`
    )
    const without = reportFixture({ deployment: deploymentFixture() })
    expect(renderSummary(without, T0, undefined)).not.toContain('dash.cloudflare.com')
  })

  it('puts the timeline after the Stages table and the build times after it', () => {
    const { report, now } = scenario('success')
    const html = renderSummary(report, now, undefined)
    const stages = html.indexOf('<h3>Stages</h3>')
    const timeline = html.indexOf('<h3>Stage timeline</h3>')
    const times = html.indexOf('<h3>Build times</h3>')
    expect(stages).toBeGreaterThan(0)
    expect(timeline).toBeGreaterThan(stages)
    expect(times).toBeGreaterThan(timeline)
    expect(html).toContain('<tr><td><code>build</code></td><td>✅ success</td><td>31s</td></tr>')
    expect(html).toContain(
      '<p>This build took 42s, 8s slower than the median of the last 12 successful preview builds (34s); 3 failed and 1 skipped build not counted.</p>'
    )
    expect(html.match(/```mermaid/g)).toHaveLength(2)
  })

  it('charts build times only for deploy, wait, retry and status, and only with a history', () => {
    const { report, now } = scenario('success')
    for (const operation of ['deploy', 'wait', 'retry', 'status'])
      expect(renderSummary({ ...report, operation }, now, undefined)).toContain('Build times')
    for (const operation of ['rollback', 'trigger', 'logs'])
      expect(renderSummary({ ...report, operation }, now, undefined)).not.toContain('Build times')
    const unread = renderSummary({ ...report, history: undefined }, now, undefined)
    expect(unread).not.toContain('Build times')
    expect(unread).toContain('Stage timeline')
  })

  it('says in one line why there is no chart', () => {
    const { report, now } = scenario('history of failures')
    const html = renderSummary(report, now, undefined)
    expect(html.match(/```mermaid/g)).toHaveLength(1)
    expect(html).toContain('<h3>Build times</h3>\n<p>No chart: it needs 2 earlier')
  })
})
