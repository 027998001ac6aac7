/**
 * `create-project`: the project is read, and when it does not exist and `create-project` allows
 * it, it is created, so that a new site needs no visit to the dashboard. Creation waits until
 * the deployment is ready to be sent (the folder read, the Worker built): a deploy that fails
 * before that leaves no project behind. Two jobs may race to create it; the one that finds it
 * made meanwhile goes on with it.
 */
import { CloudflareApiError } from '../cloudflare/errors.js'
import { ErrorCode, type Project } from '../cloudflare/types.js'
import { type OperationContext, readProject } from './context.js'
import type { ProjectCreation } from './settings.js'
import { input } from '../util/input-names.js'

/** A project that does not exist yet; `create` makes it (or finds it made) and reads it. */
export interface MissingProject {
  name: string
  production_branch: string
  create(): Promise<Project>
}

export function isMissing(project: Project | MissingProject): project is MissingProject {
  return 'create' in project
}

/** The project to deploy to, or, when it is missing and `create` allows it, one to create. */
export async function projectToDeploy(
  context: OperationContext<unknown>,
  create: ProjectCreation | undefined
): Promise<Project | MissingProject> {
  try {
    return await readProject(context)
  } catch (error) {
    if (!isMissingProject(error)) throw error
    if (!create) {
      throw new Error(
        `${error.message} To create it with this deployment, set ${input('create-project', 'true')} (it creates a Direct Upload project).`
      )
    }
  }
  const why =
    create.productionBranchSource === 'input'
      ? input('production-branch')
      : create.productionBranchSource === 'repository'
        ? "the repository's default branch"
        : `assumed: set ${input('production-branch')} to choose another`
  context.console.info(
    `Project ${context.projectName} does not exist: it will be created as a Direct Upload project, production branch ${create.productionBranch} (${why}), once the deployment is ready to be sent.`
  )
  return {
    name: context.projectName,
    production_branch: create.productionBranch,
    create: () => createProject(context, create)
  }
}

async function createProject(
  context: OperationContext<unknown>,
  create: ProjectCreation
): Promise<Project> {
  const { console, projectName, report } = context
  try {
    await context.client.createProject(projectName, create.productionBranch)
    report.projectCreated = true
    report.notes.push(
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
  const project = await readProject(context)
  if (report.projectCreated && project.subdomain !== `${project.name}.pages.dev`) {
    console.notice(
      `${project.name}.pages.dev was already taken, so Cloudflare gave project ${project.name} the address https://${project.subdomain}; the outputs report it.`
    )
  }
  return project
}

function isMissingProject(error: unknown): error is CloudflareApiError {
  return (
    error instanceof CloudflareApiError &&
    error.notFound &&
    (error.code === undefined || error.code === ErrorCode.projectNotFound)
  )
}
