import type { OperationContext } from './context.js'
import { followDeployment } from './follow.js'
import type { DeployTask } from './settings.js'
import { startDeployment } from './trigger.js'

/** `operation: deploy`: trigger, wait, check health and roll back on failure. */
export async function deploy(context: OperationContext<DeployTask>): Promise<void> {
  const deployment = await startDeployment(context, context.task.start)
  await followDeployment(context, context.task.follow, deployment)
}
