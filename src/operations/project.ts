import { readProject } from './context.js'
import * as core from '@actions/core'
import type { Project } from '../cloudflare/types.js'
import type { OperationContext } from './context.js'

/** `operation: project`: reads the project into the outputs and the summary. */
export async function project(context: OperationContext): Promise<void> {
  const { report } = context
  const found = await readProject(context)
  report.status = 'success'
  core.info(`Project ${found.name} (https://${found.subdomain})`)
  core.info(`  Production branch: ${found.production_branch}`)
  core.info(`  Source: ${sourceOf(found)}`)
  core.info(`  Domains: ${found.domains.join(', ') || 'none'}`)
  const live = found.canonical_deployment
  const latest = found.latest_deployment
  core.info(`  Live production deployment: ${live ? `${live.id} (${live.url})` : 'none'}`)
  core.info(
    `  Latest deployment: ${latest ? `${latest.id} (${latest.environment}, branch ${latest.deployment_trigger.metadata.branch})` : 'none'}`
  )
}

/** `github:owner/repo`, or `direct-upload` for a project without a Git repository. */
export function sourceOf(project: Project): string {
  const source = project.source
  if (!source) return 'direct-upload'
  return `${source.type}:${source.config.owner}/${source.config.repo_name}`
}
