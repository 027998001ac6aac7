import type { BranchSource, PullRequestFacts } from '../domain/branch-rule.js'

/** The few facts about the CI run that pages-pilot needs: what it is about, and where. */
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
  /** Set on every event that carries a pull request: its deployments must stay previews. */
  pullRequest: PullRequestFacts | undefined
  /** The pull request to comment on (also a workflow_run of a push that GitHub links to one). */
  pullRequestNumber: number | undefined
  /** Link to this run, for summaries and messages. */
  runUrl: string | undefined
  /** GITHUB_RUN_ID and GITHUB_RUN_ATTEMPT: a later run of a repository has a larger id. */
  runId?: number | undefined
  runAttempt?: number | undefined
  /** `owner/repo` on GitHub. */
  repository: string | undefined
  /** GitHub's REST API root: GITHUB_API_URL, which differs on GitHub Enterprise Server. */
  apiUrl: string
  /** The head commit's message (push, workflow_run), or the pull request title. */
  commitMessage: string | undefined
  /** The repository's default branch, when the CI says: a new project's production branch. */
  defaultBranch: string | undefined
  /** The checkout: GITHUB_WORKSPACE. */
  workspace: string | undefined
}
