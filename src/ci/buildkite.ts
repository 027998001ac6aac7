/**
 * The run context on Buildkite, from its environment: the commit and branch, and for a pull
 * request build its facts; a pull request whose repository is not the pipeline's is a fork's.
 */
import type { PullRequestFacts } from '../domain/branch-rule.js'
import type { RunContext } from './run-context.js'

export function readBuildkiteContext(env: NodeJS.ProcessEnv): RunContext {
  const number =
    env.BUILDKITE_PULL_REQUEST && /^\d+$/.test(env.BUILDKITE_PULL_REQUEST)
      ? Number(env.BUILDKITE_PULL_REQUEST)
      : undefined
  const branch = env.BUILDKITE_BRANCH || undefined
  const pullRequest: PullRequestFacts | undefined =
    number === undefined
      ? undefined
      : {
          number,
          headRef: branch,
          baseRef: env.BUILDKITE_PULL_REQUEST_BASE_BRANCH || undefined,
          merged: false,
          fromFork:
            Boolean(env.BUILDKITE_PULL_REQUEST_REPO) &&
            repositoryKey(env.BUILDKITE_PULL_REQUEST_REPO) !== repositoryKey(env.BUILDKITE_REPO)
        }
  const source = pullRequest ? 'pull-request-head' : 'pushed'
  return {
    eventName: env.BUILDKITE_SOURCE ?? '',
    headSha:
      env.BUILDKITE_COMMIT && env.BUILDKITE_COMMIT !== 'HEAD' ? env.BUILDKITE_COMMIT : undefined,
    headBranch: branch,
    headBranchSource: source,
    deployBranch: branch,
    deployBranchSource: source,
    pullRequest,
    pullRequestNumber: number,
    runUrl: env.BUILDKITE_BUILD_URL || undefined,
    repository: undefined,
    apiUrl: '',
    commitMessage: env.BUILDKITE_MESSAGE || undefined,
    defaultBranch: env.BUILDKITE_PIPELINE_DEFAULT_BRANCH || undefined,
    workspace: env.BUILDKITE_BUILD_CHECKOUT_PATH || undefined
  }
}

/**
 * `git@github.com:acme/site.git` and `https://github.com/acme/site` name the same repository:
 * compare host and path, without scheme, user, `.git` and case.
 */
export function repositoryKey(url: string | undefined): string {
  return (url ?? '')
    .trim()
    .toLowerCase()
    .replace(/^[a-z+]+:\/\//, '')
    .replace(/^[^@/]+@/, '')
    .replace(':', '/')
    .replace(/\.git$/, '')
    .replace(/\/+$/, '')
}
