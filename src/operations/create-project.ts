/**
 * `create-project`: the project is read, and created first when it does not exist, so that a
 * new site needs no visit to the dashboard. Two jobs may race to create it; the one that finds
 * it made meanwhile goes on with it.
 */
import { CloudflareApiError } from '../cloudflare/errors.js'
import { ErrorCode, type Project } from '../cloudflare/types.js'
import { type OperationContext, readProject } from './context.js'
import type { ProjectCreation } from './settings.js'

/** The project to deploy to: read, or created when missing and `create` allows it. */
export async function projectToDeploy(
  context: OperationContext<unknown>,
  create: ProjectCreation | undefined
): Promise<Project> {
  try {
    return await readProject(context)
  } catch (error) {
    if (!isMissingProject(error)) throw error
    if (!create) {
      throw new Error(
        `${error.message} To create it with this deployment, set create-project: true (it creates a Direct Upload project).`
      )
    }
  }
  await createProject(context, create)
  const project = await readProject(context)
  if (context.report.projectCreated && project.subdomain !== `${project.name}.pages.dev`) {
    context.console.notice(
      `${project.name}.pages.dev was already taken, so Cloudflare gave project ${project.name} the address https://${project.subdomain}; the outputs report it.`
    )
  }
  return project
}

async function createProject(
  context: OperationContext<unknown>,
  create: ProjectCreation
): Promise<void> {
  const { console, projectName } = context
  const why =
    create.productionBranchSource === 'input'
      ? 'production-branch'
      : create.productionBranchSource === 'repository'
        ? "the repository's default branch"
        : 'assumed: set production-branch to choose another'
  console.info(
    `Project ${projectName} does not exist: creating it as a Direct Upload project, production branch ${create.productionBranch} (${why})...`
  )
  try {
    await context.client.createProject(projectName, create.productionBranch)
    context.report.projectCreated = true
    context.report.notes.push(
      `This run created project ${projectName} (Direct Upload, production branch ${create.productionBranch}).`
    )
    console.info(`Created project ${projectName}.`)
  } catch (error) {
    // Another job (or this request's lost first attempt) created it: it is there to deploy to.
    if (!(error instanceof CloudflareApiError && error.code === ErrorCode.projectExists)) {
      throw error
    }
    console.info(
      error.attempts > 1
        ? `Project ${projectName} exists now: this run's first request, whose answer was lost, or another run created it; deploying to it.`
        : `Project ${projectName} was created meanwhile, by another run; deploying to it.`
    )
  }
}

function isMissingProject(error: unknown): error is CloudflareApiError {
  return (
    error instanceof CloudflareApiError &&
    error.notFound &&
    (error.code === undefined || error.code === ErrorCode.projectNotFound)
  )
}
