/**
 * The run context of a command run by hand: the branch, commit and message of the Git checkout
 * it runs in, when there is one, as wrangler reads them.
 */
import { spawnSync } from 'node:child_process'
import { contextFromCi } from './other-ci.js'
import type { RunContext } from './run-context.js'

/**
 * `checkout: false` when the operation reads none of the checkout's facts
 * (settings/checkout-defaults.ts): git is not run at all. `env` is the command's environment,
 * which git runs with.
 */
export function readLocalContext(
  cwd: string,
  { checkout = true, env = process.env }: { checkout?: boolean; env?: NodeJS.ProcessEnv } = {}
): RunContext {
  if (!checkout) {
    return contextFromCi({
      eventName: 'local',
      headSha: undefined,
      branch: undefined,
      request: undefined,
      runUrl: undefined,
      commitMessage: undefined,
      defaultBranch: undefined,
      workspace: cwd
    })
  }
  const git = (...args: string[]): string | undefined => {
    const result = spawnSync('git', args, { cwd, env, encoding: 'utf8', timeout: 5_000 })
    return result.status === 0 ? result.stdout.trim() || undefined : undefined
  }
  // One call for both (--abbrev-ref applies to what follows it); it fails outside a checkout
  // and before its first commit.
  const [headSha, branch] = git('rev-parse', 'HEAD', '--abbrev-ref', 'HEAD')?.split('\n') ?? []
  return contextFromCi({
    eventName: 'local',
    headSha,
    // A detached HEAD names no branch.
    branch: branch === 'HEAD' ? undefined : branch,
    request: undefined,
    runUrl: undefined,
    commitMessage: headSha ? git('log', '-1', '--pretty=%B') : undefined,
    // origin/HEAD, as a clone records it: `origin/main`.
    defaultBranch: headSha
      ? git('symbolic-ref', '--short', 'refs/remotes/origin/HEAD')?.replace(/^origin\//, '')
      : undefined,
    workspace: cwd
  })
}
