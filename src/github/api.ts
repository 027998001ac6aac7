/**
 * The few GitHub REST calls pages-pilot makes, behind an interface so the reporter can be
 * tested and Octokit is loaded only when a GitHub feature is turned on (it is most of the
 * bundle's start-up cost otherwise).
 */

import { createGitHubFetch } from './fetch.js'

export type DeploymentState =
  'queued' | 'in_progress' | 'success' | 'failure' | 'error' | 'inactive'
export type CommitState = 'pending' | 'success' | 'failure' | 'error'

export interface GitHubDeployment {
  id: number
  environment: string
  sha: string
  payload: unknown
}

/** A deployment status, as far as pages-pilot reads it back. */
export interface GitHubStatus {
  state: string
  description: string
}

export interface GitHubComment {
  id: number
  body?: string | undefined
  /** The author's account id (`user.id`), which no one else can take. */
  authorId?: number | undefined
  /** When it was last edited (ISO 8601), as GitHub says. */
  updatedAt?: string | undefined
}

/** A check run of a commit (GitHub Actions jobs and apps' checks). */
export interface CheckRunInfo {
  id: number
  name: string
  /** `queued`, `in_progress`, `completed` (and `waiting`, `requested`, `pending`). */
  status: string
  /** Set once completed: `success`, `failure`, `neutral`, `cancelled`, `skipped`, `timed_out`, `action_required`, `stale`. */
  conclusion: string | null
  detailsUrl: string | undefined
  htmlUrl: string | undefined
}

/** The latest commit status of one context. */
export interface CommitStatusInfo {
  context: string
  state: string
  description: string
  targetUrl: string | undefined
}

/** The account a token acts as: the author of the comments it writes. */
export interface GitHubIdentity {
  id: number
  login: string
}

/**
 * What a comment written with the workflow's GITHUB_TOKEN names as its author: the GitHub
 * Actions app's bot user.
 */
export const ACTIONS_BOT: GitHubIdentity = { id: 41898282, login: 'github-actions[bot]' }

/** The repository and token every call uses. */
export interface GitHubTarget {
  owner: string
  repo: string
  token: string
  /** REST API root; GITHUB_API_URL on GitHub Enterprise Server. */
  apiUrl: string
}

export interface GitHubApi {
  /** Closes kept-alive connections. */
  dispose(): void
  createDeployment(params: {
    ref: string
    environment: string
    description: string
    transient: boolean
    production: boolean
    payload: Record<string, string>
  }): Promise<GitHubDeployment>
  createDeploymentStatus(
    deploymentId: number,
    params: {
      state: DeploymentState
      description: string
      environmentUrl?: string
      logUrl?: string
    }
  ): Promise<void>
  listDeployments(environment: string): Promise<GitHubDeployment[]>
  /** A GitHub deployment's statuses, newest first. */
  listDeploymentStatuses(deploymentId: number): Promise<GitHubStatus[]>
  /**
   * The account the token acts as, or `undefined` when GitHub does not say. GraphQL's `viewer`
   * answers for every kind of token; `GET /user` only for a user's (a PAT), so it is second.
   */
  viewer(): Promise<GitHubIdentity | undefined>
  listIssueComments(issue: number): Promise<GitHubComment[]>
  createIssueComment(issue: number, body: string): Promise<GitHubComment>
  updateIssueComment(commentId: number, body: string): Promise<void>
  /** Deletes a comment; one already gone (404) counts as deleted. */
  deleteIssueComment(commentId: number): Promise<void>
  createCommitStatus(
    sha: string,
    params: { state: CommitState; context: string; description: string; targetUrl?: string }
  ): Promise<void>
  /** Every check run of the commit (`checks: read`). */
  listCheckRuns(sha: string): Promise<CheckRunInfo[]>
  /** The latest status of each context on the commit (`statuses: read`). */
  listCommitStatuses(sha: string): Promise<CommitStatusInfo[]>
}

/** How GitHub requests are bounded: a deadline each, and the run's cancellation. */
export interface GitHubRequestLimits {
  timeoutMs: number
  signal: AbortSignal | undefined
  userAgent: string
}

/**
 * An Octokit-backed {@link GitHubApi}; Octokit is imported on first use. Its requests go
 * through pages-pilot's HTTP core (see {@link createGitHubFetch}).
 */
export async function createGitHubApi(
  target: GitHubTarget,
  limits: GitHubRequestLimits
): Promise<GitHubApi> {
  const { getOctokit } = await import('@actions/github')
  const transport = createGitHubFetch(limits)
  const octokit = getOctokit(target.token, {
    baseUrl: target.apiUrl,
    request: { fetch: transport.fetch }
  })
  const repo = { owner: target.owner, repo: target.repo }
  const toDeployment = (d: {
    id: number
    environment: string
    sha: string
    payload: unknown
  }): GitHubDeployment => ({
    id: d.id,
    environment: d.environment,
    sha: d.sha,
    payload: d.payload
  })
  return {
    dispose: () => transport.dispose(),
    async createDeployment(params) {
      const response = await octokit.rest.repos.createDeployment({
        ...repo,
        ref: params.ref,
        environment: params.environment,
        description: params.description,
        transient_environment: params.transient,
        production_environment: params.production,
        payload: params.payload,
        auto_merge: false,
        // The Cloudflare build is the check that matters; other commit checks must not block it.
        required_contexts: []
      })
      if (response.status !== 201 || !('id' in response.data)) {
        throw new Error(`GitHub did not create the deployment (HTTP ${response.status})`)
      }
      return toDeployment(response.data)
    },
    async createDeploymentStatus(deploymentId, params) {
      await octokit.rest.repos.createDeploymentStatus({
        ...repo,
        deployment_id: deploymentId,
        state: params.state,
        description: params.description.slice(0, 140),
        ...(params.environmentUrl ? { environment_url: params.environmentUrl } : {}),
        ...(params.logUrl ? { log_url: params.logUrl } : {}),
        // Older deployments of the environment are marked inactive by pages-pilot itself.
        auto_inactive: false
      })
    },
    async listDeployments(environment) {
      const deployments = await octokit.paginate(octokit.rest.repos.listDeployments, {
        ...repo,
        environment,
        per_page: 100
      })
      return deployments.map(toDeployment)
    },
    async viewer() {
      const refused = (error: unknown): undefined => {
        // A cancel or a stalled GitHub is the caller's to handle; a refusal only loses a way.
        if (limits.signal?.aborted || !(error instanceof Error) || !('status' in error)) {
          throw error
        }
        return undefined
      }
      const graphql = await octokit
        .graphql<{ viewer: { login: string; databaseId: number } }>(
          'query { viewer { login databaseId } }'
        )
        .then(({ viewer }) => ({ id: viewer.databaseId, login: viewer.login }), refused)
      if (graphql) return graphql
      const rest = await octokit.rest.users
        .getAuthenticated()
        .then(({ data }) => ({ id: data.id, login: data.login }), refused)
      if (rest) return rest
      // An installation token that GitHub would not name is, in a workflow, the job's token.
      return target.token.startsWith('ghs_') ? ACTIONS_BOT : undefined
    },
    async listDeploymentStatuses(deploymentId) {
      const { data } = await octokit.rest.repos.listDeploymentStatuses({
        ...repo,
        deployment_id: deploymentId,
        per_page: 100
      })
      return data.map((s) => ({ state: s.state, description: s.description ?? '' }))
    },
    async listIssueComments(issue) {
      const comments = await octokit.paginate(octokit.rest.issues.listComments, {
        ...repo,
        issue_number: issue,
        per_page: 100
      })
      return comments.map((c) => ({
        id: c.id,
        body: c.body,
        authorId: c.user?.id,
        updatedAt: c.updated_at
      }))
    },
    async createIssueComment(issue, body) {
      const response = await octokit.rest.issues.createComment({
        ...repo,
        issue_number: issue,
        body
      })
      return {
        id: response.data.id,
        body: response.data.body,
        authorId: response.data.user?.id,
        updatedAt: response.data.updated_at
      }
    },
    async updateIssueComment(commentId, body) {
      await octokit.rest.issues.updateComment({ ...repo, comment_id: commentId, body })
    },
    async deleteIssueComment(commentId) {
      try {
        await octokit.rest.issues.deleteComment({ ...repo, comment_id: commentId })
      } catch (error) {
        // Another job of the pull request deleted it first.
        if ((error as { status?: number }).status !== 404) throw error
      }
    },
    async createCommitStatus(sha, params) {
      await octokit.rest.repos.createCommitStatus({
        ...repo,
        sha,
        state: params.state,
        context: params.context,
        description: params.description.slice(0, 140),
        ...(params.targetUrl ? { target_url: params.targetUrl } : {})
      })
    },
    async listCheckRuns(sha) {
      const runs = await octokit.paginate(octokit.rest.checks.listForRef, {
        ...repo,
        ref: sha,
        filter: 'latest',
        per_page: 100
      })
      return runs.map((run) => ({
        id: run.id,
        name: run.name,
        status: run.status,
        conclusion: run.conclusion,
        detailsUrl: run.details_url ?? undefined,
        htmlUrl: run.html_url ?? undefined
      }))
    },
    async listCommitStatuses(sha) {
      // Newest first: the first of each context is its current state.
      const statuses = await octokit.paginate(octokit.rest.repos.listCommitStatusesForRef, {
        ...repo,
        ref: sha,
        per_page: 100
      })
      const latest = new Map<string, CommitStatusInfo>()
      for (const status of statuses) {
        if (latest.has(status.context)) continue
        latest.set(status.context, {
          context: status.context,
          state: status.state,
          description: status.description ?? '',
          targetUrl: status.target_url ?? undefined
        })
      }
      return [...latest.values()]
    }
  }
}
