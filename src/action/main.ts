import * as core from '@actions/core'
import { systemClock, type Clock } from '../util/clock.js'
import { PagesClient } from '../cloudflare/pages-client.js'
import { CanceledError } from '../util/canceled.js'
import { Transport } from '../cloudflare/transport.js'
import { RateBudget } from '../http/rate-budget.js'
import { readRunContext } from '../ci/github-actions.js'
import { createGitHubReporter } from '../run/github.js'
import type { GitHubReporter } from '../domain/github-mirror.js'
import { readSettings, type Operation, type Settings } from '../settings/read-settings.js'
import { OPERATION_HANDLERS } from '../operations/index.js'
import { outputsOf } from '../run/outputs.js'
import { newReport } from '../domain/report.js'
import { DEFAULT_RETRY_POLICY } from '../http/retry.js'
import { redact } from '../util/secrets.js'
import { writeSummary } from '../run/summary.js'

const USER_AGENT = 'pages-pilot/0.1'
/** Operations whose deployment is mirrored on GitHub (deployment, comment, commit status). */
const FOLLOWING_OPERATIONS = new Set<Operation>(['deploy', 'trigger', 'wait', 'retry'])

export interface RunOptions {
  clock?: Clock
  /** Aborted when the runner cancels the job. */
  signal?: AbortSignal
}

/**
 * The action: reads inputs, runs the operation, and always writes outputs and the job summary,
 * even when the operation fails or the job is cancelled half-way.
 */
export async function run(options: RunOptions = {}): Promise<void> {
  const clock = options.clock ?? systemClock
  const signal = options.signal
  const report = newReport(clock.now())
  const runContext = readRunContext()
  let settings: Settings | undefined
  let transport: Transport | undefined
  let github: GitHubReporter | undefined
  try {
    settings = readSettings({
      headSha: runContext.headSha,
      headBranch: runContext.headBranch,
      headBranchSource: runContext.headBranchSource,
      deployBranch: runContext.deployBranch,
      deployBranchSource: runContext.deployBranchSource,
      pullRequest: runContext.pullRequestFacts,
      commitMessage: runContext.commitMessage,
      workspace: runContext.workspace
    })
    report.operation = settings.operation
    report.projectName = settings.projectName
    const budget = new RateBudget(settings.rateShare.limit, settings.rateShare.windowMs, clock)
    transport = new Transport({
      budget,
      baseUrl: settings.apiBaseUrl,
      credentials: settings.credentials,
      requestTimeoutMs: settings.requestTimeoutMs,
      retry: DEFAULT_RETRY_POLICY,
      clock,
      userAgent: USER_AGENT,
      ...(signal ? { signal } : {})
    })
    const client = new PagesClient(transport, settings.accountId)
    const handler = OPERATION_HANDLERS[settings.operation]
    github = await createGitHubReporter(settings, runContext, (message) => core.warning(message))
    await untilAborted(handler({ settings, client, report, clock, signal, budget, github }), signal)
  } catch (error) {
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
      report.failure = error instanceof Error ? error.message : String(error)
    }
  } finally {
    transport?.dispose()
  }
  // After the operation, so GitHub shows the outcome, failures and cancels included. Only the
  // operations that start or follow a deployment report one; reading a status or a log does not.
  if (settings && FOLLOWING_OPERATIONS.has(settings.operation)) await github?.finished(report)
  if (settings?.operation === 'rollback') await github?.productionRolledBack(report)

  const now = clock.now()
  for (const [name, value] of Object.entries(outputsOf(report, now)))
    core.setOutput(name, redact(value))
  try {
    await writeSummary(report, now, runContext.runUrl)
  } catch (error) {
    // Outside a runner there is no summary file; that must not hide the real outcome.
    core.debug(`job summary not written: ${(error as Error).message}`)
  }
  if (report.failure) {
    const message = redact(
      `pages-pilot ${report.operation ?? ''}: ${report.failure}`.replace(/ +:/, ':')
    )
    if (settings?.failOnError === false)
      core.warning(`${message} (fail-on-error is false, so the step passes)`)
    else core.setFailed(message)
  }
}

/** Settles with `work`, or rejects with {@link CanceledError} as soon as `signal` aborts. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(new CanceledError())
    if (signal.aborted) return onAbort()
    signal.addEventListener('abort', onAbort, { once: true })
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}
