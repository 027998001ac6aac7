/**
 * The run context on GitLab CI, from its predefined variables: the commit and branch, and for a
 * merge request pipeline its facts. A merge request from a fork (a source project that is not
 * the target project) is protected as a fork's pull request is on GitHub.
 */
import type { PullRequestFacts } from '../domain/branch-rule.js'
import type { RunContext } from './run-context.js'

export function readGitLabContext(env: NodeJS.ProcessEnv): RunContext {
  const iid = integer(env.CI_MERGE_REQUEST_IID)
  const sourceBranch = env.CI_MERGE_REQUEST_SOURCE_BRANCH_NAME || undefined
  const headBranch = sourceBranch ?? (env.CI_COMMIT_BRANCH || undefined)
  const pullRequest: PullRequestFacts | undefined =
    iid === undefined
      ? undefined
      : {
          number: iid,
          headRef: sourceBranch,
          baseRef: env.CI_MERGE_REQUEST_TARGET_BRANCH_NAME || undefined,
          merged: false,
          fromFork:
            Boolean(env.CI_MERGE_REQUEST_SOURCE_PROJECT_ID) &&
            env.CI_MERGE_REQUEST_SOURCE_PROJECT_ID !==
              (env.CI_MERGE_REQUEST_PROJECT_ID || env.CI_PROJECT_ID)
        }
  const source = pullRequest ? 'pull-request-head' : 'pushed'
  return {
    eventName: env.CI_PIPELINE_SOURCE ?? '',
    // A merged-results pipeline's CI_COMMIT_SHA is the merge: the merge request's head is its own.
    headSha: env.CI_MERGE_REQUEST_SOURCE_BRANCH_SHA || env.CI_COMMIT_SHA || undefined,
    headBranch,
    headBranchSource: source,
    deployBranch: headBranch,
    deployBranchSource: source,
    pullRequest,
    pullRequestNumber: iid,
    runUrl: env.CI_PIPELINE_URL || env.CI_JOB_URL || undefined,
    repository: undefined,
    apiUrl: '',
    commitMessage: (pullRequest ? env.CI_MERGE_REQUEST_TITLE : env.CI_COMMIT_MESSAGE) || undefined,
    defaultBranch: env.CI_DEFAULT_BRANCH || undefined,
    workspace: env.CI_PROJECT_DIR || undefined
  }
}

function integer(text: string | undefined): number | undefined {
  return text && /^\d+$/.test(text) ? Number(text) : undefined
}
