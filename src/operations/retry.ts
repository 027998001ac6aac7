import { type OperationContext, describeDeployment, readProject } from './context.js'
import { createOnce } from './create-once.js'
import { followDeployment } from './follow.js'
import type { RetryTask } from './settings.js'

/** `operation: retry`: retries a deployment and follows the new one like `deploy` does. */
export async function retry(context: OperationContext<RetryTask>): Promise<void> {
  const { task, projectName, client, console } = context
  const project = await readProject(context)
  // Reading the original first turns a wrong id into a clear not-found error.
  const original = await client.getDeployment(projectName, task.deploymentId)
  const branch = original.deployment_trigger.metadata.branch
  console.info(`Retrying deployment ${original.id} (branch ${branch})...`)
  const retried = await createOnce(context, project, branch, () =>
    client.retryDeployment(projectName, original.id)
  )
  describeDeployment(console, retried)
  await followDeployment(context, task.follow, retried)
}
