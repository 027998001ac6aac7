/**
 * The pull request's one comment for every project, against the fake GitHub: parallel jobs
 * writing their rows at once (with their reads and writes interleaved as badly as GitHub could
 * serve them), Building → Ready or Failed, Removed on teardown, the comments of older versions
 * folded in, a fork's pull request named by pull-request-number, and tables planted by others.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import type { Emulator } from '../../emulator/server.js'
import { startFakeGitHub, type FakeComment, type FakeGitHub } from '../../emulator/github.js'
import type { ActionResult } from '../../harness/run-action.js'
import { rowsOf, type PreviewRow } from '../../src/domain/preview-table.js'
import { act, clockOf, projectWithHistory, startWorld, uniqueProject } from '../support/world.js'

let emulator: Emulator
let github: FakeGitHub
beforeAll(async () => {
  emulator = await startWorld()
  // The run's clock: jobs that act at the same instant collide when comments are interleaved.
  github = await startFakeGitHub({ clock: clockOf(emulator) })
})
afterEach(() => github.interleaveComments(undefined))
afterAll(async () => {
  await Promise.all([emulator.close(), github.close()])
})

const HEAD = 'a1'.repeat(20)
const MALLORY = { login: 'mallory', id: 666, type: 'User' as const }

let nextPullRequest = 500
function pullRequest(branch = 'feature/pr'): {
  number: number
  env: Record<string, string>
  event: unknown
} {
  const number = nextPullRequest++
  return {
    number,
    env: { GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: `refs/pull/${number}/merge` },
    event: { number, pull_request: { number, head: { sha: HEAD, ref: branch } } }
  }
}

function run(
  inputs: Record<string, string>,
  context: { env?: Record<string, string>; event?: unknown },
  runId = '4242'
): Promise<ActionResult> {
  return act(
    emulator,
    { 'github-token': github.token, 'comment-on-pr': 'true', ...inputs },
    {
      env: {
        GITHUB_API_URL: github.apiUrl,
        GITHUB_SHA: HEAD,
        GITHUB_RUN_ID: runId,
        ...context.env
      },
      event: context.event
    }
  )
}

/** The pull request's comments by the token's account that hold pages-pilot's table. */
function shared(issue: number): FakeComment[] {
  return github.comments.filter(
    (c) =>
      c.issue === issue &&
      c.user.id === github.identity.id &&
      c.body.includes('<!-- pages-pilot:previews -->')
  )
}

function rowsByProject(comment: FakeComment | undefined): Map<string, PreviewRow> {
  return new Map(rowsOf(comment?.body ?? '').map((row) => [row.project, row]))
}

/** A project's comment as pages-pilot wrote it before the shared comment. */
function legacyBody(project: string, preview: string): string {
  return [
    `<!-- pages-pilot:comment project=${project} -->`,
    `### ✅ Preview ready: \`${project}\``,
    '',
    '| | |',
    '|---|---|',
    `| Preview | <${preview}> |`,
    `| Commit | \`${'c3'.repeat(6)}\` |`,
    '| Branch | `feature/pr` |',
    '| Status | ready |',
    '| Build time | 1m 05s |',
    '| Workflow run | [logs](https://github.com/acme/site/actions/runs/17) |'
  ].join('\n')
}

/** The bodies GitHub was sent for `issue`'s comments, in order. */
function writes(): string[] {
  return github.calls
    .filter((c) => (c.method === 'POST' || c.method === 'PATCH') && c.path.includes('comments'))
    .map((c) => String(c.body?.body ?? ''))
}

describe('eight parallel jobs, one comment', () => {
  it('on a new pull request: eight jobs posting at once end with one comment of eight ready rows', async () => {
    const pr = pullRequest()
    const projects = Array.from({ length: 8 }, () => projectWithHistory(emulator).name)
    github.interleaveComments(8)
    const results = await Promise.all(projects.map((name) => run({ 'project-name': name }, pr)))
    expect(results.map((r) => r.exitCode)).toEqual(projects.map(() => 0))
    for (const result of results) expect(result.stdout).not.toContain('::warning::')
    // Every job found no comment and posted one; all but the oldest were folded in and deleted.
    const comments = shared(pr.number)
    expect(comments).toHaveLength(1)
    const rows = rowsByProject(comments[0])
    expect([...rows.keys()].sort()).toEqual([...projects].sort())
    for (const [project, row] of rows) {
      const result = results[projects.indexOf(project)]
      expect(row.status).toBe('ready')
      expect(row.deploymentUrl).toBe(result?.outputs.url)
    }
  })

  it('on a comment every job already has a row in: each job rewrites its row until it holds, and none is lost', async () => {
    const pr = pullRequest()
    const projects = Array.from({ length: 8 }, () => projectWithHistory(emulator).name)
    github.addComment(pr.number, 'A human was here', MALLORY)
    // The comments of an older pages-pilot, one per project: folded into the oldest of them.
    const legacy = projects.map((name) =>
      github.addComment(pr.number, legacyBody(name, `https://feature-pr.${name}.pages.dev`))
    )
    github.interleaveComments(8)
    const before = github.calls.length
    const results = await Promise.all(projects.map((name) => run({ 'project-name': name }, pr)))
    expect(results.map((r) => r.exitCode)).toEqual(projects.map(() => 0))
    const comments = github.comments.filter((c) => c.issue === pr.number)
    expect(comments.map((c) => c.id)).toEqual([comments[0]?.id, legacy[0]?.id])
    expect(comments[0]?.body).toBe('A human was here')
    const rows = rowsByProject(comments[1])
    expect([...rows.keys()].sort()).toEqual([...projects].sort())
    for (const row of rows.values()) expect(row.status).toBe('ready')
    // Writes replaced each other: 8 jobs × 2 phases needed more than 16 edits.
    const edits = github.calls
      .slice(before)
      .filter((c) => c.method === 'PATCH' && c.path.endsWith(`/comments/${legacy[0]?.id}`))
    expect(edits.length).toBeGreaterThan(16)
  })
})

describe('a row from Building to its end', () => {
  it('says Building with the preview URL computed from the branch as soon as the deployment exists, then Ready', async () => {
    const { name } = projectWithHistory(emulator)
    // As the API often answers: the new deployment does not list its alias yet.
    emulator.scriptNextDeployments(name, { aliasLateMs: 200 })
    const pr = pullRequest('Feature/New_Nav')
    const before = writes().length
    const result = await run({ 'project-name': name }, pr)
    expect(result.exitCode).toBe(0)
    const [building, ...later] = writes()
      .slice(before)
      .map((body) => rowsByProject({ body } as FakeComment).get(name))
    expect(building).toMatchObject({
      status: 'building',
      preview: `https://feature-new-nav.${name}.pages.dev`,
      commit: HEAD,
      buildMs: undefined
    })
    expect(later.at(-1)).toMatchObject({
      status: 'ready',
      preview: result.outputs['alias-url'],
      deploymentUrl: result.outputs.url
    })
    expect(later.at(-1)?.buildMs).toBeGreaterThan(0)
  })

  it('says Failed at the failing stage with the first error line of the build log', async () => {
    const { name } = projectWithHistory(emulator)
    emulator.scriptNextDeployments(name, { outcome: 'failure', failAt: 'build' })
    const pr = pullRequest()
    const result = await run({ 'project-name': name }, pr)
    expect(result.exitCode).toBe(1)
    const row = rowsByProject(shared(pr.number)[0]).get(name)
    expect(row).toMatchObject({
      status: 'failed',
      failure: { stage: 'build', line: '✘ [ERROR] Could not resolve "./components/Header"' }
    })
    expect(shared(pr.number)[0]?.body).toContain(
      '❌ Failed at `build`<br>`✘ [ERROR] Could not resolve "./components/Header"`'
    )
  })

  it('says Failed at the health check, and shows the check, when the preview does not answer', async () => {
    const { name } = projectWithHistory(emulator)
    const healthy = projectWithHistory(emulator).name
    emulator.scriptNextDeployments(name, { siteStatus: 503 })
    const pr = pullRequest()
    const check = { 'health-check-path': '/healthz', 'health-check-timeout': '1s' }
    await run({ 'project-name': healthy, ...check }, pr)
    await run({ 'project-name': name, ...check }, pr)
    const rows = rowsByProject(shared(pr.number)[0])
    expect(rows.get(name)).toMatchObject({
      status: 'failed',
      check: { path: '/healthz', passed: false },
      failure: { stage: 'health check' }
    })
    expect(rows.get(healthy)).toMatchObject({
      status: 'ready',
      check: { path: '/healthz', passed: true }
    })
    expect(shared(pr.number)[0]?.body).toContain('| Health check |')
    expect(shared(pr.number)[0]?.body).toContain('✅ `/healthz`')
  })

  it('a row of an older run never replaces the row of a newer one', async () => {
    const { name } = projectWithHistory(emulator)
    const pr = pullRequest()
    const newer = await run({ 'project-name': name }, pr, '9000')
    const older = await run({ 'project-name': name }, pr, '8000')
    expect(older.exitCode).toBe(0)
    const row = rowsByProject(shared(pr.number)[0]).get(name)
    expect(row?.deploymentUrl).toBe(newer.outputs.url)
    expect(row?.order.run).toBe(9000)
  })
})

describe('teardown-preview', () => {
  it('marks the row Removed, and leaves the other projects alone', async () => {
    const { name } = projectWithHistory(emulator)
    const other = projectWithHistory(emulator).name
    const pr = pullRequest('feature/closing')
    await run({ 'project-name': name }, pr)
    await run({ 'project-name': other }, pr)
    const teardown = await run({ operation: 'teardown-preview', 'project-name': name }, pr, '4243')
    expect(teardown.exitCode).toBe(0)
    const rows = rowsByProject(shared(pr.number)[0])
    expect(rows.get(name)).toMatchObject({ status: 'removed', preview: undefined, commit: HEAD })
    expect(rows.get(other)?.status).toBe('ready')
    expect(shared(pr.number)[0]?.body).toContain('🗑️ Removed')
    expect(shared(pr.number)[0]?.body).not.toContain('Preview ready')
  })

  it('posts nothing for a project that has no row', async () => {
    const { name } = projectWithHistory(emulator)
    const pr = pullRequest('feature/never-commented')
    const teardown = await run({ operation: 'teardown-preview', 'project-name': name }, pr)
    expect(teardown.exitCode).toBe(0)
    expect(github.comments.filter((c) => c.issue === pr.number)).toEqual([])
  })

  it('a dry run leaves the row as it is', async () => {
    const { name } = projectWithHistory(emulator)
    const pr = pullRequest('feature/dry')
    await run({ 'project-name': name }, pr)
    await run({ operation: 'teardown-preview', 'project-name': name, 'dry-run': 'true' }, pr)
    expect(rowsByProject(shared(pr.number)[0]).get(name)?.status).toBe('ready')
  })
})

describe('comments of older versions', () => {
  it("folds another project's old comment in as a row, then deletes it", async () => {
    const { name } = projectWithHistory(emulator)
    const pr = pullRequest()
    const old = github.addComment(
      pr.number,
      legacyBody('blog', 'https://feature-pr.blog.pages.dev')
    )
    await run({ 'project-name': name }, pr)
    const comments = github.comments.filter((c) => c.issue === pr.number)
    // The old comment became the shared one: it keeps its place in the conversation.
    expect(comments.map((c) => c.id)).toEqual([old.id])
    const rows = rowsByProject(comments[0])
    expect(rows.get('blog')).toMatchObject({
      status: 'ready',
      preview: 'https://feature-pr.blog.pages.dev',
      buildMs: 65_000,
      runUrl: 'https://github.com/acme/site/actions/runs/17'
    })
    expect(rows.get(name)?.status).toBe('ready')
  })
})

describe('whose comment it is', () => {
  it('never adopts a table someone else planted, nor reads its rows', async () => {
    const { name } = projectWithHistory(emulator)
    const pr = pullRequest()
    const evil = Buffer.from(
      JSON.stringify({
        project: name,
        status: 'ready',
        preview: 'https://evil.example/login',
        order: { run: 999_999, attempt: 9, at: Date.now() }
      })
    ).toString('base64url')
    const planted = github.addComment(
      pr.number,
      `<!-- pages-pilot:previews -->\n| x |\n|---|\n| x <!-- pages-pilot:row project=${name} v=1 data=${evil} --> |`,
      MALLORY
    )
    const text = planted.body
    const result = await run({ 'project-name': name }, pr)
    expect(result.exitCode).toBe(0)
    expect(planted.body).toBe(text)
    expect(
      github.calls.some((c) => c.method !== 'GET' && c.path.endsWith(`/comments/${planted.id}`))
    ).toBe(false)
    const ours = shared(pr.number)
    expect(ours).toHaveLength(1)
    expect(ours[0]?.body).not.toContain('evil.example')
    expect(rowsByProject(ours[0]).get(name)?.deploymentUrl).toBe(result.outputs.url)
  })
})

describe('a token GitHub will not name', () => {
  it('posts a comment of its own, says why, and edits only that one', async () => {
    const anonymous = await startFakeGitHub({
      token: 'gho_oauthAppToken0123456789abcdefABCDEF01',
      identity: { login: 'some-app[bot]', id: 77, type: 'Bot' }
    })
    anonymous.refuseGraphql()
    try {
      const { name } = projectWithHistory(emulator)
      const pr = pullRequest()
      // A table of the same account from an earlier run: without knowing who it is, not ours.
      const earlier = anonymous.addComment(pr.number, '<!-- pages-pilot:previews -->\nearlier')
      const result = await act(
        emulator,
        { 'project-name': name, 'github-token': anonymous.token, 'comment-on-pr': 'true' },
        { env: { GITHUB_API_URL: anonymous.apiUrl, GITHUB_SHA: HEAD, ...pr.env }, event: pr.event }
      )
      expect(result.exitCode).toBe(0)
      expect(result.stdout).toContain(
        '::warning::GitHub did not say which account github-token is, so pages-pilot cannot tell its own pull-request comment'
      )
      expect(earlier.body).toBe('<!-- pages-pilot:previews -->\nearlier')
      const posted = anonymous.comments.filter((c) => c.id !== earlier.id)
      expect(posted).toHaveLength(1)
      expect(rowsByProject(posted[0]).get(name)?.status).toBe('ready')
    } finally {
      await anonymous.close()
    }
  })
})

describe('pull-request-number', () => {
  /** The documented workflow_run leg of a fork's pull request: GitHub names no pull request. */
  function forkRun(): { workspace: string; env: Record<string, string>; event: unknown } {
    const workspace = mkdtempSync(join(tmpdir(), 'pages-pilot-fork-'))
    mkdirSync(join(workspace, 'site'))
    writeFileSync(join(workspace, 'site', 'index.html'), '<h1>fork</h1>')
    return {
      workspace,
      env: { GITHUB_EVENT_NAME: 'workflow_run', GITHUB_WORKSPACE: workspace },
      event: {
        repository: { full_name: 'acme/site' },
        workflow_run: {
          event: 'pull_request',
          head_sha: HEAD,
          head_branch: 'main',
          head_repository: { full_name: 'mallory/site' },
          repository: { full_name: 'acme/site' },
          pull_requests: []
        }
      }
    }
  }

  it("comments on a fork's pull request from the workflow_run leg, and names its preview pr-<number>", async () => {
    const name = uniqueProject('fork')
    emulator.addProject({ name, source: 'direct' })
    const number = nextPullRequest++
    const fork = forkRun()
    const upload = { 'project-name': name, 'working-directory': 'site', directory: '.' }
    // Without the number, there is nothing to comment on, and the fork's `main` cannot deploy.
    const without = await run(upload, fork)
    expect(without.exitCode).toBe(1)
    expect(github.comments.filter((c) => c.issue === number)).toEqual([])

    const result = await run({ ...upload, 'pull-request-number': String(number) }, fork)
    expect(result.exitCode).toBe(0)
    expect(result.outputs.branch).toBe(`pr-${number}`)
    const row = rowsByProject(shared(number)[0]).get(name)
    expect(row).toMatchObject({ status: 'ready', commit: HEAD, deploymentUrl: result.outputs.url })
  })

  it('refuses a value that is not a pull request number, naming the input', async () => {
    const { name } = projectWithHistory(emulator)
    const result = await run({ 'project-name': name, 'pull-request-number': '12abc' }, {})
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toContain("pull-request-number: '12abc' is not a pull request number")
  })
})
