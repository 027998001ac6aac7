/**
 * One run of an operation, whatever the entry point: wires the API client, the rate budget and
 * the GitHub mirror, runs the task, and always comes back with a report, even when the
 * operation fails or the run is cancelled half-way. Outputs and the summary are made from it.
 */
import { newestFirst } from '../domain/find-deployment.js'
import { findCreated } from '../operations/create-once.js'
import { VERSION } from '../util/version.js'
import type { RunContext } from '../ci/run-context.js'
import { PagesClient } from '../cloudflare/pages-client.js'
import { Transport } from '../cloudflare/transport.js'
import type { GitHubMirror } from '../domain/github-mirror.js'
import { newReport, type Report } from '../domain/report.js'
import { RateBudget } from '../http/rate-budget.js'
import { FOLLOWING_OPERATIONS, runTask, triggerThroughHook } from '../operations/index.js'
import type { ApiSettings, Settings } from '../settings/settings.js'
import { CanceledError } from '../util/canceled.js'
import type { Clock } from '../util/clock.js'
import type { Console } from '../util/console.js'
import { redact } from '../util/secrets.js'
import { createCommitChecks, createGitHubMirror } from './github.js'
import type { CommitChecksAccess } from '../operations/context.js'
import { byDialect, runAgain, step } from '../util/input-names.js'

export const USER_AGENT = `pages-pilot/${VERSION}`

/** What a run needs from its entry point. */
export interface RunDependencies {
  clock: Clock
  /** Aborted when the job is cancelled. */
  signal: AbortSignal | undefined
  console: Console
  runContext: RunContext
  /** Where files for the user go (the build log). */
  tempDir: string
  /** Where tools installed on demand are kept: RUNNER_TOOL_CACHE, or a user cache folder. */
  toolCacheDir: string | undefined
  /** The npm registry such tools come from (npm_config_registry). */
  npmRegistry: string
  /** Sets a step output at once, before the run ends; without it, outputs wait for the end. */
  publish?: ((name: string, value: string) => void) | undefined
}

/** Runs the operation `settings` describe; never throws. */
export async function runOperation(settings: Settings, deps: RunDependencies): Promise<Report> {
  const { clock, signal, console } = deps
  const report = newReport(clock.now())
  report.operation = settings.operation
  report.projectName = settings.projectName
  report.accountId = settings.job.api?.accountId
  for (const warning of settings.warnings) console.warning(warning)
  for (const notice of settings.notices) console.notice(notice)
  let transport: Transport | undefined
  let github: GitHubMirror | undefined
  const githubSignal = graceAfter(signal, GITHUB_GRACE_MS)
  let client: PagesClient | undefined
  let commitChecks: CommitChecksAccess | undefined
  try {
    github = await mirrorOrNothing(settings, deps, githubSignal)
    commitChecks = await createCommitChecks(settings.github, deps.runContext, {
      timeoutMs: settings.requestTimeoutMs,
      signal,
      userAgent: USER_AGENT
    })
    const base = {
      projectName: settings.projectName,
      report,
      clock,
      signal,
      console,
      github,
      tempDir: deps.tempDir,
      toolCacheDir: deps.toolCacheDir,
      npmRegistry: deps.npmRegistry,
      requestTimeoutMs: settings.requestTimeoutMs,
      publish: (name: string, value: string) => deps.publish?.(name, redact(value))
    }
    const job = settings.job
    let work: Promise<void>
    if (job.via === 'hook') {
      const connection = job.api ? connect(settings, job.api, deps) : undefined
      transport = connection?.transport
      client = connection?.client
      work = triggerThroughHook({
        ...base,
        task: job.task,
        client: connection?.client,
        userAgent: USER_AGENT
      })
    } else {
      const connection = connect(settings, job.api, deps)
      transport = connection.transport
      client = connection.client
      work = runTask({
        ...base,
        task: job.task,
        client: connection.client,
        budget: connection.budget,
        commitChecks
      })
    }
    await untilAborted(work, signal)
  } catch (error) {
    recordFailure(report, error, signal)
    if (signal?.aborted && report.creating && settings.job.api) {
      await findAfterCancel(settings, settings.job.api, deps, report)
    }
  }
  if (client && report.project && !signal?.aborted && CHANGE_THE_PROJECT.has(settings.operation)) {
    await reread(client, report)
  }
  if (client && report.deployment && !signal?.aborted && CHARTED.has(settings.operation)) {
    await readHistory(client, report)
  }
  transport?.dispose()
  // After the operation, so GitHub shows the outcome, failures and cancels included. Only the
  // operations that start or follow a deployment report one; reading a status or a log does not.
  if (FOLLOWING_OPERATIONS.has(settings.operation)) await github?.finished(report)
  if (settings.operation === 'rollback') await github?.productionRolledBack(report)
  github?.dispose()
  commitChecks?.api.dispose()
  return report
}

/**
 * After a cancel, GitHub gets this long to take the run's last word (the deployment's final
 * status) before its requests are cut too: the runner kills the job soon after it cancels it.
 */
const GITHUB_GRACE_MS = 3_000

/** A signal that aborts `graceMs` after `signal` does. */
function graceAfter(signal: AbortSignal | undefined, graceMs: number): AbortSignal | undefined {
  if (!signal) return undefined
  const later = new AbortController()
  const start = (): void => {
    setTimeout(() => later.abort(new CanceledError()), graceMs).unref()
  }
  if (signal.aborted) start()
  else signal.addEventListener('abort', start, { once: true })
  return later.signal
}

/**
 * After a cancel that cut a creation short, Cloudflare gets this long to show what it created:
 * the runner kills the job a few seconds after it cancels it.
 */
const CREATION_GRACE_MS = 3_000

/**
 * A cancel came while a deployment was being created: Cloudflare may have made it all the same.
 * It is looked up once, within a short grace, so that the summary names it (it builds on, and
 * may go live) instead of leaving a deployment nobody reports.
 */
async function findAfterCancel(
  settings: Settings,
  api: ApiSettings,
  deps: RunDependencies,
  report: Report
): Promise<void> {
  const creation = report.creating
  if (!creation) return
  report.creating = undefined
  const connection = connect(settings, api, {
    ...deps,
    signal: graceAfter(AbortSignal.abort(), CREATION_GRACE_MS)
  })
  let found
  try {
    // Cloudflare may take a moment to list what it is still creating: looked at a few times.
    for (let look = 0; look < 3 && !found; look++) {
      if (look > 0) await deps.clock.sleep(CREATION_GRACE_MS / 3)
      found = await findCreated(connection.client, creation)
    }
  } catch {
    // Out of time or out of reach: the note below says what is known.
  } finally {
    connection.transport.dispose()
  }
  if (found) {
    report.deployment = found
    report.notes.push(
      `The run was cancelled while Cloudflare was creating the deployment of branch ${creation.branch}, and Cloudflare did create it: ${found.id}. It builds on and may go live; cancel or delete it in the dashboard if it must not.`
    )
  } else {
    report.notes.push(
      `The run was cancelled while Cloudflare was creating a deployment of branch ${creation.branch}, and none was found within ${CREATION_GRACE_MS / 1000}s: one may still appear. Check the project's deployments in the dashboard before deploying again.`
    )
  }
}

/** Operations after which the live and newest deployments are not what they were. */
const CHANGE_THE_PROJECT: ReadonlySet<string> = new Set([
  'deploy',
  'trigger',
  'wait',
  'retry',
  'rollback'
])

/**
 * Reads the project once more, so that `canonical-deployment-id` and `latest-deployment-id`
 * say what is live and newest after the run, not before it. Best effort: one attempt, and on
 * failure the outputs keep the earlier read.
 */
async function reread(client: PagesClient, report: Report): Promise<void> {
  const name = report.project?.name
  if (!name) return
  try {
    report.project = await client.getProject(name, { once: true })
  } catch {
    // The run's outcome does not depend on this read.
  }
}

/** Operations whose summary charts the build times of earlier deployments. */
const CHARTED: ReadonlySet<string> = new Set(['deploy', 'wait', 'retry', 'status'])

/** How many earlier deployments the chart shows, from one page of the list (25). */
const HISTORY_SIZE = 20

/**
 * The earlier deployments of the same environment, for the summary's chart. Best effort: one
 * request of one attempt; without it the summary has no chart.
 */
async function readHistory(client: PagesClient, report: Report): Promise<void> {
  const current = report.deployment
  const name = report.project?.name ?? current?.project_name
  if (!current || !name) return
  try {
    const { deployments } = await client.listDeployments(name, {
      environment: current.environment,
      once: true
    })
    // The list has no documented order: the newest of the page, by created_on.
    report.history = newestFirst(deployments.filter((d) => d.id !== current.id)).slice(
      0,
      HISTORY_SIZE
    )
  } catch {
    // The run's outcome does not depend on this read.
  }
}

/** The GitHub mirror, or nothing; failing to set it up never fails the run. */
async function mirrorOrNothing(
  settings: Settings,
  deps: RunDependencies,
  signal: AbortSignal | undefined
): Promise<GitHubMirror | undefined> {
  try {
    return await createGitHubMirror(
      settings.github,
      settings.projectName,
      deps.runContext,
      (message) => deps.console.warning(message),
      deps.clock,
      { timeoutMs: settings.requestTimeoutMs, signal, userAgent: USER_AGENT }
    )
  } catch (error) {
    deps.console.warning(
      `The GitHub features are off for this run: ${error instanceof Error ? error.message : String(error)}`
    )
    return undefined
  }
}

interface Connection {
  transport: Transport
  client: PagesClient
  budget: RateBudget
}

/** The API client of this run and the rate budget it spends. */
function connect(settings: Settings, api: ApiSettings, deps: RunDependencies): Connection {
  const budget = new RateBudget(api.rateShare.limit, api.rateShare.windowMs, deps.clock)
  const transport = new Transport({
    budget,
    baseUrl: api.baseUrl,
    credentials: api.credentials,
    requestTimeoutMs: settings.requestTimeoutMs,
    clock: deps.clock,
    userAgent: USER_AGENT,
    signal: deps.signal
  })
  return { transport, client: new PagesClient(transport, api.accountId), budget }
}

/** Records why the run failed; a cancel says what was left in flight. */
export function recordFailure(report: Report, error: unknown, signal?: AbortSignal): void {
  if (error instanceof CanceledError || signal?.aborted) {
    report.failure = 'the run was cancelled before the operation finished.'
    if (report.rollbackRequested) {
      report.notes.push(
        `A rollback to ${report.rollbackRequested} had been sent when the run was cancelled, and its answer never came: check which deployment serves production before acting again.`
      )
    } else if (report.rollback) {
      report.notes.push(
        `Cloudflare had accepted the rollback to ${report.rollback.toDeploymentId} before the cancel${report.rollback.verified ? '' : '; it was not yet verified'}.`
      )
    } else if (report.deployment) {
      report.notes.push(
        `Deployment ${report.deployment.id} keeps running on Cloudflare; this run stopped following it.`
      )
    }
  } else {
    report.failure = describeFailure(error)
  }
  // A change of the project's settings whose answer never came may have been made.
  if (report.variables?.pending) {
    report.notes.push(
      `The change of the ${report.variables.environment} variables had been sent and its answer never came, so it may have been made: run ${step()} again (it sends only what still differs, and the secrets again).`
    )
  }
  if (report.productionBranch?.pending) {
    report.notes.push(
      `The change of the production branch to ${report.productionBranch.to} had been sent and its answer never came, so it may have been made: run ${step()} again, or check the project's settings.`
    )
  }
}

/** JavaScript's own errors, which mean a bug in pages-pilot rather than a fault of the run. */
const UNEXPECTED: ReadonlyArray<new (...args: never[]) => Error> = [
  TypeError,
  ReferenceError,
  RangeError,
  SyntaxError
]

/**
 * What a failure says to the user. pages-pilot's own errors already say what happened and what
 * to do; a raw JavaScript error never reaches the user as it is.
 */
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  if (!UNEXPECTED.some((kind) => error.constructor === kind)) return error.message
  return `pages-pilot stopped on an unexpected error (${error.name}: ${error.message}). This is a bug in pages-pilot, not in your ${byDialect({ action: 'workflow', cli: 'command' })}: ${runAgain()}, and if it happens again, report it at https://github.com/pages-pilot/pages-pilot/issues with this log.`
}

/** Settles with `work`, or rejects with {@link CanceledError} as soon as `signal` aborts. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(new CanceledError())
    // Observed even when already cancelled: its late rejection must not go unhandled.
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
    if (signal.aborted) return onAbort()
    signal.addEventListener('abort', onAbort, { once: true })
  })
}
