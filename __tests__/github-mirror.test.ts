/**
 * The GitHub mirror of a Cloudflare deployment, against a recording GitHub API: which calls it
 * makes at each phase, and how it degrades when GitHub refuses.
 */
import { describe, expect, it } from '@jest/globals'
import { GitHubMirror, type GitHubFeatures } from '../src/domain/github-mirror.js'
import {
  ACTIONS_BOT,
  type GitHubApi,
  type GitHubComment,
  type GitHubDeployment
} from '../src/github/api.js'
import { deploymentFixture, reportFixture, T0 } from './support/fixtures.js'

/** Records every call; `refuse` makes a method fail like Octokit with an HTTP status. */
class RecordingGitHub implements GitHubApi {
  readonly calls: string[] = []
  readonly deployments: GitHubDeployment[] = []
  readonly comments: GitHubComment[] = []
  refuse: Partial<Record<keyof GitHubApi, number>> = {}

  private check(name: keyof GitHubApi, detail: string): void {
    this.calls.push(`${name} ${detail}`.trim())
    const status = this.refuse[name]
    if (status !== undefined) {
      throw Object.assign(
        new Error(`Resource not accessible by integration - https://docs.github.com/x`),
        {
          status
        }
      )
    }
  }
  dispose(): void {}
  /** The job's token; not recorded, as it says nothing about what the mirror did. */
  async viewer() {
    return ACTIONS_BOT
  }
  async createDeployment(params: Parameters<GitHubApi['createDeployment']>[0]) {
    this.check('createDeployment', `${params.environment} ${params.ref}`)
    const created = {
      id: this.deployments.length + 1,
      environment: params.environment,
      sha: params.ref,
      payload: params.payload
    }
    this.deployments.push(created)
    return created
  }
  async createDeploymentStatus(id: number, params: { state: string }) {
    this.check('createDeploymentStatus', `${id} ${params.state}`)
  }
  async listDeployments(environment: string) {
    this.check('listDeployments', environment)
    return this.deployments.filter((d) => d.environment === environment)
  }
  async listDeploymentStatuses(id: number) {
    this.check('listDeploymentStatuses', String(id))
    return []
  }
  async listIssueComments(issue: number) {
    this.check('listIssueComments', String(issue))
    return this.comments
  }
  async createIssueComment(issue: number, body: string) {
    this.check('createIssueComment', String(issue))
    const comment = { id: 100 + this.comments.length, body, authorId: ACTIONS_BOT.id }
    this.comments.push(comment)
    return comment
  }
  async updateIssueComment(id: number, body: string) {
    this.check('updateIssueComment', String(id))
    const comment = this.comments.find((c) => c.id === id)
    if (comment) comment.body = body
  }
  async deleteIssueComment(id: number) {
    this.check('deleteIssueComment', String(id))
    const index = this.comments.findIndex((c) => c.id === id)
    if (index >= 0) this.comments.splice(index, 1)
  }
  async createCommitStatus(sha: string, params: { state: string; context: string }) {
    this.check('createCommitStatus', `${sha.slice(0, 7)} ${params.state} ${params.context}`)
  }
  async listCheckRuns(sha: string) {
    this.check('listCheckRuns', sha.slice(0, 7))
    return []
  }
  async listCommitStatuses(sha: string) {
    this.check('listCommitStatuses', sha.slice(0, 7))
    return []
  }
}

const ALL: GitHubFeatures = {
  deployment: true,
  environment: undefined,
  comment: true,
  commitStatus: true
}
const clock = { now: () => T0 + 60_000, sleep: async () => undefined }

function mirror(api: GitHubApi, features = ALL, pullRequest: number | undefined = 7) {
  const warnings: string[] = []
  const facts = { projectName: 'site', headSha: 'f'.repeat(40), pullRequest, runUrl: 'https://run' }
  return {
    mirror: new GitHubMirror(api, features, facts, (w) => warnings.push(w), clock),
    warnings
  }
}

describe('the GitHub mirror', () => {
  it('follows a preview from queued to success: deployment statuses, commit status, one sticky comment', async () => {
    const api = new RecordingGitHub()
    const { mirror: m, warnings } = mirror(api)
    const queued = deploymentFixture({
      latest_stage: { name: 'queued', started_on: null, ended_on: null, status: 'active' }
    })
    await m.started(queued, reportFixture())
    await m.progressed(
      deploymentFixture({
        latest_stage: { name: 'build', started_on: null, ended_on: null, status: 'active' }
      })
    )
    await m.progressed(
      deploymentFixture({
        latest_stage: { name: 'deploy', started_on: null, ended_on: null, status: 'active' }
      })
    )
    await m.finished(reportFixture({ deployment: deploymentFixture(), status: 'success' }))
    expect(api.calls).toEqual([
      `createDeployment site (Preview) ${'f'.repeat(40)}`,
      'createDeploymentStatus 1 queued',
      'createCommitStatus fffffff pending pages-pilot/site',
      'listIssueComments 7', // the shared comment and its rows
      'createIssueComment 7', // none yet: this project's row, building
      'listIssueComments 7', // read again after writing, twice: the row is there
      'listIssueComments 7',
      'createDeploymentStatus 1 in_progress',
      'createDeploymentStatus 1 success',
      'createCommitStatus fffffff success pages-pilot/site',
      'listIssueComments 7',
      'updateIssueComment 100', // the row, ready
      'listIssueComments 7',
      'listIssueComments 7'
    ])
    expect(api.comments).toHaveLength(1)
    expect(api.comments[0]?.body).toContain('<!-- pages-pilot:previews -->')
    expect(api.comments[0]?.body).toContain('<!-- pages-pilot:row project=site v=1 data=')
    expect(api.comments[0]?.body).toContain('✅ Ready')
    expect(api.comments[0]?.body).toContain(
      '[feature-x.site.pages.dev](https://feature-x.site.pages.dev)'
    )
    expect(warnings).toEqual([])
  })

  it("turns the project's comment an earlier version left into the shared one", async () => {
    const api = new RecordingGitHub()
    api.comments.push(
      { id: 55, body: 'other bot', authorId: 1 },
      {
        id: 56,
        body: '<!-- pages-pilot:comment project=site -->\n### ✅ Preview ready: `site`',
        authorId: ACTIONS_BOT.id
      }
    )
    const { mirror: m } = mirror(api, { ...ALL, deployment: false, commitStatus: false })
    await m.started(deploymentFixture(), reportFixture())
    expect(api.calls).toEqual([
      'listIssueComments 7',
      'updateIssueComment 56',
      'listIssueComments 7',
      'listIssueComments 7'
    ])
    expect(api.comments.find((c) => c.id === 56)?.body).toContain('<!-- pages-pilot:previews -->')
    expect(api.comments.find((c) => c.id === 55)?.body).toBe('other bot')
  })

  it('turns a refused feature off with one warning naming the permission, and keeps the others', async () => {
    const api = new RecordingGitHub()
    api.refuse.createCommitStatus = 403
    const { mirror: m, warnings } = mirror(api)
    await m.started(deploymentFixture(), reportFixture())
    await m.finished(reportFixture({ deployment: deploymentFixture(), status: 'success' }))
    expect(api.calls.filter((c) => c.startsWith('createCommitStatus'))).toHaveLength(1)
    expect(warnings).toEqual([
      "The commit status was skipped: GitHub refused it (HTTP 403: Resource not accessible by integration). Add `statuses: write` to the job's `permissions:` block."
    ])
    expect(api.calls).toContain('createDeploymentStatus 1 success')
  })

  it('on a failed production deploy that was rolled back, retires it and revives the restored one', async () => {
    const api = new RecordingGitHub()
    const { mirror: m } = mirror(api, { ...ALL, comment: false, commitStatus: false }, undefined)
    const restored = deploymentFixture({ id: 'old-live', environment: 'production' })
    await m.started(restored, reportFixture())
    const failed = deploymentFixture({ id: 'new', environment: 'production' })
    await m.started(failed, reportFixture())
    api.calls.length = 0
    await m.finished(
      reportFixture({
        deployment: failed,
        status: 'failure',
        failure: 'health check failed',
        rollback: {
          fromDeploymentId: 'new',
          toDeploymentId: 'old-live',
          toUrl: 'https://old',
          reason: 'health check failed',
          verified: true
        }
      })
    )
    expect(api.calls).toEqual([
      'createDeploymentStatus 2 failure',
      'createDeploymentStatus 2 inactive',
      'listDeployments site (Production)',
      'createDeploymentStatus 1 success'
    ])
  })

  it('marks the GitHub deployments of a torn-down branch inactive, and only those', async () => {
    const api = new RecordingGitHub()
    const { mirror: m } = mirror(api, { ...ALL, comment: false, commitStatus: false })
    await m.started(deploymentFixture(), reportFixture())
    await m.started(
      deploymentFixture({
        deployment_trigger: {
          type: 'ad_hoc',
          metadata: { branch: 'other', commit_hash: '', commit_message: '' }
        }
      }),
      reportFixture()
    )
    api.calls.length = 0
    expect(await m.retireBranch('feature/x')).toBe(1)
    expect(api.calls).toEqual([
      'listDeployments site (Preview)',
      'createDeploymentStatus 1 inactive'
    ])
  })
})
