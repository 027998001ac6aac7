import type { OperationContext } from './context.js'
import { followDeployment } from './follow.js'
import type { DeployTask } from './settings.js'
import { startDeployment } from './trigger.js'
import { deployVerified } from './verified-deploy.js'

/** `operation: deploy`: trigger, wait, check health and roll back on failure (after a verified preview, with verify-before-production). */
export async function deploy(context: OperationContext<DeployTask>): Promise<void> {
  const verify = context.task.verify
  if (verify) return deployVerified(context, verify)
  const deployment = await startDeployment(context, context.task.start)
  await followDeployment(context, context.task.follow, deployment)
}
