import type { CleanupPolicy } from '../domain/cleanup-policy.js'
import { removeDeployments } from './cleanup.js'
import { readProject, resolveBranch, type OperationContext } from './context.js'
import type { TeardownTask } from './settings.js'

/**
 * `operation: teardown-preview`: when a pull request closes, deletes every preview deployment
 * of its head branch, the newest (aliased) one included, so nothing of it stays reachable.
 * Production is never touched: only preview deployments are listed, and the production branch
 * is refused outright.
 */
export async function teardownPreview(context: OperationContext<TeardownTask>): Promise<void> {
  const { task, console } = context
  const project = await readProject(context)
  // Previews of a pull request whose head is the production branch were deployed as
  // pr-<number>, and are removed under that name.
  const { branch } = resolveBranch(context, project, task.branch, task.pullRequest, 'teardown')
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
    maxDeletions: task.maxDeletions,
    deleteBranchHead: true
  }
  console.info(
    `Tearing down the previews of branch ${branch} in project ${project.name}${task.dryRun ? ' (dry run)' : ''}...`
  )
  await removeDeployments(context, task, project, policy)
  if (context.github && !task.dryRun) {
    const retired = await context.github.retireBranch(branch)
    if (retired > 0)
      console.info(`Marked ${retired} GitHub deployment(s) of branch ${branch} inactive.`)
    await context.github.previewRemoved()
  }
}
