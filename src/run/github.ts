import type { RunContext } from '../ci/run-context.js'
import type { GitHubMirror } from '../domain/github-mirror.js'
import type { GitHubRequestLimits } from '../github/api.js'
import type { GitHubSettings } from '../settings/settings.js'
import type { Clock } from '../util/clock.js'
import type { CommitChecksAccess } from '../operations/context.js'
import { input } from '../util/input-names.js'

/**
 * The GitHub mirror of this run, or `undefined` when no GitHub feature is on (then Octokit is
 * never loaded and no GitHub request is made).
 */
export async function createGitHubMirror(
  github: GitHubSettings,
  projectName: string,
  run: RunContext,
  warn: (message: string) => void,
  clock: Clock,
  limits: GitHubRequestLimits
): Promise<GitHubMirror | undefined> {
  if (!github.token || !(github.deployment || github.comment || github.commitStatus))
    return undefined
  const [owner, repo] = (run.repository ?? '').split('/')
  if (!owner || !repo) {
    warn(
      'GitHub features are on, but GITHUB_REPOSITORY is not set, so nothing is reported to GitHub.'
    )
    return undefined
  }
  // GitHub's client loads only for a run that talks to GitHub.
  const { createGitHubApi } = await import('../github/api.js')
  const api = await createGitHubApi(
    { owner, repo, token: github.token, apiUrl: run.apiUrl },
    limits
  )
  // Loaded with Octokit, only by a run that reports to GitHub.
  const { GitHubMirror } = await import('../domain/github-mirror.js')
  return new GitHubMirror(
    api,
    github,
    {
      projectName,
      headSha: run.headSha,
      pullRequest: github.pullRequestNumber ?? run.pullRequestNumber,
      runUrl: run.runUrl,
      runId: run.runId,
      runAttempt: run.runAttempt
    },
    warn,
    clock
  )
}

/** GitHub for `wait-for-checks`, or `undefined` when it is off (or no repository is known). */
export async function createCommitChecks(
  github: GitHubSettings,
  run: RunContext,
  limits: GitHubRequestLimits
): Promise<CommitChecksAccess | undefined> {
  if (!github.token || !github.waitForChecks) return undefined
  const [owner, repo] = (run.repository ?? '').split('/')
  if (!owner || !repo) {
    throw new Error(
      `${input('wait-for-checks')}: GITHUB_REPOSITORY is not set, so the checks of the commit cannot be read.`
    )
  }
  const { createGitHubApi } = await import('../github/api.js')
  const api = await createGitHubApi(
    { owner, repo, token: github.token, apiUrl: run.apiUrl },
    limits
  )
  return { api, runUrl: run.runUrl }
}
