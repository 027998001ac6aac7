/** What a run was asked to do, validated: the settings layer's result. */
import type { Credentials } from '../cloudflare/credentials.js'
import type { PagesConfigFile } from '../config/wrangler-config.js'
import type { BranchSource, PullRequestFacts } from '../domain/branch-rule.js'
import type { Operation } from '../operations/names.js'
import type { ApiTask, HookTriggerTask } from '../operations/settings.js'

export interface Settings {
  operation: Operation
  projectName: string
  /** `false` reports failures in outputs and the summary without failing the step. */
  failOnError: boolean
  /** `job-summary`: `false` writes no job summary; the outputs are the same. */
  jobSummary: boolean
  /** Time allowed for one HTTP request before it is abandoned and retried. */
  requestTimeoutMs: number
  github: GitHubSettings
  /** What to do and how to reach Cloudflare. */
  job: ApiJob | HookJob
  /** Said once the run starts, such as the legacy Global API Key's risk. */
  warnings: string[]
  /** Said once the run starts, such as the branch a Git ref given as `branch` names. */
  notices: string[]
}

/** How to reach the Cloudflare API. */
export interface ApiSettings {
  credentials: Credentials
  /** Cloudflare account id (32 hex characters). */
  accountId: string
  /** Where API requests go; the only host that ever sees the credentials. */
  baseUrl: string
  /** This run's share of the account's API rate limit (`api-rate-limit`). */
  rateShare: { limit: number; windowMs: number }
}

/** Every operation but a hook trigger talks to the API. */
export interface ApiJob {
  via: 'api'
  api: ApiSettings
  task: ApiTask
}

/** `trigger` through `deploy-hook-url`; API access is optional and only reads the result. */
export interface HookJob {
  via: 'hook'
  api: ApiSettings | undefined
  task: HookTriggerTask
}

/** The GitHub side: `github-token`, `github-deployment`, `github-environment`, `comment-on-pr`, `commit-status`. */
export interface GitHubSettings {
  /** Read only when a feature below is on. */
  token: string | undefined
  deployment: boolean
  /** GitHub environment name; defaults to `<project> (Production)` / `<project> (Preview)`. */
  environment: string | undefined
  comment: boolean
  commitStatus: boolean
  /**
   * `pull-request-number`: the pull request to comment on when the event names none (a fork's
   * `workflow_run`), or another one.
   */
  pullRequestNumber: number | undefined
  /** `wait-for-checks`: the commit's other checks are read from GitHub. */
  waitForChecks: boolean
}

/** Defaults the run context supplies when inputs leave them out. */
export interface InputDefaults {
  headSha: string | undefined
  /** The pull request's head branch, or the pushed branch: what teardown-preview removes. */
  headBranch: string | undefined
  headBranchSource?: BranchSource
  /** What deploy and trigger build by default: `headBranch`, or a merged pull request's base. */
  deployBranch?: string | undefined
  deployBranchSource?: BranchSource
  pullRequest?: PullRequestFacts | undefined
  /** Message of the head commit, when the event carries it. */
  commitMessage?: string | undefined
  /** The repository's default branch: a created project's production branch by default. */
  defaultBranch?: string | undefined
  /** Where relative paths are resolved: GITHUB_WORKSPACE on a runner. */
  workspace?: string | undefined
  /** The working directory's wrangler configuration, when it is a Pages one. */
  pagesConfig?: PagesConfigFile | undefined
}
