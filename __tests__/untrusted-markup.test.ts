/**
 * Pull-request comments and job summaries are text, not markup, where the text is not ours. A
 * build's log, a branch name, a commit message and Cloudflare's error message reach them; each
 * trick below would otherwise post a heading, a phishing link, a tracking image or a team
 * mention under the action's name. Both are rendered with a GitHub-flavoured Markdown renderer
 * and the result is read for what a reader would see.
 */
import { describe, expect, it } from '@jest/globals'
import { Marked } from 'marked'
import { parseHTML } from 'linkedom'
import { rowFor } from '../src/domain/pr-comment.js'
import { renderTable, rowsOf } from '../src/domain/preview-table.js'
import { renderSummary } from '../src/run/summary.js'
import { deploymentFixture, reportFixture, T0 } from './support/fixtures.js'

const TRICKS = [
  '```',
  '````',
  '</details>',
  '# Pwned heading',
  '## Security notice: your token leaked',
  '[Rotate your token here](https://evil.example/login)',
  '![tracker](https://evil.example/pixel.png)',
  '<img src="https://evil.example/pixel2.png">',
  '<a href="https://evil.example/a">click</a>',
  'cc @acme/security-team and @octocat',
  'visit https://evil.example/bare or www.evil.example',
  '| broken | table |'
]
const BRANCH = 'fix`</code><h1>branch heading</h1>`@acme/admins'
const COMMIT = 'Fix typo\r\r# Commit heading\r[link](https://evil.example/commit) @acme/team'
const FAILURE = `the build failed:\n\n# Failure heading\n![x](https://evil.example/f.png) @acme/oncall`

function hostileDeployment() {
  return deploymentFixture({
    deployment_trigger: {
      type: 'ad_hoc',
      metadata: {
        branch: BRANCH,
        commit_hash: 'a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0',
        commit_message: COMMIT
      }
    }
  })
}

/** The little of the DOM the checks read. */
interface DomNode {
  nodeType: number
  nodeName: string
  textContent: string | null
  childNodes: ArrayLike<DomNode>
  getAttribute?(name: string): string | null
}
interface DomDocument {
  body: DomNode
  querySelectorAll(selector: string): ArrayLike<DomNode>
}

/** What a reader of the rendered page would find that looks like markup. */
function rendered(markdown: string) {
  const html = new Marked({ gfm: true }).parse(markdown, { async: false })
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`) as unknown as {
    document: DomDocument
  }
  const textOutsideCode: string[] = []
  const walk = (node: DomNode, inCode: boolean): void => {
    for (const child of Array.from(node.childNodes)) {
      const name = child.nodeName.toLowerCase()
      if (child.nodeType === 3 && !inCode) textOutsideCode.push(child.textContent ?? '')
      walk(child, inCode || name === 'code' || name === 'pre')
    }
  }
  walk(document.body, false)
  const all = (selector: string) => Array.from(document.querySelectorAll(selector))
  return {
    headings: all('h1, h2, h3, h4, h5, h6').map((h) => h.textContent ?? ''),
    links: all('a').map((a) => a.getAttribute?.('href') ?? ''),
    images: all('img').map((i) => i.getAttribute?.('src') ?? ''),
    // GitHub turns @name and @org/team in text (not in code) into mentions that notify.
    mentions: textOutsideCode.join(' ').match(/(?<![\w\u200b`])@[A-Za-z0-9-]+(?:\/[\w-]+)?/g) ?? [],
    text: document.body.textContent ?? ''
  }
}

describe('the pull-request comment', () => {
  const facts = {
    projectName: 'site',
    headSha: 'a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0',
    pullRequest: 7,
    runUrl: 'https://github.com/acme/site/actions/runs/1'
  }

  it('shows hostile error lines, stages and health checks as text: only its own heading and links', () => {
    const rows = TRICKS.map((trick, i) => {
      const deployment = hostileDeployment()
      deployment.latest_stage = { ...deployment.latest_stage, name: trick as 'build' }
      const report = reportFixture({
        failure: FAILURE,
        firstErrorLines: [trick],
        healthCheck:
          i % 2 === 0
            ? {
                url: `${deployment.url}/${trick}`,
                passed: false,
                status: 500,
                attempts: 1,
                detail: trick
              }
            : undefined
      })
      return rowFor(
        { ...facts, projectName: `site-${i}` },
        deployment,
        'failed',
        T0 + 60_000,
        report
      )
    })
    const page = rendered(renderTable(rows))
    expect(page.headings).toEqual(['Cloudflare Pages previews'])
    expect(new Set(page.links)).toEqual(new Set([facts.runUrl]))
    expect(page.images).toEqual([])
    expect(page.mentions).toEqual([])
    // Everything is still there to read: no cell was cut short by a pipe or a backtick.
    for (const trick of TRICKS) expect(page.text).toContain(trick.replace(/\s+/g, ' '))
  })

  it('links only to https preview URLs made of plain characters', () => {
    const deployment = deploymentFixture({
      url: 'javascript:alert(1)',
      aliases: ['https://x.pages.dev/phish) [x](https://evil.example']
    })
    const ready = rowFor(facts, deployment, 'ready', T0 + 60_000, reportFixture())
    const other = rowFor(
      { ...facts, projectName: 'other' },
      deploymentFixture({ url: 'javascript:alert(1)', aliases: null }),
      'ready',
      T0 + 60_000,
      reportFixture()
    )
    const page = rendered(renderTable([ready, other]))
    expect(page.links).toEqual([facts.runUrl, facts.runUrl])
    expect(page.text).toContain('https://x.pages.dev/phish) [x](https://evil.example')
    expect(page.text).toContain('javascript:alert(1)')
  })

  it('renders a row read back from an edited comment as text, whatever its data says', () => {
    const hostile = {
      project: 'site',
      status: 'failed',
      preview: 'https://evil.example/a)](https://evil.example/b',
      commit: 'a1b2c3d',
      failure: { stage: '<img src="https://evil.example/x.png">', line: TRICKS.join(' ') },
      check: { path: '![x](https://evil.example/y.png)', passed: false, detail: '@acme/team' },
      runUrl: 'javascript:alert(1)',
      order: { run: 1, attempt: 1, at: T0 }
    }
    const data = Buffer.from(JSON.stringify(hostile)).toString('base64url')
    const body = `<!-- pages-pilot:previews -->\n| x |\n|---|\n| x <!-- pages-pilot:row project=site v=1 data=${data} --> |`
    const rows = rowsOf(body)
    expect(rows.map((r) => r.project)).toEqual(['site'])
    const page = rendered(renderTable(rows))
    expect(page.links).toEqual([])
    expect(page.images).toEqual([])
    expect(page.mentions).toEqual([])
    expect(page.headings).toEqual(['Cloudflare Pages previews'])
  })
})

describe('the job summary', () => {
  it('keeps a commit message with bare CRs, a hostile branch and a failure inside its HTML', () => {
    const report = reportFixture({
      operation: 'deploy',
      projectName: 'site',
      status: 'failure',
      deployment: hostileDeployment(),
      failure: FAILURE,
      logTail: TRICKS,
      notes: ['Note from the API: @acme/everyone\n\n# Note heading']
    })
    const page = rendered(
      renderSummary(report, T0 + 60_000, 'https://github.com/acme/site/actions/runs/1')
    )
    expect(page.headings.filter((h) => /heading|Pwned|Security/.test(h))).toEqual([])
    expect(page.links.filter((href) => href.includes('evil'))).toEqual([])
    expect(page.images).toEqual([])
    expect(page.mentions).toEqual([])
    expect(page.text).toContain('Fix typo')
  })
})

describe('smoke check results', () => {
  const facts = {
    projectName: 'site',
    headSha: 'a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0',
    pullRequest: 7,
    runUrl: 'https://github.com/acme/site/actions/runs/1'
  }
  // A redirect's Location is the site's to choose: it reaches the problem text.
  const smokeReport = () => {
    const deployment = deploymentFixture()
    return reportFixture({
      operation: 'deploy',
      projectName: 'site',
      status: 'failure',
      deployment,
      smoke: {
        deploymentId: deployment.id,
        url: deployment.url,
        passed: false,
        results: [
          {
            path: '/old',
            ok: false,
            status: 302,
            ms: 12,
            problem: `redirects to ${TRICKS.join(' ')}; expected /new`,
            expected: '301 -> /new',
            url: `${deployment.url}/old`,
            attempts: 3
          }
        ]
      }
    })
  }

  it('are text in the pull-request comment', () => {
    const report = smokeReport()
    const row = rowFor(
      facts,
      report.deployment ?? deploymentFixture(),
      'failed',
      T0 + 60_000,
      report
    )
    const page = rendered(renderTable([row]))
    expect(page.links).toEqual([facts.runUrl])
    expect(page.images).toEqual([])
    expect(page.mentions).toEqual([])
    expect(page.text).toContain('/old')
    expect(page.text).toContain('Rotate your token here')
  })

  it('are a table of text in the job summary', () => {
    const report = smokeReport()
    const page = rendered(renderSummary(report, T0 + 60_000, facts.runUrl))
    expect(page.links.filter((href) => href.includes('evil'))).toEqual([])
    expect(page.images).toEqual([])
    expect(page.mentions).toEqual([])
    expect(page.headings).toContain('Smoke checks')
    expect(page.text).toContain('301 -> /new')
  })
})
