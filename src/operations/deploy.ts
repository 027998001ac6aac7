import { followDeployment } from './follow.js'
import type { OperationContext } from './context.js'
import { startDeployment } from './trigger.js'

/** `operation: deploy`: trigger, wait, check health and roll back on failure. */
export async function deploy(context: OperationContext): Promise<void> {
  const deployment = await startDeployment(context)
  await followDeployment(context, deployment)
}
