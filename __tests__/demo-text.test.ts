/**
 * What `npm run demo` prints of a run (harness/render.ts): the job summary as text, with the
 * text versions of its diagrams instead of their Mermaid source and links as their URLs, and
 * every pages.dev address as the emulator serves it to a browser.
 */
import { describe, expect, it } from '@jest/globals'
import { browserSiteUrl } from '../emulator/sites.js'
import { LogRenderer, summaryToText } from '../harness/render.js'
import { renderSummary } from '../src/run/summary.js'
import { summaryScenarios } from './support/fixtures.js'

const ORIGIN = 'http://127.0.0.1:8787'
const RUN = 'https://github.com/acme/site/actions/runs/1'
const toBrowser = (url: string): string => browserSiteUrl(ORIGIN, url) ?? url

function textOf(name: string, link?: (url: string) => string): string[] {
  const { report, now } = summaryScenarios()[name]!
  return summaryToText(renderSummary(report, now, RUN), link).split('\n')
}

describe('the job summary in the demo', () => {
  it('shows the text versions of the diagrams, not their Mermaid source', () => {
    const lines = textOf('success')
    expect(lines.filter((l) => /```|gantt|xychart|dateFormat|plotColorPalette/.test(l))).toEqual([])
    // The stages table is the timeline's text; the build-time line is the chart's.
    expect(lines).not.toContain('### Stage timeline')
    expect(lines).toContain('  deploy  |  ✅ success  |  4s')
    const times = lines.indexOf('### Build times')
    expect(lines.slice(times + 1, times + 3)).toEqual([
      '',
      'This build took 42s, 8s slower than the median of the last 12 successful preview builds (34s); 3 failed and 1 skipped build not counted.'
    ])
    expect(lines.length).toBeLessThan(40)
  })

  it('shows links as their text and URL', () => {
    const lines = textOf('failed mid-build')
    expect(lines.at(-1)).toBe(`Workflow run (${RUN})`)
    expect(lines).toContain(
      '  Dashboard  |  Cloudflare dashboard (https://dash.cloudflare.com/0123456789abcdef0123456789abcdef/pages/view/site/3f1c2a9e-5b7d-4c1e-9a0b-2d4e6f8a1b3c)'
    )
    expect(lines).toContain('  URL  |  https://3f1c2a9e.site.pages.dev')
  })

  it('gives production and preview addresses as the emulator serves them to a browser', () => {
    const production = textOf('production deploy', toBrowser)
    expect(production).toContain('  Alias  |  http://site.localhost:8787/')
    expect(production).toContain('  URL  |  http://3f1c2a9e.site.localhost:8787/')
    const preview = textOf('success', toBrowser)
    expect(preview).toContain('  Alias  |  http://feature-x.site.localhost:8787/')
    // Other links stay as they are.
    expect(textOf('failed mid-build', toBrowser).at(-1)).toBe(`Workflow run (${RUN})`)
  })
})

describe('the log in the demo', () => {
  it("shows site addresses where a browser opens them, and an annotation's lines as lines", () => {
    const printed: string[] = []
    const renderer = new LogRenderer((line) => printed.push(line), { link: toBrowser })
    renderer.push(
      [
        'Production URL: https://acme-site.pages.dev',
        `Deployment 63f721e5 is live at ${ORIGIN}/__sites/63f721e5.acme-site.pages.dev`,
        `Health check passed: GET ${ORIGIN}/__sites/63f721e5.acme-site.pages.dev/healthz answered 200.`,
        `Pages API at ${ORIGIN}/client/v4`,
        '::error::pages-pilot deploy: the build failed.%0AFirst errors in the build log:%0A✘ [ERROR] 100%25 broken',
        ''
      ].join('\n')
    )
    expect(printed).toEqual([
      '  Production URL: http://acme-site.localhost:8787/',
      '  Deployment 63f721e5 is live at http://63f721e5.acme-site.localhost:8787/',
      '  Health check passed: GET http://63f721e5.acme-site.localhost:8787/healthz answered 200.',
      `  Pages API at ${ORIGIN}/client/v4`,
      '  ✖ annotation (error): pages-pilot deploy: the build failed.',
      '      First errors in the build log:',
      '      ✘ [ERROR] 100% broken'
    ])
  })
})
