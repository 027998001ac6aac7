import * as core from '@actions/core'
import { awaitDeploymentForCommit } from '../domain/find-deployment.js'
import { type OperationContext, describeDeployment, readProject } from './context.js'
import { followDeployment } from './follow.js'

/**
 * `operation: wait`: waits for `deployment-id`, or for the build Cloudflare's Git integration
 * started for `commit-hash` (by default the pull request's head or the pushed commit): the
 * merge gate.
 */
export async function wait(context: OperationContext): Promise<void> {
  const { settings, client, clock, signal } = context
  const project = await readProject(context)
  const started = clock.now()
  let deployment
  if (settings.deploymentId) {
    deployment = await client.getDeployment(settings.projectName, settings.deploymentId)
  } else {
    const commit = settings.commitHash
    if (!commit) {
      throw new Error(
        'wait needs deployment-id or commit-hash, and neither was given nor found in the workflow context (GITHUB_SHA). Pass one of them.'
      )
    }
    core.info(`Looking for the deployment of commit ${commit} in project ${project.name}...`)
    deployment = await awaitDeploymentForCommit(client, settings.projectName, commit, {
      timeoutMs: settings.waitTimeoutMs,
      pollIntervalMs: settings.pollIntervalMs,
      clock,
      signal,
      budget: context.budget,
      log: (line) => core.info(line)
    })
  }
  describeDeployment(deployment)
  const remaining = Math.max(1_000, settings.waitTimeoutMs - (clock.now() - started))
  await followDeployment(
    { ...context, settings: { ...settings, waitTimeoutMs: remaining } },
    deployment
  )
}
