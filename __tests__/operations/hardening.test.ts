/**
 * Where the real world leaves the happy path: a GitHub API that never answers, a cancel during
 * such a call, partial API answers, asset endpoints that keep failing, and outputs that must
 * describe the state after the run.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startFakeGitHub, type FakeGitHub } from '../../emulator/github.js'
import type { Emulator } from '../../emulator/server.js'
import {
  act,
  apiRequests,
  projectWithHistory,
  startWorld,
  uniqueProject
} from '../support/world.js'

let emulator: Emulator
let github: FakeGitHub
beforeAll(async () => {
  emulator = await startWorld()
  github = await startFakeGitHub()
})
afterAll(async () => {
  await Promise.all([emulator.close(), github.close()])
})

const HEAD = 'c0'.repeat(20)
const withGitHub = {
  'github-deployment': 'true',
  'commit-status': 'true',
  'comment-on-pr': 'true',
  'request-timeout': '500ms'
}
const pullRequest = (number: number, fork = false) => ({
  env: { GITHUB_EVENT_NAME: 'pull_request', GITHUB_SHA: 'd1'.repeat(20) },
  event: {
    number,
    repository: { full_name: 'acme/site' },
    pull_request: {
      number,
      head: {
        sha: HEAD,
        ref: fork ? 'main' : 'feature/h',
        repo: { full_name: fork ? 'mallory/site' : 'acme/site' }
      },
      base: { ref: 'main', repo: { full_name: 'acme/site' } }
    }
  }
})
const run = (
  inputs: Record<string, string>,
  context: { env?: Record<string, string>; event?: unknown; signal?: AbortSignal } = {}
) =>
  act(
    emulator,
    { 'github-token': github.token, ...inputs },
    { ...context, env: { GITHUB_API_URL: github.apiUrl, ...context.env } }
  )

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pages-pilot-hard-'))
  writeFileSync(join(dir, 'index.html'), '<h1>hardening</h1>')
  writeFileSync(join(dir, 'app.js'), 'console.log(1)')
  return dir
}

describe('a GitHub API that accepts connections and never answers', () => {
  it('costs one bounded delay: the deploy succeeds, one warning, no further GitHub call', async () => {
    const { name } = projectWithHistory(emulator)
    github.hang()
    const before = github.calls.length
    const started = Date.now()
    try {
      const result = await run({ 'project-name': name, ...withGitHub }, pullRequest(31))
      expect(result.exitCode).toBe(0)
      expect(result.outputs.status).toBe('success')
      const warnings = result.stdout.split('\n').filter((l) => l.startsWith('::warning::'))
      expect(warnings).toEqual([
        expect.stringContaining(
          'GitHub did not answer the GitHub deployment request in time (no response within 500ms), so pages-pilot makes no further GitHub calls in this run.'
        )
      ])
      expect(github.calls.length - before).toBe(1)
    } finally {
      github.hang(false)
    }
    // One request-timeout of real waiting, not one per call (the run makes 6 GitHub calls).
    expect(Date.now() - started).toBeLessThan(2_500)
  })

  it('ends within 5 s of a cancel during the stalled call, outputs and summary written', async () => {
    const { name } = projectWithHistory(emulator)
    emulator.scriptNextDeployments(name, { stageDurationsMs: { build: 600_000 } })
    github.hang()
    const controller = new AbortController()
    const before = github.calls.length
    const waitForCall = setInterval(() => {
      if (github.calls.length > before) controller.abort()
    }, 5)
    const started = Date.now()
    try {
      const result = await run(
        { 'project-name': name, ...withGitHub, 'request-timeout': '60s' },
        { ...pullRequest(32), signal: controller.signal }
      )
      const elapsed = Date.now() - started
      expect(elapsed).toBeLessThan(5_000)
      expect(result.exitCode).toBe(1)
      expect(result.outputs.error).toBe('the run was cancelled before the operation finished.')
      expect(result.outputs['deployment-id']).toMatch(/^[0-9a-f-]{36}$/)
      expect(result.summary).toContain('keeps running on Cloudflare')
    } finally {
      clearInterval(waitForCall)
      github.hang(false)
    }
  })
})

describe('partial API answers', () => {
  it('treats a project without a source key as a Direct Upload project', async () => {
    const name = uniqueProject('sourceless')
    emulator.addProject({ name, source: 'direct' })
    emulator.addFaults({
      match: { method: 'GET', path: `/projects/${name}$` },
      kind: 'omit-fields',
      fields: ['source'],
      times: 20
    })
    const upload = await run({ 'project-name': name, directory: folder(), branch: 'main' })
    expect(upload.exitCode).toBe(0)
    expect(upload.outputs['files-uploaded']).toBe('2')
    expect(upload.outputs.source).toBe('direct-upload')
    const trigger = await run({ operation: 'trigger', 'project-name': name })
    expect(trigger.exitCode).toBe(1)
    expect(trigger.outputs.error).toContain('is a Direct Upload project with no Git repository')
    expect(
      apiRequests(emulator, name).filter((r) => r.method === 'POST' && !r.path.includes('upload'))
    ).toHaveLength(1)
  })

  it('refuses an answer it cannot act on with a message, never a JavaScript error', async () => {
    const { name } = projectWithHistory(emulator)
    emulator.addFaults({
      match: { method: 'POST', path: `/projects/${name}/deployments$` },
      kind: 'omit-fields',
      fields: ['latest_stage', 'stages']
    })
    const result = await run({ 'project-name': name })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.error).toMatch(
      /^create deployment failed: Cloudflare's answer has no usable stage for deployment [0-9a-f-]{36}, so pages-pilot stopped before acting on it\./
    )
    expect(result.allText).not.toMatch(/TypeError|Cannot read properties/)
  })
})

describe('asset endpoints that keep failing', () => {
  it('goes ahead with a warning when upsert-hashes always fails', async () => {
    const name = uniqueProject('upsert')
    emulator.addProject({ name, source: 'direct' })
    emulator.addFaults({
      match: { path: '/pages/assets/upsert-hashes' },
      kind: 'status',
      status: 500,
      body: 'html',
      times: 2
    })
    const before = emulator.requests.length
    const result = await run({ 'project-name': name, directory: folder(), branch: 'main' })
    expect(result.exitCode).toBe(0)
    expect(result.outputs.status).toBe('success')
    expect(result.stdout).toMatch(
      /::warning::Cloudflare did not record the uploaded files' hashes .*the deployment goes ahead/
    )
    const upserts = emulator.requests.slice(before).filter((r) => r.path.endsWith('/upsert-hashes'))
    expect(upserts).toHaveLength(2)
  })

  it('waits out sustained 524s one upload at a time, then fails saying so', async () => {
    const name = uniqueProject('gateway')
    emulator.addProject({ name, source: 'direct' })
    emulator.addFaults({
      match: { path: '/pages/assets/upload' },
      kind: 'status',
      status: 524,
      body: 'html',
      // Exactly what the run takes before it gives up: asset paths do not name the project,
      // so a fault left over would hit the next test's upload.
      times: 9
    })
    const result = await run({ 'project-name': name, directory: folder(), branch: 'main' })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.error).toMatch(
      /Uploading to Cloudflare Pages failed after 9 attempts.*HTTP 524/
    )
    expect(emulator.listDeployments(name)).toHaveLength(0)
    // Virtual time: four free waits (5 + 10 + 20 + 40 s), then four more of 80 s, plus backoff.
    expect(result.durationMs).toBeGreaterThan(395_000)
    expect(result.durationMs).toBeLessThan(460_000)
  })
})

describe('outputs describe the state after the run', () => {
  it('after a deploy, the live and newest deployments are the new one', async () => {
    const { name, live } = projectWithHistory(emulator)
    const result = await run({ 'project-name': name })
    expect(result.exitCode).toBe(0)
    expect(result.outputs['previous-deployment-id']).toBe(live.id)
    expect(result.outputs['canonical-deployment-id']).toBe(result.outputs['deployment-id'])
    expect(result.outputs['latest-deployment-id']).toBe(result.outputs['deployment-id'])
  })

  it('after a rollback, the live one is the rollback target', async () => {
    const { name, older, live } = projectWithHistory(emulator)
    const result = await run({ operation: 'rollback', 'project-name': name })
    expect(result.exitCode).toBe(0)
    expect(result.outputs['canonical-deployment-id']).toBe(older.id)
    expect(result.outputs['latest-deployment-id']).toBe(live.id)
  })

  it("gives production the project's pages.dev address as its alias, never a custom domain", async () => {
    const name = uniqueProject('aliased')
    emulator.addProject({ name, domains: [{ name: 'www.example.com', status: 'active' }] })
    emulator.seedDeployment(name, { branch: 'main' })
    const result = await run({ 'project-name': name })
    expect(result.exitCode).toBe(0)
    expect(emulator.getDeployment(result.outputs['deployment-id'] ?? '')?.aliases).toEqual([
      'https://www.example.com'
    ])
    expect(result.outputs['alias-url']).toBe(`https://${name}.pages.dev`)
    expect(JSON.parse(result.outputs.domains ?? '[]')).toContain('www.example.com')
  })
})

describe('documented parameters only', () => {
  it('lists domains with no paging parameters', async () => {
    const name = uniqueProject('domains')
    emulator.addProject({ name, domains: [{ name: 'a.example.com', status: 'active' }] })
    const result = await run({ operation: 'domains', 'project-name': name })
    expect(result.exitCode).toBe(0)
    const lists = apiRequests(emulator, name).filter((r) => r.path.includes('/domains'))
    expect(lists.map((r) => r.path.split('?')[1])).toEqual([undefined])
  })
})

describe('GitHub deployments of a fork', () => {
  it('name the head commit, which GitHub resolves, not the fork branch, which it does not', async () => {
    const name = uniqueProject('fork-gh')
    emulator.addProject({ name, source: 'direct', productionBranch: 'main' })
    const result = await run(
      {
        'project-name': name,
        // A fork's files are deployed from a folder of their own, never the workspace root.
        'working-directory': folder(),
        directory: '.',
        'github-deployment': 'true'
      },
      pullRequest(33, true)
    )
    expect([result.exitCode, result.outputs.error]).toEqual([0, ''])
    expect(result.stdout).not.toContain('::warning::')
    const created = github.deployments.find((d) => d.payload.project === name)
    expect(created).toMatchObject({ ref: HEAD, environment: `${name} (Preview)` })
    expect(created?.payload.branch).toBe('pr-33')
    expect(created?.statuses.map((s) => s.state)).toEqual(['queued', 'in_progress', 'success'])
  })
})
