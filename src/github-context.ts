import { readFileSync } from 'node:fs'

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

interface EventPayload {
  number?: number
  head_commit?: { message?: string }
  pull_request?: { number?: number; title?: string; head?: { sha?: string; ref?: string } }
  workflow_run?: {
    head_sha?: string
    head_branch?: string
    head_commit?: { message?: string }
    pull_requests?: Array<{ number?: number }>
  }
}

const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target', 'pull_request_review'])

/** Reads the run context from `GITHUB_*` variables and the event file. */
export function readRunContext(env: NodeJS.ProcessEnv = process.env): RunContext {
  const eventName = env.GITHUB_EVENT_NAME ?? ''
  const payload = readPayload(env.GITHUB_EVENT_PATH)
  let headSha = env.GITHUB_SHA || undefined
  let headBranch = env.GITHUB_REF?.startsWith('refs/heads/') ? env.GITHUB_REF_NAME : undefined
  let pullRequest: number | undefined
  let commitMessage = payload.head_commit?.message
  if (PULL_REQUEST_EVENTS.has(eventName) && payload.pull_request?.head) {
    headSha = payload.pull_request.head.sha ?? headSha
    headBranch = payload.pull_request.head.ref ?? env.GITHUB_HEAD_REF ?? headBranch
    pullRequest = payload.pull_request.number ?? payload.number
    commitMessage = payload.pull_request.title
  } else if (eventName === 'workflow_run' && payload.workflow_run) {
    headSha = payload.workflow_run.head_sha ?? headSha
    headBranch = payload.workflow_run.head_branch ?? headBranch
    pullRequest = payload.workflow_run.pull_requests?.[0]?.number
    commitMessage = payload.workflow_run.head_commit?.message
  }
  const server = env.GITHUB_SERVER_URL ?? 'https://github.com'
  const runUrl =
    env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
      ? `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
      : undefined
  return {
    eventName,
    headSha,
    headBranch,
    runUrl,
    repository: env.GITHUB_REPOSITORY,
    pullRequest,
    commitMessage,
    workspace: env.GITHUB_WORKSPACE || undefined,
    apiUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '')
  }
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
