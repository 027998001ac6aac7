/**
 * The run context on CircleCI, from its environment. CircleCI names a pull request only by its
 * URL, and sets CIRCLE_PR_USERNAME and CIRCLE_PR_REPONAME only for pull requests from forks.
 */
import { homedir } from 'node:os'
import { contextFromCi, wholeNumber } from './other-ci.js'
import type { RunContext } from './run-context.js'

export function readCircleCiContext(env: NodeJS.ProcessEnv): RunContext {
  const url = env.CIRCLE_PULL_REQUEST || env.CIRCLE_PULL_REQUESTS?.split(',')[0] || ''
  const number =
    wholeNumber(env.CIRCLE_PR_NUMBER) ?? wholeNumber(/\/pull\/(\d+)\/?$/.exec(url)?.[1])
  return contextFromCi({
    eventName: '',
    headSha: env.CIRCLE_SHA1 || undefined,
    branch: env.CIRCLE_BRANCH || undefined,
    request:
      number === undefined
        ? undefined
        : {
            number,
            baseBranch: undefined,
            fromFork: Boolean(env.CIRCLE_PR_USERNAME || env.CIRCLE_PR_REPONAME)
          },
    runUrl: env.CIRCLE_BUILD_URL || undefined,
    commitMessage: undefined,
    // CircleCI does not name the repository's default branch.
    defaultBranch: undefined,
    // CircleCI writes it as ~/project.
    workspace: env.CIRCLE_WORKING_DIRECTORY?.replace(/^~(?=$|\/)/, homedir()) || undefined
  })
}
