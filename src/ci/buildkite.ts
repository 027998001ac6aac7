/**
 * The run context on Buildkite, from its environment: the commit and branch, and for a pull
 * request build its facts; a pull request whose repository is not the pipeline's is a fork's.
 */
import { contextFromCi, wholeNumber } from './other-ci.js'
import type { RunContext } from './run-context.js'

export function readBuildkiteContext(env: NodeJS.ProcessEnv): RunContext {
  // BUILDKITE_PULL_REQUEST is the number, or `false` for a branch build.
  const number = wholeNumber(env.BUILDKITE_PULL_REQUEST)
  return contextFromCi({
    eventName: env.BUILDKITE_SOURCE ?? '',
    headSha:
      env.BUILDKITE_COMMIT && env.BUILDKITE_COMMIT !== 'HEAD' ? env.BUILDKITE_COMMIT : undefined,
    branch: env.BUILDKITE_BRANCH || undefined,
    request:
      number === undefined
        ? undefined
        : {
            number,
            baseBranch: env.BUILDKITE_PULL_REQUEST_BASE_BRANCH || undefined,
            fromFork:
              Boolean(env.BUILDKITE_PULL_REQUEST_REPO) &&
              repositoryKey(env.BUILDKITE_PULL_REQUEST_REPO) !== repositoryKey(env.BUILDKITE_REPO)
          },
    runUrl: env.BUILDKITE_BUILD_URL || undefined,
    commitMessage: env.BUILDKITE_MESSAGE || undefined,
    defaultBranch: env.BUILDKITE_PIPELINE_DEFAULT_BRANCH || undefined,
    workspace: env.BUILDKITE_BUILD_CHECKOUT_PATH || undefined
  })
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
