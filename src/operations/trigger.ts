import type { Deployment, Project } from '../cloudflare/types.js'
import { keepBranch, refuseForkBuild } from '../domain/branch-rule.js'
import { type OperationContext, describeDeployment, resolveBranch, track } from './context.js'
import { createOnce } from './create-once.js'
import { isMissing, projectToDeploy, type MissingProject } from './create-project.js'
import { announceAlias, checkAlias } from './alias.js'
import type { StartSettings, TriggerTask, UploadSettings } from './settings.js'
import { theInput } from '../util/input-names.js'

/** `operation: trigger`: starts a deployment and returns at once. */
export async function trigger(context: OperationContext<TriggerTask>): Promise<void> {
  const deployment = await startDeployment(context, context.task.start)
  track(context.report, deployment)
  checkAlias(context, deployment, context.report.project?.subdomain)
  await context.github?.started(deployment, context.report)
}

/** The project to deploy to, and the folder to upload to it, if the deployment is an upload. */
export async function projectAndFolder(
  context: OperationContext<unknown>,
  start: StartSettings
): Promise<{ found: Project | MissingProject; upload: UploadSettings | undefined }> {
  const found = await projectToDeploy(context, start.createProject)
  // A wrangler configuration's output folder is what a Direct Upload project deploys; a Git
  // project keeps building from Git (many carry a configuration only for their bindings).
  const direct = isMissing(found) || found.source === null
  return { found, upload: start.upload ?? (direct ? start.configUpload : undefined) }
}

/**
 * Records what production serves now, then creates a deployment of the branch, once: see
 * {@link createOnce}.
 */
export async function startDeployment(
  context: OperationContext<unknown>,
  start: StartSettings
): Promise<Deployment> {
  const { client, console } = context
  const { found, upload } = await projectAndFolder(context, start)
  if (upload) {
    const { branch } = resolveBranch(context, found, start.branch, start.pullRequest, 'deploy')
    // A project still to create may be given another address than <name>.pages.dev.
    if (!isMissing(found)) announceAlias(context, found, branch)
    // Loaded only for uploads: the hashing module is the heaviest part of start-up otherwise.
    const { uploadDeployment } = await import('./direct-upload.js')
    const { deployment } = await uploadDeployment(context, start, upload, found, branch)
    describeDeployment(console, deployment)
    return deployment
  }
  // The settings allow create-project only with a folder to upload.
  if (isMissing(found)) throw new Error(`project '${found.name}' does not exist.`)
  const project = found
  if (project.source === null) {
    throw new Error(
      `project '${project.name}' is a Direct Upload project with no Git repository for Cloudflare to build, so there is nothing to trigger. Connect the project to a Git repository in the Cloudflare dashboard (Settings › Builds), or deploy a built folder with ${theInput('directory')} (or pages_build_output_dir in wrangler.toml).`
    )
  }
  if (start.configUpload) {
    console.notice(
      `${start.pagesConfig?.fileName ?? 'The wrangler configuration'} names an output folder, but project '${project.name}' builds from its Git repository, so Cloudflare builds the branch and the folder is not uploaded.`
    )
  }
  refuseForkBuild(start.pullRequest, project.name)
  const branch = start.branch.name ?? project.production_branch
  context.report.branchChoice = keepBranch(
    branch,
    start.branch.name === undefined ? 'production-default' : (start.branch.source ?? 'input')
  )
  announceAlias(context, project, branch)
  console.info(`Creating a deployment of branch ${branch} in project ${project.name}...`)
  const deployment = await createOnce(context, project, branch, () =>
    client.createDeployment(project.name, { branch })
  )
  describeDeployment(console, deployment)
  return deployment
}
