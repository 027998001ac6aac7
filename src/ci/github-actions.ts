import { readFileSync } from 'node:fs'
import type { BranchSource, PullRequestFacts } from '../domain/branch-rule.js'

/**
 * The few facts about the triggering workflow run that pages-pilot needs, read from the
 * runner's environment and event payload. Reading them directly keeps Octokit out of start-up.
 */
export interface RunContext {
  eventName: string
  /** The commit the run is about: the pull request's head, not its merge commit. */
  headSha: string | undefined
  /** The branch the run is about: the pull request's head branch, or the pushed branch. */
  headBranch: string | undefined
  /** Where `headBranch` comes from. */
  headBranchSource: BranchSource
  /**
   * The branch a deployment defaults to: `headBranch`, except for a merged pull request,
   * whose code is its base branch's.
   */
  deployBranch: string | undefined
  deployBranchSource: BranchSource
  /** Set on every event that carries a pull request (see {@link PULL_REQUEST_EVENTS}). */
  pullRequestFacts: PullRequestFacts | undefined
  /** Link to this workflow run, for summaries and messages. */
  runUrl: string | undefined
  /** `owner/repo`. */
  repository: string | undefined
  /** The pull request the run is about, on pull request and workflow_run events. */
  pullRequest: number | undefined
  /** GitHub's REST API root: GITHUB_API_URL, which differs on GitHub Enterprise Server. */
  apiUrl: string
  /** The head commit's message (push, workflow_run), or the pull request title. */
  commitMessage: string | undefined
  /** The checkout: GITHUB_WORKSPACE. */
  workspace: string | undefined
}

interface RepositoryRef {
  full_name?: string
}

interface EventPayload {
  number?: number
  head_commit?: { message?: string }
  repository?: RepositoryRef
  pull_request?: {
    number?: number
    title?: string
    merged?: boolean
    merge_commit_sha?: string | null
    head?: { sha?: string; ref?: string; repo?: RepositoryRef | null }
    base?: { ref?: string; repo?: RepositoryRef | null }
  }
  workflow_run?: {
    event?: string
    head_sha?: string
    head_branch?: string
    head_commit?: { message?: string }
    head_repository?: RepositoryRef | null
    repository?: RepositoryRef
    pull_requests?: Array<{ number?: number; base?: { ref?: string } }>
  }
}

/** Events whose payload is about a pull request; a workflow_run is when its own event was. */
export const PULL_REQUEST_EVENTS = new Set([
  'pull_request',
  'pull_request_target',
  'pull_request_review',
  'pull_request_review_comment'
])

/** Reads the run context from `GITHUB_*` variables and the event file. */
export function readRunContext(env: NodeJS.ProcessEnv = process.env): RunContext {
  const eventName = env.GITHUB_EVENT_NAME ?? ''
  const payload = readPayload(env.GITHUB_EVENT_PATH)
  let headSha = env.GITHUB_SHA || undefined
  let headBranch = env.GITHUB_REF?.startsWith('refs/heads/') ? env.GITHUB_REF_NAME : undefined
  let headBranchSource: BranchSource = 'pushed'
  let pullRequest: number | undefined
  let pullRequestFacts: PullRequestFacts | undefined
  let commitMessage = payload.head_commit?.message
  const pr = payload.pull_request
  const run = payload.workflow_run
  if (PULL_REQUEST_EVENTS.has(eventName) && pr) {
    const merged = pr.merged === true
    headSha = (merged ? pr.merge_commit_sha : pr.head?.sha) ?? headSha
    headBranch = pr.head?.ref ?? env.GITHUB_HEAD_REF ?? headBranch
    headBranchSource = 'pull-request-head'
    pullRequest = pr.number ?? payload.number
    commitMessage = pr.title
    pullRequestFacts = {
      number: pullRequest,
      headRef: headBranch,
      baseRef: pr.base?.ref ?? env.GITHUB_BASE_REF ?? undefined,
      merged,
      fromFork: isFork(pr.head?.repo, pr.base?.repo ?? payload.repository)
    }
  } else if (eventName === 'workflow_run' && run) {
    headSha = run.head_sha ?? headSha
    headBranch = run.head_branch ?? headBranch
    pullRequest = run.pull_requests?.[0]?.number
    commitMessage = run.head_commit?.message
    if (PULL_REQUEST_EVENTS.has(run.event ?? '')) {
      headBranchSource = 'pull-request-head'
      pullRequestFacts = {
        number: pullRequest,
        headRef: headBranch,
        baseRef: run.pull_requests?.[0]?.base?.ref,
        merged: false,
        fromFork: isFork(run.head_repository, run.repository ?? payload.repository)
      }
    }
  }
  const merged = pullRequestFacts?.merged === true
  const server = env.GITHUB_SERVER_URL ?? 'https://github.com'
  const runUrl =
    env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
      ? `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
      : undefined
  return {
    eventName,
    headSha,
    headBranch,
    headBranchSource,
    deployBranch: merged ? pullRequestFacts?.baseRef : headBranch,
    deployBranchSource: merged ? 'pull-request-base' : headBranchSource,
    pullRequestFacts,
    runUrl,
    repository: env.GITHUB_REPOSITORY,
    pullRequest,
    commitMessage,
    workspace: env.GITHUB_WORKSPACE || undefined,
    apiUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '')
  }
}

/** A pull request from another repository, or from one deleted since (GitHub sends `null`). */
function isFork(head: RepositoryRef | null | undefined, base: RepositoryRef | undefined): boolean {
  if (head === null) return true
  if (!head?.full_name || !base?.full_name) return false
  return head.full_name.toLowerCase() !== base.full_name.toLowerCase()
}

function readPayload(path: string | undefined): EventPayload {
  if (!path) return {}
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as EventPayload
  } catch {
    // A missing or unreadable event file only loses the pull-request defaults.
    return {}
  }
}
