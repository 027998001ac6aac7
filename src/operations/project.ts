import { sourceOf } from '../domain/project.js'
import { readProject, type OperationContext } from './context.js'
import type { ProjectTask } from './settings.js'

/** `operation: project`: reads the project into the outputs and the summary. */
export async function project(context: OperationContext<ProjectTask>): Promise<void> {
  const { report, console } = context
  const found = await readProject(context)
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
