/** Which CI the command runs on, and its run context. */
import { readBuildkiteContext } from './buildkite.js'
import { readCircleCiContext } from './circleci.js'
import { readRunContext } from './github-actions.js'
import { readGitLabContext } from './gitlab.js'
import { readLocalContext } from './local.js'
import type { RunContext } from './run-context.js'

export type CiName = 'github-actions' | 'gitlab' | 'buildkite' | 'circleci' | 'local'

export function detectCi(env: NodeJS.ProcessEnv): CiName {
  if (env.GITHUB_ACTIONS === 'true') return 'github-actions'
  if (env.GITLAB_CI === 'true') return 'gitlab'
  if (env.BUILDKITE === 'true') return 'buildkite'
  if (env.CIRCLECI === 'true') return 'circleci'
  return 'local'
}

/**
 * `checkout: false`: the operation reads nothing of the checkout, so a run by hand does not ask
 * git (a CI's facts come from its variables, which cost nothing).
 */
export function readCiContext(
  ci: CiName,
  env: NodeJS.ProcessEnv,
  cwd: string,
  options: { checkout?: boolean } = {}
): RunContext {
  switch (ci) {
    case 'github-actions':
      return readRunContext(env)
    case 'gitlab':
      return readGitLabContext(env)
    case 'buildkite':
      return readBuildkiteContext(env)
    case 'circleci':
      return readCircleCiContext(env)
    case 'local':
      return readLocalContext(cwd, { ...options, env })
  }
}
