import { CloudflareApiError } from '../cloudflare/errors.js'
import type { Deployment, Project } from '../cloudflare/types.js'
import type { OperationContext } from './context.js'

/**
 * Sends a request that creates a deployment (create or retry) so that it takes effect once.
 * When it fails in a way that leaves its effect unknown (a timeout after sending, a 500, a
 * body cut short), the deployment list is read first: a deployment of the branch newer than
 * any the project had is adopted, and only when there is none is the request sent again.
 */
export async function createOnce(
  context: OperationContext<unknown>,
  project: Project,
  branch: string,
  send: () => Promise<Deployment>
): Promise<Deployment> {
  try {
    return await send()
  } catch (error) {
    if (!(error instanceof CloudflareApiError && error.ambiguous)) throw error
    const created = await findNewDeployment(context, project, branch)
    if (created) {
      context.console.warning(
        `${error.message} Cloudflare did create deployment ${created.id}; following it.`
      )
      return created
    }
    context.console.warning(
      `${error.message} No deployment was created, so the request is sent once more.`
    )
    return await send()
  }
}

/**
 * Pauses between looks at the deployment list: a request that timed out on our side may
 * still be processed by Cloudflare a moment later, and a second build must not race it.
 */
const LOOK_AGAIN_AFTER_MS = [0, 2_000, 3_000]

/** The newest deployment of `branch` created after the project was read, if any. */
async function findNewDeployment(
  context: OperationContext<unknown>,
  project: Project,
  branch: string
): Promise<Deployment | undefined> {
  const known = project.latest_deployment
  const before = known ? Date.parse(known.created_on) : 0
  for (const pause of LOOK_AGAIN_AFTER_MS) {
    if (pause > 0) await context.clock.sleep(pause, context.signal)
    const { deployments } = await context.client.listDeployments(project.name)
    const created = deployments.find(
      (d) =>
        d.id !== known?.id &&
        Date.parse(d.created_on) > before &&
        d.deployment_trigger.metadata.branch === branch
    )
    if (created) return created
  }
  return undefined
}
