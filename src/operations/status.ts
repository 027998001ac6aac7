import type { Deployment } from '../cloudflare/types.js'
import { describeDeployment, track, type OperationContext } from './context.js'

/** `operation: status`: reads a deployment (or the project's latest) into outputs, no waiting. */
export async function status(context: OperationContext): Promise<void> {
  const { settings, client, report } = context
  const deployment = settings.deploymentId
    ? await client.getDeployment(settings.projectName, settings.deploymentId)
    : await latestDeployment(context)
  if (!report.project) {
    report.project = await client.getProject(settings.projectName)
  }
  report.previousDeploymentId = report.project.canonical_deployment?.id
  track(report, deployment)
  describeDeployment(deployment)
}

/** The project's newest deployment; an error naming the project when it has none. */
export async function latestDeployment(context: OperationContext): Promise<Deployment> {
  const { settings, client, report } = context
  const project = await client.getProject(settings.projectName)
  report.project = project
  if (!project.latest_deployment) {
    throw new Error(
      `project '${project.name}' has no deployments yet. Pass deployment-id or deploy first.`
    )
  }
  return project.latest_deployment
}
