import { readFileSync } from 'node:fs'
/**
 * The run context on GitHub Actions, read from the runner's environment and event payload.
 * Reading them directly keeps Octokit out of start-up.
 */
import type { BranchSource, PullRequestFacts } from '../domain/branch-rule.js'
import type { RunContext } from './run-context.js'

interface RepositoryRef {
  full_name?: string
  default_branch?: string
}

interface EventPayload {
  number?: number
  head_commit?: { message?: string }
  repository?: RepositoryRef
  pull_request?: {
    number?: number
    title?: string
    merged?: boolean
    /** Review events carry no `merged`, only this. */
    merged_at?: string | null
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
  let pullRequestNumber: number | undefined
  let pullRequest: PullRequestFacts | undefined
  let commitMessage = payload.head_commit?.message
  const pr = payload.pull_request
  const run = payload.workflow_run
  if (PULL_REQUEST_EVENTS.has(eventName) && pr) {
    const merged = pr.merged === true || Boolean(pr.merged_at)
    headSha = (merged ? pr.merge_commit_sha : pr.head?.sha) ?? headSha
    headBranch = pr.head?.ref ?? env.GITHUB_HEAD_REF ?? headBranch
    headBranchSource = 'pull-request-head'
    pullRequestNumber = pr.number ?? payload.number
    commitMessage = pr.title
    pullRequest = {
      number: pullRequestNumber,
      headRef: headBranch,
      baseRef: pr.base?.ref ?? env.GITHUB_BASE_REF ?? undefined,
      merged,
      fromFork: isFork(pr.head?.repo, pr.base?.repo ?? payload.repository)
    }
  } else if (eventName === 'workflow_run' && run) {
    headSha = run.head_sha ?? headSha
    headBranch = run.head_branch ?? headBranch
    pullRequestNumber = run.pull_requests?.[0]?.number
    commitMessage = run.head_commit?.message
    if (PULL_REQUEST_EVENTS.has(run.event ?? '')) {
      headBranchSource = 'pull-request-head'
      pullRequest = {
        number: pullRequestNumber,
        headRef: headBranch,
        baseRef: run.pull_requests?.[0]?.base?.ref,
        merged: false,
        fromFork: isFork(run.head_repository, run.repository ?? payload.repository)
      }
    }
  }
  const merged = pullRequest?.merged === true
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
    deployBranch: merged ? pullRequest?.baseRef : headBranch,
    deployBranchSource: merged ? 'pull-request-base' : headBranchSource,
    pullRequest,
    pullRequestNumber,
    runUrl,
    runId: wholeNumber(env.GITHUB_RUN_ID),
    runAttempt: wholeNumber(env.GITHUB_RUN_ATTEMPT),
    repository: env.GITHUB_REPOSITORY,
    commitMessage,
    defaultBranch: payload.repository?.default_branch || undefined,
    workspace: env.GITHUB_WORKSPACE || undefined,
    apiUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '')
  }
}

function wholeNumber(text: string | undefined): number | undefined {
  return text !== undefined && /^\d{1,15}$/.test(text) ? Number(text) : undefined
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
