import * as core from '@actions/core'
import type { Clock } from '../util/clock.js'
import type { PagesClient } from '../cloudflare/pages-client.js'
import type { Deployment, Project } from '../cloudflare/types.js'
import { statusOf } from '../domain/deployment.js'
import type { Settings } from '../settings/read-settings.js'
import type { GitHubReporter } from '../domain/github-mirror.js'
import type { RateBudget } from '../http/rate-budget.js'
import { chooseBranch, type BranchChoice, type BranchSource } from '../domain/branch-rule.js'
import type { Report } from '../domain/report.js'

/** What every operation gets: validated settings, the API client, the report to fill in. */
export interface OperationContext {
  settings: Settings
  client: PagesClient
  report: Report
  clock: Clock
  /** Aborted when the runner cancels the job. */
  signal: AbortSignal | undefined
  /** This run's share of the account's API rate limit. */
  budget: RateBudget
  /** Mirrors the deployment on GitHub, when a GitHub feature is on. */
  github: GitHubReporter | undefined
}

/** An operation fills in the report; outcome failures go to `report.failure`, errors are thrown. */
export type OperationHandler = (context: OperationContext) => Promise<void>

/** Records `deployment` as the one the run is about, with its current status. */
export function track(report: Report, deployment: Deployment): void {
  report.deployment = deployment
  report.status = statusOf(deployment)
}

/** Prints the headline facts of a deployment. */
export function describeDeployment(deployment: Deployment): void {
  const meta = deployment.deployment_trigger.metadata
  core.info(
    `Deployment ${deployment.id} (${deployment.environment}, branch ${meta.branch}, commit ${meta.commit_hash.slice(0, 12) || 'unknown'})`
  )
  core.info(`  URL: ${deployment.url}`)
}

/** Reads the project and records it in the report, with the deployment production serves now. */
export async function readProject(context: OperationContext): Promise<Project> {
  const project = await context.client.getProject(context.settings.projectName)
  context.report.project = project
  context.report.previousDeploymentId = project.canonical_deployment?.id
  return project
}

/**
 * The branch this run acts on, after the pull-request rule (see {@link chooseBranch}): recorded
 * for the summary, and announced when a pull request's production branch became a preview.
 */
export function resolveBranch(
  context: OperationContext,
  project: Project,
  purpose: 'deploy' | 'teardown' | 'cleanup'
): BranchChoice {
  const { settings, report } = context
  const source: BranchSource =
    settings.branch === undefined ? 'production-default' : (settings.branchSource ?? 'input')
  const choice = chooseBranch(
    settings.branch ?? project.production_branch,
    source,
    project.production_branch,
    settings.pullRequest,
    purpose
  )
  report.branchChoice = choice
  if (choice.renamed) core.notice(`Branch ${choice.branch}: ${choice.why}.`)
  return choice
}
