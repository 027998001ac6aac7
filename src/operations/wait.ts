import { awaitDeploymentForCommit } from '../domain/find-deployment.js'
import { type OperationContext, describeDeployment, readProject } from './context.js'
import { followDeployment } from './follow.js'
import type { WaitTask } from './settings.js'
import { input } from '../util/input-names.js'

/**
 * `operation: wait`: waits for `deployment-id`, or for the build Cloudflare's Git integration
 * started for `commit-hash` (by default the pull request's head or the pushed commit): the
 * merge gate.
 */
export async function wait(context: OperationContext<WaitTask>): Promise<void> {
  const { task, projectName, client, clock, signal, console } = context
  const project = await readProject(context)
  const started = clock.now()
  let deployment
  if (task.deploymentId) {
    deployment = await client.getDeployment(projectName, task.deploymentId)
  } else {
    const commit = task.commitHash
    if (!commit) {
      throw new Error(
        `wait needs ${input('deployment-id')} or ${input('commit-hash')}, and neither was given nor found in the workflow context (GITHUB_SHA). Pass one of them.`
      )
    }
    console.info(`Looking for the deployment of commit ${commit} in project ${project.name}...`)
    deployment = await awaitDeploymentForCommit(client, projectName, commit, {
      timeoutMs: task.follow.waitTimeoutMs,
      pollIntervalMs: task.follow.pollIntervalMs,
      clock,
      signal,
      budget: context.budget,
      log: (line) => console.info(line)
    })
  }
  describeDeployment(console, deployment)
  // One wait-timeout covers finding the deployment and following it.
  const remaining = Math.max(1_000, task.follow.waitTimeoutMs - (clock.now() - started))
  await followDeployment(context, { ...task.follow, waitTimeoutMs: remaining }, deployment)
}
