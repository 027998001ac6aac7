import { readProject, resolveBranch } from './context.js'
import * as core from '@actions/core'
import type { CleanupPolicy } from '../domain/cleanup-policy.js'
import type { OperationContext } from './context.js'
import { removeDeployments } from './cleanup.js'

/**
 * `operation: teardown-preview`: when a pull request closes, deletes every preview deployment
 * of its head branch, the newest (aliased) one included, so nothing of it stays reachable.
 * Production is never touched: only preview deployments are listed, and the production branch
 * is refused outright.
 */
export async function teardownPreview(context: OperationContext): Promise<void> {
  const { settings } = context
  const project = await readProject(context)
  // inputs.ts refuses teardown-preview without a branch; previews of a pull request whose
  // head is the production branch were deployed as pr-<number>, and are removed under it.
  const { branch } = resolveBranch(context, project, 'teardown')
  if (branch === project.production_branch) {
    throw new Error(
      `teardown-preview never touches production, and branch '${branch}' is the production branch of project '${project.name}'. Pass the pull request's head branch in branch. Nothing was deleted.`
    )
  }
  const policy: CleanupPolicy = {
    keepLatest: 0,
    olderThanMs: undefined,
    environment: 'preview',
    branch,
    maxDeletions: settings.maxDeletions,
    deleteBranchHead: true
  }
  core.info(
    `Tearing down the previews of branch ${branch} in project ${project.name}${settings.dryRun ? ' (dry run)' : ''}...`
  )
  await removeDeployments(context, project, policy)
  if (context.github && !settings.dryRun) {
    const retired = await context.github.retireBranch(branch)
    if (retired > 0)
      core.info(`Marked ${retired} GitHub deployment(s) of branch ${branch} inactive.`)
  }
}
