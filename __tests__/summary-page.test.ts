/**
 * The page `npm run summary:screenshot` shoots (scripts/summary-page.mjs): the job summary as
 * GitHub renders it. GitHub draws a diagram in a frame of its own; the page must not add the
 * blank space a code block would put around one (padding, and the line an inline SVG sits on).
 */
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from '@jest/globals'
import { renderSummary } from '../src/run/summary.js'
import { summaryScenarios } from './support/fixtures.js'

const ROOT = resolve(fileURLToPath(import.meta.url), '../..')

interface SummaryPage {
  bodyOf(summary: string): string
  pageOf(summary: string, width: number): string
}
const page = (await import(join(ROOT, 'scripts', 'summary-page.mjs'))) as SummaryPage

describe('the screenshot page of a job summary', () => {
  const { report, now } = summaryScenarios()['success']!
  const summary = renderSummary(report, now, undefined)

  it('draws each diagram in a block of its own, not in a padded code block', () => {
    const body = page.bodyOf(summary)
    expect(body.match(/<div class="mermaid">/g)).toHaveLength(2)
    expect(body).not.toMatch(/<pre[^>]*>\s*(?:gantt|---)/)
    // The headings sit right before their diagrams, with no empty element between.
    expect(body).toContain('<h3>Stage timeline</h3><div class="mermaid">gantt')
    expect(body).toMatch(/<\/div>\n<h3>Build times<\/h3><div class="mermaid">---/)
  })

  it('has Mermaid draw those blocks, each SVG a block of its own', () => {
    const html = page.pageOf(summary, 1000)
    expect(html).toContain(".run({ querySelector: 'div.mermaid' })")
    expect(html).toContain('.markdown-body div.mermaid svg { display: block; margin: 0 auto; }')
    expect(html).not.toContain('pre.mermaid')
  })
})
