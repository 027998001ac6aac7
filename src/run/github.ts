import type { RunContext } from '../ci/github-actions.js'
import type { Settings } from '../settings/read-settings.js'
import { createGitHubApi } from '../github/api.js'
import { GitHubReporter } from '../domain/github-mirror.js'

/**
 * The GitHub reporter for this run, or `undefined` when no GitHub feature is on (then Octokit
 * is never loaded and no GitHub request is made).
 */
export async function createGitHubReporter(
  settings: Settings,
  run: RunContext,
  warn: (message: string) => void
): Promise<GitHubReporter | undefined> {
  const { github } = settings
  if (!github.token || !(github.deployment || github.comment || github.commitStatus))
    return undefined
  const [owner, repo] = (run.repository ?? '').split('/')
  if (!owner || !repo) {
    warn(
      'GitHub features are on, but GITHUB_REPOSITORY is not set, so nothing is reported to GitHub.'
    )
    return undefined
  }
  const api = await createGitHubApi({ owner, repo, token: github.token, apiUrl: run.apiUrl })
  return new GitHubReporter(
    api,
    github,
    {
      projectName: settings.projectName,
      headSha: run.headSha,
      pullRequest: run.pullRequest,
      runUrl: run.runUrl
    },
    warn
  )
}
