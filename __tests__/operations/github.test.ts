/**
 * GitHub integration: GitHub Deployments, the sticky pull-request comment and the commit
 * status, against a fake GitHub REST API on loopback reached through GITHUB_API_URL.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Emulator } from '../../emulator/server.js'
import { startFakeGitHub, type FakeGitHub, type FakeUser } from '../../emulator/github.js'
import type { ActionResult } from '../../harness/run-action.js'
import { rowsOf } from '../../src/domain/preview-table.js'
import { act, projectWithHistory, startWorld } from '../support/world.js'

let emulator: Emulator
let github: FakeGitHub
beforeAll(async () => {
  emulator = await startWorld()
  github = await startFakeGitHub()
})
afterAll(async () => {
  await Promise.all([emulator.close(), github.close()])
})

const HEAD = 'a1'.repeat(20)
const MERGE = 'b2'.repeat(20)
const RUN_URL = 'https://github.com/acme/site/actions/runs/4242'

function pullRequestEvent(
  number: number,
  branch = 'feature/pr'
): {
  env: Record<string, string>
  event: unknown
} {
  return {
    env: {
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_SHA: MERGE,
      GITHUB_REF: `refs/pull/${number}/merge`
    },
    event: { number, pull_request: { number, head: { sha: HEAD, ref: branch } } }
  }
}

function run(
  inputs: Record<string, string>,
  context: { env?: Record<string, string>; event?: unknown } = {}
): Promise<ActionResult> {
  return act(
    emulator,
    { 'github-token': github.token, ...inputs },
    {
      env: { GITHUB_API_URL: github.apiUrl, GITHUB_SHA: HEAD, ...context.env },
      event: context.event
    }
  )
}

const OCTOCAT: FakeUser = { login: 'octocat', id: 583231, type: 'User' }
const MALLORY: FakeUser = { login: 'mallory', id: 666, type: 'User' }

const callsFor = (project: string) =>
  github.calls.filter((c) => JSON.stringify(c.body ?? {}).includes(project))

describe('github-deployment', () => {
  it('creates a production GitHub Deployment whose statuses follow the Cloudflare deployment', async () => {
    const { name } = projectWithHistory(emulator)
    const result = await run({ 'project-name': name, branch: 'main', 'github-deployment': 'true' })
    expect(result.exitCode).toBe(0)
    const deployment = github.deployments.find((d) => d.payload.project === name)
    expect(deployment).toMatchObject({
      ref: HEAD,
      environment: `${name} (Production)`,
      production_environment: true,
      transient_environment: false,
      payload: { cloudflare_deployment_id: result.outputs['deployment-id'] }
    })
    expect(deployment?.statuses.map((s) => s.state)).toEqual(['queued', 'in_progress', 'success'])
    expect(deployment?.statuses.at(-1)?.environment_url).toBe(result.outputs.url)
  })

  it('marks a preview transient, names it Preview and links the branch alias', async () => {
    const { name } = projectWithHistory(emulator)
    const result = await run(
      { 'project-name': name, 'github-deployment': 'true' },
      pullRequestEvent(31)
    )
    expect(result.exitCode).toBe(0)
    const deployment = github.deployments.find((d) => d.payload.project === name)
    expect(deployment).toMatchObject({
      environment: `${name} (Preview)`,
      transient_environment: true,
      production_environment: false
    })
    expect(deployment?.ref).toBe(HEAD) // the pull request head, not the merge commit
    expect(deployment?.statuses.at(-1)).toMatchObject({
      state: 'success',
      environment_url: result.outputs['alias-url']
    })
  })

  it('uses github-environment when given', async () => {
    const { name } = projectWithHistory(emulator)
    await run({
      'project-name': name,
      branch: 'main',
      'github-deployment': 'true',
      'github-environment': 'www'
    })
    expect(github.deployments.find((d) => d.payload.project === name)?.environment).toBe('www')
  })

  it('reports a failed build as failure with a link to the run', async () => {
    const { name } = projectWithHistory(emulator)
    emulator.scriptNextDeployments(name, { outcome: 'failure' })
    const result = await run({ 'project-name': name, branch: 'main', 'github-deployment': 'true' })
    expect(result.exitCode).toBe(1)
    const statuses = github.deployments.find((d) => d.payload.project === name)?.statuses ?? []
    expect(statuses.at(-1)).toMatchObject({ state: 'failure', log_url: RUN_URL })
  })

  it('marks the rolled-back deployment inactive and the restored one successful again', async () => {
    const { name } = projectWithHistory(emulator)
    const first = await run({ 'project-name': name, branch: 'main', 'github-deployment': 'true' })
    expect(first.exitCode).toBe(0)
    emulator.scriptNextDeployments(name, { siteStatus: 500 })
    const second = await run({
      'project-name': name,
      branch: 'main',
      'github-deployment': 'true',
      'health-check-path': '/',
      'health-check-timeout': '1s',
      'rollback-on-failure': 'true'
    })
    expect(second.outputs['rolled-back']).toBe('true')
    const [restored, rolledBack] = github.deployments.filter((d) => d.payload.project === name)
    expect(rolledBack?.statuses.map((s) => s.state)).toEqual([
      'queued',
      'in_progress',
      'failure',
      'inactive'
    ])
    expect(restored?.statuses.map((s) => s.state)).toEqual([
      'queued',
      'in_progress',
      'success',
      'success'
    ])
  })
})

describe('github-deployment with rollback and teardown operations', () => {
  it('a rollback operation retires the live GitHub deployment and revives the restored one', async () => {
    const { name } = projectWithHistory(emulator)
    const first = await run({ 'project-name': name, branch: 'main', 'github-deployment': 'true' })
    const second = await run({ 'project-name': name, branch: 'main', 'github-deployment': 'true' })
    const rollback = await run({
      operation: 'rollback',
      'project-name': name,
      'deployment-id': first.outputs['deployment-id'] ?? '',
      'github-deployment': 'true'
    })
    expect(rollback.exitCode).toBe(0)
    const [restored, retired] = github.deployments.filter((d) => d.payload.project === name)
    expect(retired?.payload.cloudflare_deployment_id).toBe(second.outputs['deployment-id'])
    expect(retired?.statuses.at(-1)?.state).toBe('inactive')
    expect(restored?.statuses.at(-1)).toMatchObject({
      state: 'success',
      environment_url: first.outputs.url
    })
  })

  it('teardown-preview marks the branch previews inactive on GitHub', async () => {
    const { name } = projectWithHistory(emulator)
    const pr = pullRequestEvent(91, 'feature/closing')
    await run({ 'project-name': name, 'github-deployment': 'true' }, pr)
    await run(
      { 'project-name': name, 'github-deployment': 'true' },
      pullRequestEvent(92, 'feature/other')
    )
    const teardown = await run(
      { operation: 'teardown-preview', 'project-name': name, 'github-deployment': 'true' },
      pr
    )
    expect(teardown.exitCode).toBe(0)
    const previews = github.deployments.filter((d) => d.payload.project === name)
    const closing = previews.find((d) => d.payload.branch === 'feature/closing')
    const other = previews.find((d) => d.payload.branch === 'feature/other')
    expect(closing?.statuses.at(-1)?.state).toBe('inactive')
    expect(other?.statuses.at(-1)?.state).toBe('success')
  })

  it('reading a status or a log reports nothing to GitHub', async () => {
    const { name, live } = projectWithHistory(emulator)
    const before = github.calls.length
    await run({
      operation: 'status',
      'project-name': name,
      'commit-status': 'true',
      'github-deployment': 'true'
    })
    await run({
      operation: 'logs',
      'project-name': name,
      'deployment-id': live.id,
      'commit-status': 'true'
    })
    expect(github.calls.length).toBe(before)
  })
})

describe('comment-on-pr', () => {
  it('keeps one comment for every project, its rows edited in place across pushes', async () => {
    const { name } = projectWithHistory(emulator)
    const other = projectWithHistory(emulator).name
    github.addComment(41, 'LGTM, a human comment', OCTOCAT)
    const pr = pullRequestEvent(41)
    const first = await run({ 'project-name': name, 'comment-on-pr': 'true' }, pr)
    const second = await run({ 'project-name': name, 'comment-on-pr': 'true' }, pr)
    await run({ 'project-name': other, 'comment-on-pr': 'true' }, pr)
    expect([first.exitCode, second.exitCode]).toEqual([0, 0])

    const comments = github.comments.filter((c) => c.issue === 41)
    expect(comments).toHaveLength(2) // the human's, and one for every project
    expect(comments[0]?.body).toBe('LGTM, a human comment')
    const rows = rowsOf(comments[1]?.body ?? '')
    expect(rows.map((r) => [r.project, r.status]).sort()).toEqual(
      [
        [name, 'ready'],
        [other, 'ready']
      ].sort()
    )
    const ours = rows.find((r) => r.project === name)
    expect(ours?.preview).toBe(second.outputs['alias-url'])
    expect(ours?.deploymentUrl).toBe(second.outputs.url)
    expect(comments[1]?.body).not.toContain(first.outputs.url)
    // Posted once, then edited: building, ready, building, ready, then the other project's two.
    const edits = github.calls.filter(
      (c) => c.method === 'PATCH' && c.path.endsWith(`/${comments[1]?.id}`)
    )
    expect(edits.length).toBe(5)
  })

  it('never adopts a marker comment someone else wrote: it is left as it is, and ours is posted', async () => {
    const { name } = projectWithHistory(emulator)
    const planted = github.addComment(
      44,
      `<!-- pages-pilot:comment project=${name} -->\n### ✅ Preview ready\n[Open the preview](https://evil.example)`,
      MALLORY
    )
    const result = await run(
      { 'project-name': name, 'comment-on-pr': 'true' },
      pullRequestEvent(44)
    )
    expect(result.exitCode).toBe(0)
    expect(planted.body).toContain('https://evil.example')
    expect(
      github.calls.some((c) => c.method === 'PATCH' && c.path.endsWith(`/${planted.id}`))
    ).toBe(false)
    const ours = github.comments.filter((c) => c.issue === 44 && c.user.id === github.identity.id)
    expect(ours).toHaveLength(1)
    expect(rowsOf(ours[0]?.body ?? '')[0]?.deploymentUrl).toBe(result.outputs.url)
  })

  it("with a personal access token, learns its user from GET /user when GraphQL is refused, and edits that user's comment", async () => {
    const pat = await startFakeGitHub({
      token: 'ghp_personal0123456789abcdefABCDEF012345',
      identity: OCTOCAT
    })
    pat.refuseGraphql()
    try {
      const { name } = projectWithHistory(emulator)
      const earlier = pat.addComment(45, `<!-- pages-pilot:comment project=${name} -->\nold`)
      const planted = pat.addComment(
        45,
        `<!-- pages-pilot:comment project=${name} -->\nplanted`,
        MALLORY
      )
      const pr = pullRequestEvent(45)
      const result = await act(
        emulator,
        { 'project-name': name, 'github-token': pat.token, 'comment-on-pr': 'true' },
        { env: { GITHUB_API_URL: pat.apiUrl, ...pr.env }, event: pr.event }
      )
      expect(result.exitCode).toBe(0)
      expect(pat.calls.map((c) => `${c.method} ${c.path}`)).toEqual(
        expect.arrayContaining(['POST /graphql', 'GET /user'])
      )
      expect(earlier.body).toContain('<!-- pages-pilot:previews -->')
      expect(earlier.body).toContain('✅ Ready')
      expect(planted.body).toContain('planted')
      expect(pat.comments.filter((c) => c.issue === 45)).toHaveLength(2)
    } finally {
      await pat.close()
    }
  })

  it('shows the failing stage and the first error line when the build fails', async () => {
    const { name } = projectWithHistory(emulator)
    emulator.scriptNextDeployments(name, { outcome: 'failure' })
    await run({ 'project-name': name, 'comment-on-pr': 'true' }, pullRequestEvent(42))
    const body = github.comments.find((c) => c.issue === 42)?.body ?? ''
    expect(body).toContain(
      '❌ Failed at `build`<br>`✘ [ERROR] Could not resolve "./components/Header"`'
    )
  })

  it('does nothing outside pull requests', async () => {
    const { name } = projectWithHistory(emulator)
    const before = github.calls.length
    const result = await run({ 'project-name': name, branch: 'main', 'comment-on-pr': 'true' })
    expect(result.exitCode).toBe(0)
    expect(github.calls.length).toBe(before)
  })
})

describe('commit-status', () => {
  it('sets pending then success on the pull request head for a wait on the Git-integration build', async () => {
    const { name } = projectWithHistory(emulator)
    emulator.simulatePush(name, { branch: 'feature/pr', commitHash: HEAD })
    const result = await run(
      { operation: 'wait', 'project-name': name, 'commit-status': 'true' },
      pullRequestEvent(51)
    )
    expect(result.exitCode).toBe(0)
    const statuses = github.statuses.filter((s) => s.context === `pages-pilot/${name}`)
    expect(statuses.map((s) => [s.sha, s.state])).toEqual([
      [HEAD, 'pending'],
      [HEAD, 'success']
    ])
    expect(statuses[1]?.target_url).toBe(result.outputs['alias-url'])
  })

  it('sets failure when the build fails, so branch protection blocks the merge', async () => {
    const { name } = projectWithHistory(emulator)
    emulator.scriptNextDeployments(name, { outcome: 'failure' })
    await run({ 'project-name': name, 'commit-status': 'true' }, pullRequestEvent(52))
    const states = github.statuses
      .filter((s) => s.context === `pages-pilot/${name}`)
      .map((s) => s.state)
    expect(states).toEqual(['pending', 'failure'])
  })
})

describe('events, permissions and the token', () => {
  it('follows the head commit of a workflow_run and the pushed commit of a workflow_dispatch', async () => {
    const { name } = projectWithHistory(emulator)
    const sha = 'c3'.repeat(20)
    await run(
      { 'project-name': name, branch: 'main', 'commit-status': 'true' },
      {
        env: { GITHUB_EVENT_NAME: 'workflow_run', GITHUB_SHA: MERGE },
        event: { workflow_run: { head_sha: sha, head_branch: 'main', pull_requests: [] } }
      }
    )
    await run(
      { 'project-name': name, branch: 'main', 'commit-status': 'true' },
      { env: { GITHUB_EVENT_NAME: 'workflow_dispatch' } }
    )
    const shas = github.statuses
      .filter((s) => s.context === `pages-pilot/${name}`)
      .map((s) => s.sha)
    expect(shas).toEqual([sha, sha, HEAD, HEAD])
  })

  it('warns with the permission to add, and still passes, when GitHub refuses', async () => {
    const denied = await startFakeGitHub({ token: github.token })
    denied.deny('deployments', 'statuses', 'comments')
    try {
      const { name } = projectWithHistory(emulator)
      const result = await act(
        emulator,
        {
          'project-name': name,
          'github-token': github.token,
          'github-deployment': 'true',
          'comment-on-pr': 'true',
          'commit-status': 'true'
        },
        {
          env: { GITHUB_API_URL: denied.apiUrl, ...pullRequestEvent(61).env },
          event: pullRequestEvent(61).event
        }
      )
      expect(result.exitCode).toBe(0)
      expect(result.outputs.status).toBe('success')
      expect(result.stdout).toMatch(
        /::warning::The GitHub deployment was skipped: GitHub refused it \(HTTP 403: Resource not accessible by integration\)\. Add `deployments: write`/
      )
      expect(result.stdout).toContain('Add `statuses: write`')
      expect(result.stdout).toContain('Add `pull-requests: write`')
      // Each refused feature is tried once, then left alone.
      expect(denied.calls.filter((c) => c.path.endsWith('/deployments')).length).toBe(1)
    } finally {
      await denied.close()
    }
  })

  it('works against GitHub Enterprise Server (GITHUB_API_URL with /api/v3)', async () => {
    const { name } = projectWithHistory(emulator)
    const result = await run(
      { 'project-name': name, branch: 'main', 'commit-status': 'true' },
      { env: { GITHUB_API_URL: `${github.apiUrl}/api/v3` } }
    )
    expect(result.exitCode).toBe(0)
    expect(github.calls.some((c) => c.path.startsWith('/api/v3/repos/acme/site/statuses/'))).toBe(
      true
    )
  })

  it('sends the GitHub token only to GitHub and the Cloudflare token only to Cloudflare', async () => {
    const { name } = projectWithHistory(emulator)
    const result = await run(
      {
        'project-name': name,
        'github-deployment': 'true',
        'comment-on-pr': 'true',
        'commit-status': 'true',
        'health-check-path': '/'
      },
      pullRequestEvent(71)
    )
    expect(result.exitCode).toBe(0)
    expect(callsFor(name).length).toBeGreaterThan(0)
    for (const call of github.calls) {
      expect(call.authorization).toBe(`token ${github.token}`)
      expect(JSON.stringify(call)).not.toContain(emulator.token)
    }
    expect(JSON.stringify(emulator.requests)).not.toContain(github.token)
    expect(result.allText.replaceAll(`::add-mask::${github.token}`, '')).not.toContain(github.token)
  })

  it('never carries the GitHub token to another host, even when redirected there', async () => {
    const elsewhere = await startFakeGitHub({ token: 'ghs_someoneElsesToken000000000000000000AB' })
    const redirecting = await startFakeGitHub({ token: github.token })
    redirecting.redirectTo(elsewhere.apiUrl)
    try {
      const { name } = projectWithHistory(emulator)
      const result = await act(
        emulator,
        {
          'project-name': name,
          branch: 'main',
          'github-token': github.token,
          'commit-status': 'true'
        },
        { env: { GITHUB_API_URL: redirecting.apiUrl, GITHUB_SHA: HEAD } }
      )
      expect(result.exitCode).toBe(0)
      expect(redirecting.calls.length).toBeGreaterThan(0)
      for (const call of elsewhere.calls)
        expect(call.authorization ?? '').not.toContain(github.token)
    } finally {
      await Promise.all([elsewhere.close(), redirecting.close()])
    }
  })

  it('makes the exact sequence of calls for a pull request preview with every feature on', async () => {
    const { name } = projectWithHistory(emulator)
    const before = github.calls.length
    const result = await run(
      {
        'project-name': name,
        'github-deployment': 'true',
        'comment-on-pr': 'true',
        'commit-status': 'true'
      },
      {
        env: { GITHUB_EVENT_NAME: 'pull_request_target', GITHUB_SHA: MERGE },
        event: { number: 95, pull_request: { number: 95, head: { sha: HEAD, ref: 'feature/seq' } } }
      }
    )
    expect(result.exitCode).toBe(0)
    const calls = github.calls
      .slice(before)
      .map((c) => `${c.method} ${c.path.replace(/\?.*$/, '').replace(/\/\d+(\/|$)/g, '/N$1')}`)
    expect(calls).toEqual([
      'POST /repos/acme/site/deployments',
      'POST /repos/acme/site/deployments/N/statuses', // queued
      `POST /repos/acme/site/statuses/${HEAD}`, // pending
      'POST /graphql', // whose token this is: only its own comment is adopted
      'GET /repos/acme/site/issues/N/comments', // look for the sticky comment
      'POST /repos/acme/site/issues/N/comments', // building
      'GET /repos/acme/site/issues/N/comments', // read again, twice: no job replaced the row
      'GET /repos/acme/site/issues/N/comments',
      'POST /repos/acme/site/deployments/N/statuses', // in_progress
      'POST /repos/acme/site/deployments/N/statuses', // success
      `POST /repos/acme/site/statuses/${HEAD}`, // success
      'GET /repos/acme/site/issues/N/comments',
      'PATCH /repos/acme/site/issues/comments/N', // ready
      'GET /repos/acme/site/issues/N/comments',
      'GET /repos/acme/site/issues/N/comments'
    ])
  })

  it('makes no GitHub call when no GitHub feature is on', async () => {
    const { name } = projectWithHistory(emulator)
    const before = github.calls.length
    await run({ 'project-name': name, branch: 'main' }, pullRequestEvent(81))
    expect(github.calls.length).toBe(before)
  })
})
