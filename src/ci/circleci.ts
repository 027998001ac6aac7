/**
 * The run context on CircleCI, from its environment. CircleCI names a pull request only by its
 * URL, and sets CIRCLE_PR_USERNAME and CIRCLE_PR_REPONAME only for pull requests from forks.
 */
import { homedir } from 'node:os'
import type { PullRequestFacts } from '../domain/branch-rule.js'
import type { RunContext } from './run-context.js'

export function readCircleCiContext(env: NodeJS.ProcessEnv): RunContext {
  const url = env.CIRCLE_PULL_REQUEST || env.CIRCLE_PULL_REQUESTS?.split(',')[0] || ''
  const fromUrl = /\/pull\/(\d+)\/?$/.exec(url)?.[1]
  const number = integer(env.CIRCLE_PR_NUMBER) ?? (fromUrl ? Number(fromUrl) : undefined)
  const branch = env.CIRCLE_BRANCH || undefined
  const pullRequest: PullRequestFacts | undefined =
    number === undefined
      ? undefined
      : {
          number,
          headRef: branch,
          baseRef: undefined,
          merged: false,
          fromFork: Boolean(env.CIRCLE_PR_USERNAME || env.CIRCLE_PR_REPONAME)
        }
  const source = pullRequest ? 'pull-request-head' : 'pushed'
  return {
    eventName: '',
    headSha: env.CIRCLE_SHA1 || undefined,
    headBranch: branch,
    headBranchSource: source,
    deployBranch: branch,
    deployBranchSource: source,
    pullRequest,
    pullRequestNumber: number,
    runUrl: env.CIRCLE_BUILD_URL || undefined,
    repository: undefined,
    apiUrl: '',
    commitMessage: undefined,
    // CircleCI does not name the repository's default branch.
    defaultBranch: undefined,
    // CircleCI writes it as ~/project.
    workspace: env.CIRCLE_WORKING_DIRECTORY?.replace(/^~(?=$|\/)/, homedir()) || undefined
  }
}

function integer(text: string | undefined): number | undefined {
  return text && /^\d+$/.test(text) ? Number(text) : undefined
}
