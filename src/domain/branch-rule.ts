/**
 * The rule that keeps pull requests out of production. A Direct Upload deploys production
 * whenever its branch is the project's production branch, and a fork controls its own branch
 * names: a fork's `main` would otherwise replace the live site. So on any event that carries
 * a pull request, a deployment whose branch is the production branch goes to `pr-<number>`
 * instead, unless the pull request is merged (its code is then the base branch's).
 */
import { input, theInput } from '../util/input-names.js'

/** What the triggering event says about its pull request. */
export interface PullRequestFacts {
  /** `undefined` on a `workflow_run` from a fork: GitHub does not list its pull requests. */
  number: number | undefined
  headRef: string | undefined
  baseRef: string | undefined
  merged: boolean
  /** The head repository is not the base repository (or was deleted). */
  fromFork: boolean
}

/** Where a branch came from, for the summary's explanation. */
export type BranchSource =
  'input' | 'pull-request-head' | 'pull-request-base' | 'pushed' | 'production-default'

/** The branch a run uses, and in plain words why. */
export interface BranchChoice {
  branch: string
  why: string
  /** True when the pull-request rule replaced the production branch. */
  renamed: boolean
}

/** Raised when a pull request's deployment cannot be made safe; nothing was changed. */
export class PullRequestRefusedError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'PullRequestRefusedError'
  }
}

/**
 * The branch to deploy (or to tear down, or to clean up) on this event. `purpose` matters for
 * merged pull requests: a merged one may deploy its base branch, but its previews were made
 * under the same name as while it was open, so teardown and cleanup keep renaming.
 */
export function chooseBranch(
  requested: string,
  source: BranchSource,
  productionBranch: string,
  pullRequest: PullRequestFacts | undefined,
  purpose: 'deploy' | 'teardown' | 'cleanup'
): BranchChoice {
  const origin = sourceText(source)
  if (!pullRequest || requested !== productionBranch) {
    return { branch: requested, why: origin, renamed: false }
  }
  if (pullRequest.merged && purpose === 'deploy') {
    return {
      branch: requested,
      why: `${origin}; the pull request is merged, so its code is the production branch's`,
      renamed: false
    }
  }
  if (pullRequest.number === undefined) {
    throw new PullRequestRefusedError(
      `the branch is '${requested}', the production branch of the project, and this run was started by a pull request whose number GitHub does not give (a workflow_run from a fork). Pull requests never deploy production: pass a preview branch such as pr-<number>, with the number saved by the pull request's own workflow. Nothing was deployed.`
    )
  }
  const branch = `pr-${pullRequest.number}`
  return {
    branch,
    why: `pull request #${pullRequest.number} asked for '${requested}', the production branch (${origin}); pull requests deploy previews only, so it became ${branch}`,
    renamed: true
  }
}

/**
 * Whether the run deploys code that a fork wrote: a fork's open pull request, or a
 * `workflow_run` of one. A merged pull request's code is its base branch's.
 */
export function deploysForkCode(pullRequest: PullRequestFacts | undefined): boolean {
  return pullRequest?.fromFork === true && !pullRequest.merged
}

/** The branch as given or defaulted, untouched by the pull-request rule (Git builds). */
export function keepBranch(branch: string, source: BranchSource): BranchChoice {
  return { branch, why: sourceText(source), renamed: false }
}

/**
 * Cloudflare builds a Git-integration project from its own repository, where nothing of a
 * fork exists: building "the branch" would build the base repository's branch of that name.
 */
export function refuseForkBuild(pullRequest: PullRequestFacts | undefined, project: string): void {
  if (!pullRequest || !deploysForkCode(pullRequest)) return
  throw new PullRequestRefusedError(
    `this run comes from a fork's pull request${pullRequest.number === undefined ? '' : ` (#${pullRequest.number})`}, and project '${project}' builds from its Git repository, where the fork's commits do not exist, so no build was triggered. To gate on the preview that Cloudflare builds for the pull request, use ${input('operation', 'wait')} with ${input('commit-hash')}; to deploy the fork's built output, use a Direct Upload project with ${input('directory')}.`
  )
}

function sourceText(source: BranchSource): string {
  switch (source) {
    case 'input':
      return theInput('branch')
    case 'pull-request-head':
      return "the pull request's head branch"
    case 'pull-request-base':
      return "the merged pull request's base branch"
    case 'pushed':
      return 'the pushed branch'
    case 'production-default':
      return "the project's production branch, by default"
  }
}
