import type { Project } from '../cloudflare/types.js'
import { sourceOf } from '../domain/project.js'
import { readProject, type OperationContext } from './context.js'
import type { ProjectTask } from './settings.js'

/**
 * `operation: project`: reads the project into the outputs and the summary; with
 * `production-branch`, first changes the branch its production deployments come from, with a
 * `PATCH …/pages/projects/{name}` that names nothing else (Cloudflare's SDK, `projects.edit`:
 * only the fields sent change).
 */
export async function project(context: OperationContext<ProjectTask>): Promise<void> {
  const { report, console } = context
  let found = await readProject(context)
  if (context.task.productionBranch !== undefined) {
    found = await changeProductionBranch(context, found, context.task.productionBranch)
  }
  report.status = 'success'
  console.info(`Project ${found.name} (https://${found.subdomain})`)
  console.info(`  Production branch: ${found.production_branch}`)
  console.info(`  Source: ${sourceOf(found)}`)
  console.info(`  Domains: ${found.domains.join(', ') || 'none'}`)
  const live = found.canonical_deployment
  const latest = found.latest_deployment
  console.info(`  Live production deployment: ${live ? `${live.id} (${live.url})` : 'none'}`)
  console.info(
    `  Latest deployment: ${latest ? `${latest.id} (${latest.environment}, branch ${latest.deployment_trigger.metadata.branch})` : 'none'}`
  )
}

async function changeProductionBranch(
  context: OperationContext<ProjectTask>,
  found: Project,
  to: string
): Promise<Project> {
  const { console, report, task, projectName } = context
  const from = found.production_branch
  const record = { from, to, dryRun: task.dryRun, changed: false, pending: false }
  report.productionBranch = record
  if (from === to) {
    console.info(`The production branch of ${projectName} is already ${to}: nothing to change.`)
    return found
  }
  if (task.dryRun) {
    console.notice(
      `Dry run: the production branch of ${projectName} would change from ${from} to ${to}; nothing was changed.`
    )
    return found
  }
  record.pending = true
  const updated = await context.client.updateProject(projectName, { production_branch: to })
  record.pending = false
  report.project = updated
  if (updated.production_branch !== to) {
    throw new Error(
      `Cloudflare accepted the change of the production branch of ${projectName} to ${to}, but answers ${updated.production_branch}. Check the project's settings in the Cloudflare dashboard.`
    )
  }
  record.changed = true
  console.notice(`Production branch of ${projectName} changed from ${from} to ${to}.`)
  report.notes.push(
    `Deployments already made keep their environment: from now on a deployment of ${to} goes to production, and one of ${from} is a preview. Production keeps serving its live deployment until a deployment of ${to} succeeds.`
  )
  return updated
}
