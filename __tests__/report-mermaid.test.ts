/**
 * Every Mermaid block the job summary can draw is one Mermaid accepts: summaries rendered from
 * fixed reports (and from generated ones) have each ```mermaid block parsed by mermaid itself.
 * A block Mermaid rejects shows as a "Syntax error" bomb on GitHub, so this is the test of the
 * pictures' syntax; report-charts.test.ts tests what they say.
 *
 * mermaid needs a DOM to parse (DOMPurify binds to `window` when mermaid is first imported), so
 * linkedom's window is set before the one import. Rendering needs a browser:
 * `npm run summary:screenshot`.
 */
import { beforeAll, describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { parseHTML } from 'linkedom'
import type { Deployment } from '../src/cloudflare/types.js'
import { stageDurationMs, stagesOf } from '../src/domain/deployment.js'
import { renderSummary } from '../src/run/summary.js'
import { registerSecret } from '../src/util/secrets.js'
import {
  historyFixture,
  reportFixture,
  summaryScenarios,
  T0,
  timedDeploymentFixture
} from './support/fixtures.js'

interface Mermaid {
  parse(text: string): Promise<{ diagramType: string; config?: Record<string, unknown> }>
  mermaidAPI: { getDiagramFromText(text: string): Promise<{ db: unknown }> }
}
/** What Mermaid's gantt makes of a block: the tasks with their computed times. */
interface GanttDb {
  getTasks(): Array<{
    task: string
    startTime: Date
    endTime: Date
    done?: boolean
    crit?: boolean
    active?: boolean
  }>
}
/** What Mermaid's xychart makes of a block. */
interface XyChartDb {
  getXYChartData(): {
    xAxis: { categories?: string[] }
    yAxis: { min?: number; max?: number }
    plots: Array<{ type: string; data: Array<[string, number | null]> }>
  }
}
let mermaid: Mermaid

beforeAll(async () => {
  ;(globalThis as { window?: unknown }).window = parseHTML('<html><body></body></html>').window
  mermaid = ((await import('mermaid')) as unknown as { default: Mermaid }).default
})

/** The ```mermaid blocks of a summary, as Markdown would find them. */
function mermaidBlocks(summary: string): string[] {
  return [...summary.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? '')
}

/** The diagram type of each block, or the block with mermaid's error, for a readable failure. */
async function parseAll(blocks: string[]): Promise<string[]> {
  return Promise.all(
    blocks.map(async (block) => {
      try {
        return (await mermaid.parse(block)).diagramType
      } catch (error) {
        return `REJECTED: ${error instanceof Error ? error.message : String(error)}\n${block}`
      }
    })
  )
}

describe('the Mermaid blocks of the job summary', () => {
  it.each(Object.entries(summaryScenarios()))('parse: %s', async (_name, { report, now }) => {
    const summary = renderSummary(report, now, undefined)
    const blocks = mermaidBlocks(summary)
    // Each block stands on its own, after a blank line that ends the HTML before it.
    expect(summary.split('```mermaid').length - 1).toBe(blocks.length)
    expect(summary).not.toMatch(/[^\n]\n```mermaid/)
    const types = await parseAll(blocks)
    expect(types.filter((t) => t.startsWith('REJECTED'))).toEqual([])
    expect(types[0]).toBe('gantt')
    if (report.history && types.length > 1) expect(types[1]).toBe('xychart')
  })

  it.each(Object.entries(summaryScenarios()))(
    'draw what the report says: %s',
    async (_name, { report, now }) => {
      const [gantt, chart] = mermaidBlocks(renderSummary(report, now, undefined))
      // The gantt: Mermaid reads each stage's start and end as written (a wrong dateFormat
      // parses, but puts every task elsewhere), with its tag.
      const tasks = ((await mermaid.mermaidAPI.getDiagramFromText(gantt ?? '')).db as GanttDb)
        .getTasks()
        .map((t) => ({
          start: t.startTime.getTime(),
          ms: t.endTime.getTime() - t.startTime.getTime(),
          tag: t.crit ? 'crit' : t.active ? 'active' : t.done ? 'done' : ''
        }))
      const origin = tasks[0]?.start ?? 0
      const started = stagesOf(report.deployment!).filter((s) => s.started_on)
      const first = Date.parse(started[0]?.started_on ?? '')
      const tags: Record<string, string> = { success: 'done', failure: 'crit', active: 'active' }
      expect(tasks.map((t) => ({ ...t, start: t.start - origin }))).toEqual(
        started.map((s) => ({
          start: Date.parse(s.started_on ?? '') - first,
          ms: stageDurationMs(s, now),
          tag: tags[s.status] ?? ''
        }))
      )
      if (!chart) return
      // The frontmatter is read as configuration: the bars' colours and the chart's size.
      const config = (await mermaid.parse(chart)).config
      expect(config).toMatchObject({
        xyChart: { width: 800, height: expect.any(Number) },
        themeVariables: { xyChart: { plotColorPalette: expect.any(String) } }
      })
      // The bar chart: one value per label in every series, all within the axis.
      const data = (
        (await mermaid.mermaidAPI.getDiagramFromText(chart)).db as XyChartDb
      ).getXYChartData()
      // One colour per series, in order: this build's own when it is charted, the earlier
      // builds', the median's.
      const palette = (config as { themeVariables: { xyChart: { plotColorPalette: string } } })
        .themeVariables.xyChart.plotColorPalette
      const bars = data.plots.filter((p) => p.type === 'bar').length
      expect(palette).toBe(bars === 2 ? '#8957e5, #4493f8, #e16f24' : '#4493f8, #e16f24')
      expect(palette.split(', ')).toHaveLength(data.plots.length)
      const labels = data.xAxis.categories ?? []
      expect(labels.at(-1) === 'this build').toBe(bars === 2)
      expect(new Set(labels).size).toBe(labels.length)
      for (const plot of data.plots) {
        expect(plot.data.map(([label]) => label)).toEqual(labels)
        for (const [, value] of plot.data) {
          expect(value).not.toBeNull()
          expect(value ?? -1).toBeGreaterThanOrEqual(data.yAxis.min ?? 0)
          expect(value ?? Infinity).toBeLessThanOrEqual(data.yAxis.max ?? 0)
        }
      }
    }
  )

  it('cover both kinds of picture across the scenarios', () => {
    const blocks = Object.values(summaryScenarios()).flatMap(({ report, now }) =>
      mermaidBlocks(renderSummary(report, now, undefined))
    )
    expect(blocks.filter((b) => b.startsWith('gantt')).length).toBeGreaterThanOrEqual(6)
    expect(blocks.filter((b) => b.includes('\nxychart-beta')).length).toBeGreaterThanOrEqual(5)
    expect(blocks.some((b) => /:crit,/.test(b))).toBe(true)
    expect(blocks.some((b) => /:active,/.test(b))).toBe(true)
    expect(blocks.some((b) => /"Minutes"/.test(b))).toBe(true)
  })

  it('parse when redaction puts *** into a title or a label', async () => {
    registerSecret('secret-project-1234')
    const { report, now } = summaryScenarios()['success'] ?? { report: reportFixture(), now: T0 }
    const history = (report.history ?? []).map((d, i) =>
      i === 0 ? { ...d, short_id: 'secret-project-1234' } : d
    )
    const summary = renderSummary(
      { ...report, projectName: 'secret-project-1234', history },
      now,
      undefined
    )
    expect(summary).toContain('***')
    expect(summary).not.toContain('secret-project-1234')
    const types = await parseAll(mermaidBlocks(summary))
    expect(types).toEqual(['gantt', 'xychart'])
  })

  it('parse for generated reports: any stage timings and statuses, names and history', async () => {
    const statuses = ['success', 'failure', 'canceled', 'active', 'skipped'] as const
    const outcomes = ['success', 'failure', 'canceled', 'skipped'] as const
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          stageMs: fc.array(fc.integer({ min: 0, max: 5_000_000 }), { minLength: 1, maxLength: 5 }),
          outcome: fc.constantFrom(...statuses),
          name: fc.string({ maxLength: 80, unit: 'binary' }),
          operation: fc.constantFrom('deploy', 'wait', 'retry', 'status'),
          history: fc.array(
            fc.record({
              seconds: fc.integer({ min: 0, max: 7_200 }),
              outcome: fc.constantFrom(...outcomes)
            }),
            { maxLength: 20 }
          )
        }),
        async ({ stageMs, outcome, name, operation, history }) => {
          const deployment: Deployment = timedDeploymentFixture({
            id: '3f1c2a9e-5b7d-4c1e-9a0b-2d4e6f8a1b3c',
            startMs: 0,
            stageMs,
            outcome,
            overrides: { project_name: name }
          })
          const report = reportFixture({
            operation,
            projectName: name,
            deployment,
            history: historyFixture(history)
          })
          const now = T0 + stageMs.reduce((a, b) => a + b, 0) + 1_000
          const types = await parseAll(mermaidBlocks(renderSummary(report, now, undefined)))
          expect(types.filter((t) => t.startsWith('REJECTED'))).toEqual([])
        }
      ),
      { numRuns: 40, seed: 20260601 }
    )
  })
})
