import * as core from '@actions/core'
import { type OperationContext, describeDeployment, readProject } from './context.js'
import { createOnce } from './create-once.js'
import { followDeployment } from './follow.js'

/** `operation: retry`: retries a deployment and follows the new one like `deploy` does. */
export async function retry(context: OperationContext): Promise<void> {
  const { settings, client } = context
  const id = settings.deploymentId as string
  const project = await readProject(context)
  // Reading the original first turns a wrong id into a clear not-found error.
  const original = await client.getDeployment(settings.projectName, id)
  core.info(
    `Retrying deployment ${original.id} (branch ${original.deployment_trigger.metadata.branch})...`
  )
  const branch = original.deployment_trigger.metadata.branch
  const retried = await createOnce(context, project, branch, () =>
    client.retryDeployment(settings.projectName, original.id)
  )
  describeDeployment(retried)
  await followDeployment(context, retried)
}
