import type { Deployment } from '../cloudflare/types.js'
import { describeDeployment, track, type OperationContext } from './context.js'
import type { StatusTask } from './settings.js'
import { input } from '../util/input-names.js'

/** `operation: status`: reads a deployment (or the project's latest) into outputs, no waiting. */
export async function status(context: OperationContext<StatusTask>): Promise<void> {
  const { task, projectName, client, report, console } = context
  const deployment = task.deploymentId
    ? await client.getDeployment(projectName, task.deploymentId)
    : await latestDeployment(context)
  if (!report.project) {
    report.project = await client.getProject(projectName)
  }
  report.previousDeploymentId = report.project.canonical_deployment?.id
  track(report, deployment)
  describeDeployment(console, deployment)
}

/** The project's newest deployment; an error naming the project when it has none. */
export async function latestDeployment(context: OperationContext<unknown>): Promise<Deployment> {
  const { projectName, client, report } = context
  const project = await client.getProject(projectName)
  report.project = project
  if (!project.latest_deployment) {
    throw new Error(
      `project '${project.name}' has no deployments yet. Pass ${input('deployment-id')} or deploy first.`
    )
  }
  return project.latest_deployment
}
