/**
 * The run context of a CI other than GitHub Actions, from the few facts each one's variables
 * give: the commit, the branch and, for a merge or pull request, its number, branches and
 * whether it comes from a fork. Such a request is protected as a pull request is on GitHub.
 */
import type { RunContext } from './run-context.js'

export interface CiFacts {
  eventName: string
  headSha: string | undefined
  branch: string | undefined
  /** Set for a merge or pull request build. */
  request:
    | { number: number; baseBranch: string | undefined; fromFork: boolean; title?: string }
    | undefined
  runUrl: string | undefined
  commitMessage: string | undefined
  defaultBranch: string | undefined
  workspace: string | undefined
}

export function contextFromCi(facts: CiFacts): RunContext {
  const { request, branch } = facts
  const source = request ? 'pull-request-head' : 'pushed'
  return {
    eventName: facts.eventName,
    headSha: facts.headSha,
    headBranch: branch,
    headBranchSource: source,
    deployBranch: branch,
    deployBranchSource: source,
    pullRequest: request && {
      number: request.number,
      headRef: branch,
      baseRef: request.baseBranch,
      merged: false,
      fromFork: request.fromFork
    },
    pullRequestNumber: request?.number,
    runUrl: facts.runUrl,
    repository: undefined,
    apiUrl: '',
    commitMessage: (request?.title ?? facts.commitMessage) || undefined,
    defaultBranch: facts.defaultBranch,
    workspace: facts.workspace
  }
}

/** A whole number in a variable, or undefined (`false`, empty, missing). */
export function wholeNumber(text: string | undefined): number | undefined {
  return text && /^\d+$/.test(text) ? Number(text) : undefined
}
