import * as core from '@actions/core'
import { CloudflareApiError } from '../cloudflare/errors.js'
import type { Deployment, Project } from '../cloudflare/types.js'
import { describeDeployment, track, type OperationContext } from './context.js'

/** `operation: trigger`: starts a deployment and returns at once. */
export async function trigger(context: OperationContext): Promise<void> {
  const deployment = await startDeployment(context)
  track(context.report, deployment)
}

/**
 * Records what production serves now, then creates a deployment of the branch. When the
 * create request fails in a way that leaves its effect unknown (a timeout after sending, a
 * 500), the deployment list is checked first, so that a retry never starts a second build.
 */
export async function startDeployment(context: OperationContext): Promise<Deployment> {
  const { settings, client, report } = context
  const project = await client.getProject(settings.projectName)
  report.project = project
  report.previousDeploymentId = project.canonical_deployment?.id
  if (project.source === null) {
    throw new Error(
      `project '${project.name}' is a Direct Upload project with no Git repository for Cloudflare to build, so there is nothing to trigger. Connect the project to a Git repository in the Cloudflare dashboard (Settings › Builds), or deploy it by uploading files, which this version of pages-pilot does not do yet.`
    )
  }
  const branch = settings.branch ?? project.production_branch
  core.info(`Creating a deployment of branch ${branch} in project ${project.name}...`)
  const fields = { branch }
  let deployment: Deployment
  try {
    deployment = await client.createDeployment(project.name, fields)
  } catch (error) {
    if (!(error instanceof CloudflareApiError && error.ambiguous)) throw error
    const created = await findCreatedDeployment(context, project, branch)
    if (created) {
      core.warning(`${error.message} Cloudflare did create deployment ${created.id}; following it.`)
      deployment = created
    } else {
      core.warning(`${error.message} No deployment was created, so the request is sent once more.`)
      deployment = await client.createDeployment(project.name, fields)
    }
  }
  describeDeployment(deployment)
  return deployment
}

/** A deployment of `branch` made by the API (not by a push) after the project was read. */
async function findCreatedDeployment(
  context: OperationContext,
  project: Project,
  branch: string
): Promise<Deployment | undefined> {
  const before = project.latest_deployment ? Date.parse(project.latest_deployment.created_on) : 0
  const { deployments } = await context.client.listDeployments(project.name)
  return deployments.find(
    (d) =>
      d.id !== project.latest_deployment?.id &&
      Date.parse(d.created_on) > before &&
      d.deployment_trigger.type === 'ad_hoc' &&
      d.deployment_trigger.metadata.branch === branch
  )
}
