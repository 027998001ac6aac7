/**
 * What a user reads after a run, rendered from fixed reports: the step outputs and the job
 * summary, for successes, failures, cleanups and domain checks.
 */
import { describe, expect, it } from '@jest/globals'
import { outputsOf } from '../src/run/outputs.js'
import { renderSummary } from '../src/run/summary.js'
import { conclude } from '../src/run/conclude.js'
import { registerSecret } from '../src/util/secrets.js'
import {
  deploymentFixture,
  projectFixture,
  reportFixture,
  summaryScenarios,
  T0
} from './support/fixtures.js'

describe('outputs', () => {
  it('describe a finished preview deployment, with its branch alias and duration', () => {
    const report = reportFixture({ deployment: deploymentFixture(), status: 'success' })
    const outputs = outputsOf(report, T0 + 42_000)
    expect(outputs).toMatchObject({
      'deployment-id': '3f1c2a9e-5b7d-4c1e-9a0b-2d4e6f8a1b3c',
      'short-id': '3f1c2a9e',
      url: 'https://3f1c2a9e.site.pages.dev',
      'alias-url': 'https://feature-x.site.pages.dev',
      environment: 'preview',
      status: 'success',
      stage: 'deploy',
      branch: 'feature/x',
      'health-check': 'skipped',
      'rolled-back': 'false',
      'duration-seconds': '42',
      error: '',
      'files-found': ''
    })
  })

  it('give a production deployment the project address as its alias', () => {
    const production = deploymentFixture({ environment: 'production', aliases: null })
    const report = reportFixture({ deployment: production, project: projectFixture() })
    expect(outputsOf(report, T0)['alias-url']).toBe('https://site.pages.dev')
  })

  it('are empty strings, never missing, when the run learned nothing', () => {
    const outputs = outputsOf(reportFixture({ failure: 'Invalid input: x' }), T0)
    expect(outputs['deployment-id']).toBe('')
    expect(outputs.domains).toBe('')
    expect(outputs.error).toBe('Invalid input: x')
  })

  it('list cleanup results and inactive domains', () => {
    const report = reportFixture({
      cleanup: {
        dryRun: false,
        branch: undefined,
        examined: 3,
        deleted: [
          { id: 'a', environment: 'preview', branch: 'f', createdOn: '', why: 'old' },
          { id: 'b', environment: 'preview', branch: 'f', createdOn: '', why: 'old' }
        ],
        kept: [],
        failed: []
      },
      domains: [
        { id: '1', name: 'ok.example.com', status: 'active', created_on: '' },
        { id: '2', name: 'new.example.com', status: 'pending', created_on: '' }
      ]
    })
    const outputs = outputsOf(report, T0)
    expect(outputs['deleted-ids']).toBe('a,b')
    expect(outputs['deleted-count']).toBe('2')
    expect(outputs['inactive-domains']).toBe('new.example.com')
    expect(JSON.parse(outputs['domains-status'] ?? '')).toEqual([
      {
        name: 'ok.example.com',
        status: 'active',
        validation: null,
        verification: null,
        error: null
      },
      {
        name: 'new.example.com',
        status: 'pending',
        validation: null,
        verification: null,
        error: null
      }
    ])
  })
})

describe('job summary', () => {
  it('shows the deployment, its stages and durations, escaping what the commit says', () => {
    const report = reportFixture({ deployment: deploymentFixture(), status: 'success' })
    const html = renderSummary(report, T0 + 35_000, undefined)
    expect(html).toContain('<h2>✅ Cloudflare Pages deploy · site</h2>')
    expect(html).toContain('<td>URL</td><td><a href="https://3f1c2a9e.site.pages.dev">')
    expect(html).toContain('Add the &lt;b&gt;pricing&lt;/b&gt; page')
    expect(html).not.toContain('<b>pricing</b>')
    expect(html).toContain('<tr><td><code>build</code></td><td>✅ success</td><td>20s</td></tr>')
    expect(html).toContain('<td>Step time</td><td>35s</td>')
  })

  it("names the two times: Cloudflare's build and this step's run", () => {
    const { report, now } = summaryScenarios()['success']!
    const html = renderSummary(report, now, undefined)
    expect(html).toContain(
      '<tr><td>Build time</td><td>42s</td></tr><tr><td>Step time</td><td>45s</td></tr>'
    )
    expect(html).not.toContain('<td>Duration</td>')
    const running = summaryScenarios()['running']!
    expect(renderSummary(running.report, running.now, undefined)).toContain(
      '<tr><td>Build time</td><td>22s so far</td></tr>'
    )
  })

  it('shows a stage that a failure left unstarted as not run, and one still to come as idle', () => {
    const failed = summaryScenarios()['failed mid-build']!
    expect(renderSummary(failed.report, failed.now, undefined)).toContain(
      '<tr><td><code>deploy</code></td><td>– not run</td><td>–</td></tr>'
    )
    const running = summaryScenarios()['running']!
    expect(renderSummary(running.report, running.now, undefined)).toContain(
      '<tr><td><code>deploy</code></td><td>⏳ idle</td><td>–</td></tr>'
    )
  })

  it('counts the build log tail in lines, one line as one line', () => {
    const one = reportFixture({ failure: 'x', logTail: ['npm ERR! missing script: build'] })
    expect(renderSummary(one, T0, undefined)).toContain(
      '<details><summary>Build log (last line)</summary>'
    )
    const two = reportFixture({ failure: 'x', logTail: ['a', 'b'] })
    expect(renderSummary(two, T0, undefined)).toContain(
      '<details><summary>Build log (last 2 lines)</summary>'
    )
  })

  it('gives upload sizes in a unit that never shows a small site as 0.0', () => {
    const upload = (bytesTotal: number, bytesUploaded: number, uploaded: number) =>
      renderSummary(
        reportFixture({
          upload: {
            found: 3,
            uploaded,
            alreadyUploaded: 3 - uploaded,
            bytesTotal,
            bytesUploaded,
            specialFiles: [],
            durationMs: 180,
            worker: undefined
          }
        }),
        T0,
        undefined
      ).match(/<td>Upload<\/td><td>([^<]*)<\/td>/)?.[1]
    expect(upload(2_345, 2_345, 3)).toBe(
      '3 files (2.3 kB): 3 sent (2.3 kB), 0 already on Cloudflare, in 180ms'
    )
    expect(upload(512, 0, 0)).toBe('3 files (512 B): 0 sent, 3 already on Cloudflare, in 180ms')
    expect(upload(166_107, 40_000, 1)).toBe(
      '3 files (166 kB): 1 sent (40 kB), 2 already on Cloudflare, in 180ms'
    )
    expect(upload(2_540_000, 999_960, 2)).toBe(
      '3 files (2.5 MB): 2 sent (1 MB), 1 already on Cloudflare, in 180ms'
    )
  })

  it('explains a failure with the build log tail and a link to the run', () => {
    const failed = deploymentFixture()
    const report = reportFixture({
      deployment: failed,
      status: 'failure',
      failure: `deployment ${failed.id} ended with build: failure.`,
      logTail: ['npm ERR! missing script: build']
    })
    const html = renderSummary(report, T0, 'https://github.com/acme/site/actions/runs/1')
    expect(html).toContain('<h2>❌ Cloudflare Pages deploy · site</h2>')
    expect(html).toContain('<h3>What went wrong</h3>')
    expect(html).toContain('<details><summary>Build log (last line)</summary>')
    expect(html).toContain('npm ERR! missing script: build')
    expect(html).toContain('<a href="https://github.com/acme/site/actions/runs/1">Workflow run</a>')
  })

  it('caps the cleanup tables and says where the rest is', () => {
    const deleted = Array.from({ length: 130 }, (_, i) => ({
      id: `d${i}`,
      environment: 'preview',
      branch: 'feature/old',
      createdOn: '2026-01-01T00:00:00Z',
      why: 'older than 30d'
    }))
    const report = reportFixture({
      operation: 'cleanup',
      status: 'success',
      cleanup: { dryRun: true, branch: undefined, examined: 130, deleted, kept: [], failed: [] }
    })
    const html = renderSummary(report, T0, undefined)
    expect(html).toContain('<h3>Would delete (dry run)</h3>')
    expect(html.match(/<code>d\d+<\/code>/g)).toHaveLength(100)
    expect(html).toContain(
      '… and 30 more, oldest first above; every id is in the deleted-ids output.'
    )
  })

  it('never contains a registered secret, whatever quotes it', () => {
    registerSecret('sekrit-token-value-0001')
    const report = reportFixture({
      failure: 'the server echoed sekrit-token-value-0001',
      notes: ['note with sekrit-token-value-0001']
    })
    const conclusion = conclude(report, T0, undefined)
    expect(conclusion.summary).not.toContain('sekrit-token-value-0001')
    expect(conclusion.outputs.error).toBe('the server echoed ***')
    expect(conclusion.failure).toBe('pages-pilot deploy: the server echoed ***')
  })
})
