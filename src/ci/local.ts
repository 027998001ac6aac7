/**
 * The run context of a command run by hand: the branch, commit and message of the Git checkout
 * it runs in, when there is one, as wrangler reads them.
 */
import { spawnSync } from 'node:child_process'
import type { RunContext } from './run-context.js'

export function readLocalContext(cwd: string): RunContext {
  const git = (...args: string[]): string | undefined => {
    const result = spawnSync('git', args, { cwd, encoding: 'utf8', timeout: 5_000 })
    return result.status === 0 ? result.stdout.trim() || undefined : undefined
  }
  const inside = git('rev-parse', '--is-inside-work-tree') === 'true'
  const branch = inside ? git('rev-parse', '--abbrev-ref', 'HEAD') : undefined
  const headBranch = branch === 'HEAD' ? undefined : branch
  return {
    eventName: 'local',
    headSha: inside ? git('rev-parse', 'HEAD') : undefined,
    headBranch,
    headBranchSource: 'pushed',
    deployBranch: headBranch,
    deployBranchSource: 'pushed',
    pullRequest: undefined,
    pullRequestNumber: undefined,
    runUrl: undefined,
    repository: undefined,
    apiUrl: '',
    commitMessage: inside ? git('log', '-1', '--pretty=%B') : undefined,
    // origin/HEAD, as a clone records it: `origin/main`.
    defaultBranch: inside
      ? git('symbolic-ref', '--short', 'refs/remotes/origin/HEAD')?.replace(/^origin\//, '')
      : undefined,
    workspace: cwd
  }
}
