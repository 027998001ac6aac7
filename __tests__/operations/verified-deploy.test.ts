/**
 * Verified releases: smoke checks against the files a deployment really serves, headers that
 * go only to the deployment's hosts, a preview verified before production is created from the
 * same upload, and waiting for the commit's other checks on the fake GitHub.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Emulator } from '../../emulator/server.js'
import { startFakeGitHub, type FakeGitHub } from '../../emulator/github.js'
import { act, cancelAt, startWorld, uniqueProject } from '../support/world.js'
import { folderWith } from '../support/folders.js'

let emulator: Emulator
let github: FakeGitHub
/** Another host on loopback, which records what reaches it. */
let elsewhere: Server
const reachedElsewhere: IncomingHttpHeaders[] = []
let elsewhereOrigin = ''

beforeAll(async () => {
  emulator = await startWorld()
  github = await startFakeGitHub()
  elsewhere = createServer((req, res) => {
    reachedElsewhere.push(req.headers)
    res.end('login page')
  })
  await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve))
  elsewhereOrigin = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`
})
afterAll(async () => {
  await Promise.all([
    emulator.close(),
    github.close(),
    new Promise((resolve) => elsewhere.close(resolve))
  ])
})

const SHA = 'c3'.repeat(20)

const site = (files: Record<string, string | Buffer>): string => folderWith(files, 'verify')

/** A Direct Upload project whose production serves an earlier release. */
function liveProject(): { name: string; liveId: string } {
  const name = uniqueProject('verify')
  emulator.addProject({ name, source: 'direct' })
  const live = emulator.seedDeployment(name, { branch: 'main', commitMessage: 'Earlier' })
  return { name, liveId: live.id }
}

const GOOD = {
  'index.html': '<h1>Welcome to the shop</h1>',
  'blog/index.html': '<h1>Blog</h1>',
  _redirects: '/old-blog /blog 301\n'
}

const CHECKS = ['/ 200 contains "Welcome"', '/old-blog 301 -> /blog', '/blog contains "Blog"'].join(
  '\n'
)

function deployments(name: string) {
  return emulator.listDeployments(name)
}

const uploadsOf = (name: string) =>
  emulator.requests.filter(
    (r) =>
      r.path.endsWith('/pages/assets/upload') ||
      r.path.endsWith('/pages/assets/check-missing') ||
      (r.method === 'POST' && r.path.endsWith(`/projects/${name}/deployments`))
  )

describe('smoke checks', () => {
  it('pass against the files the deployment serves: contains, a _redirects redirect, a folder', async () => {
    const { name } = liveProject()
    const result = await act(emulator, {
      'project-name': name,
      directory: site(GOOD),
      branch: 'main',
      'smoke-checks': CHECKS
    })
    expect([result.exitCode, result.outputs.error]).toEqual([0, ''])
    expect(result.outputs['health-check']).toBe('passed')
    const results = JSON.parse(result.outputs['smoke-results'] ?? '[]') as Array<{
      path: string
      ok: boolean
      status: number
    }>
    expect(results.map((r) => [r.path, r.ok, r.status])).toEqual([
      ['/', true, 200],
      ['/old-blog', true, 301],
      ['/blog', true, 200]
    ])
    expect(result.summary).toContain('Smoke checks')
    expect(result.summary).toContain('/old-blog')
  })

  it('fail when the body lacks the text or the redirect goes elsewhere, and roll production back', async () => {
    const { name, liveId } = liveProject()
    const result = await act(emulator, {
      'project-name': name,
      directory: site({
        'index.html': '<h1>Nothing is here yet</h1>',
        'blog/index.html': 'Blog',
        _redirects: '/old-blog /news 301\n'
      }),
      branch: 'main',
      'smoke-checks': CHECKS,
      'health-check-timeout': '5s',
      'rollback-on-failure': 'true'
    })
    expect(result.exitCode).toBe(1)
    expect(result.outputs['health-check']).toBe('failed')
    const results = JSON.parse(result.outputs['smoke-results'] ?? '[]') as Array<{
      path: string
      ok: boolean
      problem: string
    }>
    expect(results.map((r) => [r.path, r.ok])).toEqual([
      ['/', false],
      ['/old-blog', false],
      ['/blog', true]
    ])
    expect(results[0]?.problem).toContain('does not contain "Welcome"')
    expect(results[1]?.problem).toMatch(/redirects to .*\/news; expected .*\/blog/)
    expect(result.outputs.error).toContain('smoke checks failed: 2 of 3 failed')
    expect(result.outputs['rolled-back']).toBe('true')
    expect(emulator.getProject(name)?.canonical_deployment?.id).toBe(liveId)
  })

  it('refuses an invalid line before anything is deployed, naming the line', async () => {
    const { name } = liveProject()
    const before = emulator.requests.length
    const result = await act(emulator, {
      'project-name': name,
      directory: site(GOOD),
      'smoke-checks': '/ 200\n/about 200 contain "About"\n'
    })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.error).toContain('smoke-checks: line 2 (')
    expect(result.outputs.error).toContain("'contain' is not understood")
    expect(emulator.requests.slice(before).some((r) => r.path.includes(name))).toBe(false)
  })

  it("send smoke-headers to the deployment's hosts only, masked", async () => {
    const { name } = liveProject()
    const secret = 'access-secret-0123456789abcdef'
    emulator.scriptNextDeployments(name, {
      siteRedirects: { '/login': `${elsewhereOrigin}/cdn-cgi/access/login` }
    })
    reachedElsewhere.length = 0
    const seen: IncomingHttpHeaders[] = []
    const stop = emulator.onRequest((request) => {
      if (request.path.startsWith('/__sites/')) seen.push(request.headers)
    })
    const result = await act(emulator, {
      'project-name': name,
      directory: site(GOOD),
      branch: 'main',
      'smoke-checks': '/ contains "Welcome"\n/login 200',
      'smoke-headers': `CF-Access-Client-Id: client.access\nCF-Access-Client-Secret: ${secret}`,
      'health-check-timeout': '3s'
    })
    stop()
    expect(result.exitCode).toBe(1)
    const results = JSON.parse(result.outputs['smoke-results'] ?? '[]') as Array<{
      problem: string
    }>
    expect(results[1]?.problem).toContain("not one of the deployment's hosts")
    expect(seen.length).toBeGreaterThan(1)
    expect(seen.every((h) => h['cf-access-client-secret'] === secret)).toBe(true)
    expect(reachedElsewhere).toEqual([])
    // Masked: the runner is told to hide it, and nothing else prints it.
    expect(result.stdout).toContain(`::add-mask::${secret}`)
    expect(result.allText.split(`::add-mask::${secret}`).join('')).not.toContain(secret)
  })
})

describe('verify-before-production', () => {
  it('verifies a preview, then creates production from the same upload without sending a file again', async () => {
    const { name } = liveProject()
    const marks: number[] = []
    const stop = emulator.onRequest((request) => {
      if (request.method === 'POST' && request.path.endsWith(`/projects/${name}/deployments`)) {
        marks.push(uploadsOf(name).length)
      }
    })
    const result = await act(emulator, {
      'project-name': name,
      directory: site(GOOD),
      branch: 'main',
      'smoke-checks': CHECKS,
      'verify-before-production': 'true'
    })
    stop()
    expect([result.exitCode, result.outputs.error]).toEqual([0, ''])
    const [production, preview] = deployments(name)
    expect(preview?.deployment_trigger.metadata.branch).toBe('pages-pilot-verify')
    expect(preview?.environment).toBe('preview')
    expect(production?.environment).toBe('production')
    expect(result.outputs['verified-deployment-id']).toBe(preview?.id)
    expect(result.outputs['deployment-id']).toBe(production?.id)
    expect(emulator.getProject(name)?.canonical_deployment?.id).toBe(production?.id)
    // The journal: between the two creations, no upload, no check-missing, nothing.
    expect(marks).toHaveLength(2)
    expect((marks[1] ?? 0) - (marks[0] ?? 0)).toBe(1)
    expect(emulator.getUpload(production?.id ?? '')?.manifest).toEqual(
      emulator.getUpload(preview?.id ?? '')?.manifest
    )
    expect(emulator.getUpload(production?.id ?? '')?.files._redirects?.toString()).toBe(
      GOOD._redirects
    )
    // Both were checked: the preview on its URL, production after.
    const checked = emulator.requests.filter(
      (r) => r.path.includes('/old-blog') && r.path.includes(`.${name}.pages.dev`)
    )
    expect(new Set(checked.map((r) => r.path.split('/')[2]))).toEqual(
      new Set([
        new URL(preview?.url ?? '').pathname.split('/')[2],
        new URL(production?.url ?? '').pathname.split('/')[2]
      ])
    )
    expect(result.summary).toContain('pages-pilot-verify')
  })

  it('stops at a preview that fails: production is never touched, and the summary names the check and URL', async () => {
    const { name, liveId } = liveProject()
    const result = await act(emulator, {
      'project-name': name,
      directory: site({ 'index.html': 'Nothing is here yet' }),
      branch: 'main',
      'smoke-checks': '/ 200 contains "Welcome"',
      'verify-before-production': 'true',
      'health-check-timeout': '5s'
    })
    expect(result.exitCode).toBe(1)
    const all = deployments(name)
    expect(all.filter((d) => d.environment === 'production').map((d) => d.id)).toEqual([liveId])
    expect(emulator.getProject(name)?.canonical_deployment?.id).toBe(liveId)
    const preview = all.find((d) => d.environment === 'preview')
    expect(result.outputs.error).toContain(
      `verify-before-production: the preview ${preview?.url} did not pass, so production was not touched (it still serves ${liveId})`
    )
    expect(result.outputs.error).toContain('does not contain "Welcome"')
    expect(result.outputs['verified-deployment-id']).toBe('')
    expect(result.outputs['rolled-back']).toBe('false')
    expect(result.summary).toContain(preview?.url ?? 'missing')
  })

  it('needs a folder and a check', async () => {
    const result = await act(emulator, {
      'project-name': 'anything',
      'verify-before-production': 'true',
      'wait-for-checks': 'true'
    })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.error).toContain('verify-before-production: production is created')
    expect(result.outputs.error).toContain('verify-before-production: the preview is verified by')
    expect(result.outputs.error).toContain('github-token: required by')
  })
})

describe('wait-for-checks', () => {
  const RUN_URL = 'https://github.com/acme/site/actions/runs/4242'

  function verified(name: string, extra: Record<string, string> = {}) {
    return act(
      emulator,
      {
        'project-name': name,
        directory: site(GOOD),
        branch: 'main',
        'smoke-checks': '/ contains "Welcome"',
        'verify-before-production': 'true',
        'wait-for-checks': 'true',
        'github-token': github.token,
        'commit-hash': SHA,
        ...extra
      },
      { env: { GITHUB_API_URL: github.apiUrl, GITHUB_SHA: SHA } }
    )
  }

  it('goes to production once every other check is green, leaving out this run and its own status', async () => {
    const { name } = liveProject()
    const sha = SHA
    const tests = github.addCheckRun({
      sha,
      name: 'tests',
      status: 'in_progress',
      conclusion: null
    })
    // This job itself, still running: its page is under this workflow run's.
    github.addCheckRun({
      sha,
      name: 'deploy',
      status: 'in_progress',
      conclusion: null,
      details_url: `${RUN_URL}/job/7`
    })
    github.addStatus(sha, 'pending', `pages-pilot/${name}`)
    github.addStatus(sha, 'success', 'ci/circleci')
    // The tests finish after the second look at them.
    let looks = 0
    const stop = github.onCall((call) => {
      if (!call.path.includes(`/commits/${sha}/check-runs`) || ++looks < 2) return
      tests.status = 'completed'
      tests.conclusion = 'success'
    })
    const result = await verified(name)
    stop()
    expect(looks).toBeGreaterThanOrEqual(2)
    expect([result.exitCode, result.outputs.error]).toEqual([0, ''])
    expect(result.outputs.environment).toBe('production')
    expect(result.stdout).toContain('Waiting for 1 check(s)')
    expect(result.stdout).toContain('All 2 other checks')
  })

  it('fails naming the red check, and production is not touched', async () => {
    const { name, liveId } = liveProject()
    const sha = 'd4'.repeat(20)
    github.addCheckRun({ sha, name: 'e2e', status: 'completed', conclusion: 'failure' })
    github.addStatus(sha, 'success', 'ci/other')
    const result = await verified(name, { 'commit-hash': sha })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.error).toContain('wait-for-checks: a check of commit')
    expect(result.outputs.error).toContain('e2e (failure)')
    expect(
      deployments(name)
        .filter((d) => d.environment === 'production')
        .map((d) => d.id)
    ).toEqual([liveId])
    expect(result.outputs['verified-deployment-id']).not.toBe('')
  })

  it('fails when a check is still pending at wait-timeout', async () => {
    const { name, liveId } = liveProject()
    const sha = 'e5'.repeat(20)
    github.addCheckRun({ sha, name: 'slow-suite', status: 'queued', conclusion: null })
    const result = await verified(name, { 'commit-hash': sha, 'wait-timeout': '2m' })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.error).toContain('were not all green within wait-timeout (2m 00s)')
    expect(result.outputs.error).toContain('slow-suite (queued)')
    expect(emulator.getProject(name)?.canonical_deployment?.id).toBe(liveId)
  })
})

describe('_redirects and _headers', () => {
  it('refuses a line Cloudflare would ignore before anything is uploaded', async () => {
    const { name } = liveProject()
    const before = uploadsOf(name).length
    const result = await act(emulator, {
      'project-name': name,
      directory: site({
        'index.html': 'x',
        _redirects: '/a /b 301\n/c http://example.com/d\n/e /f 418\n'
      })
    })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.error).toContain('2 lines of the folder')
    expect(result.outputs.error).toContain('_redirects:2: the destination')
    expect(result.outputs.error).toContain('_redirects:3: 418 is not a status')
    expect(uploadsOf(name).length).toBe(before)
  })

  it('warns about the lines Cloudflare would drop, and says so in the summary', async () => {
    const { name } = liveProject()
    const dynamic = Array.from({ length: 101 }, (_, i) => `/d${i}/* /x/:splat 301`)
    const result = await act(emulator, {
      'project-name': name,
      branch: 'main',
      directory: site({
        'index.html': 'x',
        _redirects: ['/first /x 301', ...dynamic, '/static-after /y 301', ''].join('\n')
      })
    })
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toContain(
      '::warning::Cloudflare would drop _redirects:102-103: Cloudflare applies at most 100 dynamic redirects'
    )
    expect(result.summary).toContain('_redirects:102-103')
  })
})

describe('the verified deploy under faults', () => {
  it('survives a 500 on creating production: the list is read, production created once, nothing uploaded again', async () => {
    const { name } = liveProject()
    let armed = false
    const stop = emulator.onRequest((request) => {
      if (armed || !request.path.includes(`.${name}.pages.dev`)) return
      armed = true
      // The preview is being checked: the next deployment creation is production's.
      emulator.addFaults({
        match: { method: 'POST', path: `/projects/${name}/deployments` },
        kind: 'status',
        status: 500
      })
    })
    const before = uploadsOf(name).filter((r) => r.path.includes('/assets/')).length
    const result = await act(emulator, {
      'project-name': name,
      directory: site(GOOD),
      branch: 'main',
      'smoke-checks': '/ contains "Welcome"',
      'verify-before-production': 'true'
    })
    stop()
    expect([result.exitCode, result.outputs.error]).toEqual([0, ''])
    const all = deployments(name)
    expect(all.filter((d) => d.environment === 'production')).toHaveLength(2)
    expect(all.filter((d) => d.environment === 'preview')).toHaveLength(1)
    // Two upload requests (check-missing, upload) for the one upload of the preview.
    expect(uploadsOf(name).filter((r) => r.path.includes('/assets/')).length - before).toBe(2)
  })

  it('stops at once when cancelled during the smoke checks, naming the deployment left running', async () => {
    const { name, liveId } = liveProject()
    const signal = cancelAt(emulator, (request) => request.path.includes(`.${name}.pages.dev`))
    const result = await act(
      emulator,
      {
        'project-name': name,
        directory: site(GOOD),
        branch: 'main',
        'smoke-checks': '/ contains "Welcome"',
        'verify-before-production': 'true'
      },
      { signal }
    )
    expect(result.outputs.error).toBe('the run was cancelled before the operation finished.')
    expect(emulator.getProject(name)?.canonical_deployment?.id).toBe(liveId)
    expect(deployments(name).filter((d) => d.environment === 'production')).toHaveLength(1)
  })
})

describe('the emulator serves the uploaded files', () => {
  it('with 404.html, _headers, rewrites and splats, as Cloudflare serves them', async () => {
    const { name } = liveProject()
    const result = await act(emulator, {
      'project-name': name,
      branch: 'main',
      directory: site({
        'index.html': 'home',
        '404.html': 'Gone',
        'docs/intro.html': 'Intro',
        'app.html': 'app shell',
        _redirects: '/api/* /app.html 200\n/v1/* /docs/:splat 301\n',
        _headers: '/docs/*\n  X-Docs: yes\n/*\n  X-All: 1\n'
      })
    })
    expect(result.exitCode).toBe(0)
    const base = result.outputs.url ?? ''
    const get = async (path: string) => {
      const answer = await fetch(`${base}${path}`, { redirect: 'manual' })
      return {
        status: answer.status,
        body: await answer.text(),
        location: answer.headers.get('location'),
        docs: answer.headers.get('x-docs'),
        all: answer.headers.get('x-all')
      }
    }
    expect(await get('/docs/intro')).toMatchObject({
      status: 200,
      body: 'Intro',
      docs: 'yes',
      all: '1'
    })
    expect(await get('/missing')).toMatchObject({ status: 404, body: 'Gone', docs: null, all: '1' })
    expect(await get('/api/users')).toMatchObject({ status: 200, body: 'app shell' })
    expect(await get('/')).toMatchObject({ status: 200, body: 'home' })
    const moved = await get('/v1/intro')
    expect(moved.status).toBe(301)
    expect(moved.location).toBe(`${new URL(base).pathname}/docs/intro`)
  })
})
