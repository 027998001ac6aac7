/**
 * The run context on GitLab CI, from its predefined variables: the commit and branch, and for a
 * merge request pipeline its facts. A merge request from a fork (a source project that is not
 * the target project) is protected as a fork's pull request is on GitHub.
 */
import { contextFromCi, wholeNumber } from './other-ci.js'
import type { RunContext } from './run-context.js'

export function readGitLabContext(env: NodeJS.ProcessEnv): RunContext {
  const iid = wholeNumber(env.CI_MERGE_REQUEST_IID)
  const sourceProject = env.CI_MERGE_REQUEST_SOURCE_PROJECT_ID
  return contextFromCi({
    eventName: env.CI_PIPELINE_SOURCE ?? '',
    // A merged-results pipeline's CI_COMMIT_SHA is the merge: the merge request's head is its own.
    headSha: env.CI_MERGE_REQUEST_SOURCE_BRANCH_SHA || env.CI_COMMIT_SHA || undefined,
    branch: env.CI_MERGE_REQUEST_SOURCE_BRANCH_NAME || env.CI_COMMIT_BRANCH || undefined,
    request:
      iid === undefined
        ? undefined
        : {
            number: iid,
            baseBranch: env.CI_MERGE_REQUEST_TARGET_BRANCH_NAME || undefined,
            fromFork:
              Boolean(sourceProject) &&
              sourceProject !== (env.CI_MERGE_REQUEST_PROJECT_ID || env.CI_PROJECT_ID),
            ...(env.CI_MERGE_REQUEST_TITLE ? { title: env.CI_MERGE_REQUEST_TITLE } : {})
          },
    runUrl: env.CI_PIPELINE_URL || env.CI_JOB_URL || undefined,
    commitMessage: env.CI_COMMIT_MESSAGE || undefined,
    defaultBranch: env.CI_DEFAULT_BRANCH || undefined,
    workspace: env.CI_PROJECT_DIR || undefined
  })
}
