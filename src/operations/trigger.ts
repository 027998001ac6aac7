import * as core from '@actions/core'
import type { Deployment } from '../cloudflare/types.js'
import { keepBranch, refuseForkBuild } from '../domain/branch-rule.js'
import {
  type OperationContext,
  describeDeployment,
  readProject,
  resolveBranch,
  track
} from './context.js'
import { createOnce } from './create-once.js'

/** `operation: trigger`: starts a deployment and returns at once. */
export async function trigger(context: OperationContext): Promise<void> {
  const deployment = await startDeployment(context)
  track(context.report, deployment)
  await context.github?.started(deployment)
}

/**
 * Records what production serves now, then creates a deployment of the branch, once: see
 * {@link createOnce}.
 */
export async function startDeployment(context: OperationContext): Promise<Deployment> {
  const { settings, client } = context
  const project = await readProject(context)
  if (settings.upload) {
    const { branch } = resolveBranch(context, project, 'deploy')
    // Loaded only for uploads: the hashing module is the heaviest part of start-up otherwise.
    const { uploadDeployment } = await import('./direct-upload.js')
    const deployment = await uploadDeployment(context, project, branch)
    describeDeployment(deployment)
    return deployment
  }
  if (project.source === null) {
    throw new Error(
      `project '${project.name}' is a Direct Upload project with no Git repository for Cloudflare to build, so there is nothing to trigger. Connect the project to a Git repository in the Cloudflare dashboard (Settings › Builds), or deploy a built folder with the directory input.`
    )
  }
  refuseForkBuild(settings.pullRequest, project.name)
  const branch = settings.branch ?? project.production_branch
  context.report.branchChoice = keepBranch(
    branch,
    settings.branch === undefined ? 'production-default' : (settings.branchSource ?? 'input')
  )
  core.info(`Creating a deployment of branch ${branch} in project ${project.name}...`)
  const deployment = await createOnce(context, project, branch, () =>
    client.createDeployment(project.name, { branch })
  )
  describeDeployment(deployment)
  return deployment
}
