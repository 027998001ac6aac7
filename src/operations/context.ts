import type { PagesClient } from '../cloudflare/pages-client.js'
import type { Deployment, Project } from '../cloudflare/types.js'
import { chooseBranch, type BranchChoice } from '../domain/branch-rule.js'
import { statusOf } from '../domain/deployment.js'
import type { GitHubMirror } from '../domain/github-mirror.js'
import type { GitHubApi } from '../github/api.js'
import type { Report } from '../domain/report.js'
import type { RateBudget } from '../http/rate-budget.js'
import type { Clock } from '../util/clock.js'
import type { Console } from '../util/console.js'
import type { BranchRequest } from './settings.js'
import type { PullRequestFacts } from '../domain/branch-rule.js'

/** What every operation gets besides its task: the API, the report to fill in, time and I/O. */
export interface OperationContext<Task> {
  task: Task
  projectName: string
  client: PagesClient
  report: Report
  clock: Clock
  /** Aborted when the run is cancelled. */
  signal: AbortSignal | undefined
  /** This run's share of the account's API rate limit. */
  budget: RateBudget
  console: Console
  /** Where files for the user go (the build log): RUNNER_TEMP on a runner. */
  tempDir: string
  /** Where tools installed on demand are kept (esbuild): the runner's tool cache. */
  toolCacheDir: string | undefined
  /** The npm registry tools are downloaded from. */
  npmRegistry: string
  /** Time allowed for one HTTP request (request-timeout); the health check's requests too. */
  requestTimeoutMs: number
  /** Mirrors the deployment on GitHub, when a GitHub feature is on. */
  github: GitHubMirror | undefined
  /**
   * Sets a step output now, before the run ends (`alias-url` before the build), so a step that
   * is killed half-way still has it; the outputs written at the end say the last word.
   */
  publish: (name: string, value: string) => void
  /** Reads the commit's other checks, with `wait-for-checks`. */
  commitChecks?: CommitChecksAccess | undefined
}

/** GitHub as `wait-for-checks` reads it, and what of it is this run's own. */
export interface CommitChecksAccess {
  api: GitHubApi
  /** This workflow run's page: the check runs under it are this run's own jobs. */
  runUrl: string | undefined
}

/** An operation fills in the report; outcome failures go to `report.failure`, errors are thrown. */
export type OperationHandler<Task> = (context: OperationContext<Task>) => Promise<void>

/** Records `deployment` as the one the run is about, with its current status. */
export function track(report: Report, deployment: Deployment): void {
  report.deployment = deployment
  report.status = statusOf(deployment)
}

/** Prints the headline facts of a deployment. */
export function describeDeployment(console: Console, deployment: Deployment): void {
  const meta = deployment.deployment_trigger.metadata
  console.info(
    `Deployment ${deployment.id} (${deployment.environment}, branch ${meta.branch}, commit ${meta.commit_hash.slice(0, 12) || 'unknown'})`
  )
  console.info(`  URL: ${deployment.url}`)
}

/** Reads the project and records it in the report, with the deployment production serves now. */
export async function readProject(context: OperationContext<unknown>): Promise<Project> {
  const project = await context.client.getProject(context.projectName)
  context.report.project = project
  context.report.previousDeploymentId = project.canonical_deployment?.id
  return project
}

/**
 * The branch this run acts on, after the pull-request rule (see {@link chooseBranch}): recorded
 * for the summary, and announced when a pull request's production branch became a preview.
 */
export function resolveBranch(
  context: OperationContext<unknown>,
  project: Pick<Project, 'production_branch'>,
  requested: BranchRequest,
  pullRequest: PullRequestFacts | undefined,
  purpose: 'deploy' | 'teardown' | 'cleanup'
): BranchChoice {
  const choice = chooseBranch(
    requested.name ?? project.production_branch,
    requested.name === undefined ? 'production-default' : (requested.source ?? 'input'),
    project.production_branch,
    pullRequest,
    purpose
  )
  context.report.branchChoice = choice
  if (choice.renamed) context.console.notice(`Branch ${choice.branch}: ${choice.why}.`)
  return choice
}
