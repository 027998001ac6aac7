import type { Deployment } from '../cloudflare/types.js'
import { fetchAndSaveLog, firstErrorLines, printLog, tail } from '../domain/build-log.js'
import { aliasUrlOf, finalOutcome, totalDurationMs } from '../domain/deployment.js'
import { HEALTH_FAILURE } from '../domain/health-check.js'
import type { Report } from '../domain/report.js'
import { rollbackCandidates, rollBackTo } from '../domain/rollback.js'
import { waitForDeployment } from '../domain/wait.js'
import { CanceledError } from '../util/canceled.js'
import { formatDuration } from '../util/duration.js'
import { track, type OperationContext } from './context.js'
import type { FollowSettings } from './settings.js'
import { checkAlias } from './alias.js'
import { checkSite } from './site-checks.js'
import { input } from '../util/input-names.js'

/**
 * Follows a deployment to its end, the part shared by deploy, retry and wait: wait for it,
 * explain a failed build from its log, run the health check, and roll production back when
 * the check fails and the user asked for it.
 */
export async function followDeployment(
  context: OperationContext<unknown>,
  follow: FollowSettings,
  started: Deployment
): Promise<void> {
  const { projectName, client, report, clock, signal, budget, github, console } = context
  track(report, started)
  await github?.started(started, report)
  console.info(
    `Waiting for deployment ${started.id} (${input('wait-timeout', formatDuration(follow.waitTimeoutMs))})...`
  )
  let deployment = await waitForDeployment(client, projectName, started, {
    timeoutMs: follow.waitTimeoutMs,
    expectedDurationMs: typicalDurationMs(report, started, clock.now()),
    firstPollMs: report.upload ? 500 : undefined,
    budget,
    pollIntervalMs: follow.pollIntervalMs,
    clock,
    signal,
    log: (line) => console.info(line),
    warn: (line) => console.warning(line),
    onUpdate: async (update) => {
      track(report, update)
      await github?.progressed(update)
    }
  })
  // The branch alias can be filled in a moment after the deployment finishes.
  if (
    finalOutcome(deployment) === 'success' &&
    !aliasUrlOf(deployment) &&
    deployment.environment === 'preview'
  ) {
    deployment = await client.getDeployment(projectName, deployment.id)
  }
  track(report, deployment)
  checkAlias(context, deployment, report.project?.subdomain)
  const outcome = finalOutcome(deployment)

  if (outcome === 'skipped') {
    console.info(
      `Deployment ${deployment.id} was skipped by Cloudflare${deployment.skip_reason ? `: ${deployment.skip_reason}` : ''}.`
    )
    return
  }
  if (outcome !== 'success') {
    await explainFailure(context, deployment)
    return
  }
  console.info(`Deployment ${deployment.id} is live at ${deployment.url}`)
  if (follow.healthCheck !== undefined || follow.smoke !== undefined) {
    await checkHealth(context, follow, deployment)
  }
}

async function explainFailure(
  context: OperationContext<unknown>,
  deployment: Deployment
): Promise<void> {
  const { report, client, console } = context
  const stage = deployment.latest_stage
  report.failure = `deployment ${deployment.id} ended with ${stage.name}: ${stage.status}.`
  try {
    const log = await fetchAndSaveLog(client, deployment, context.tempDir)
    report.logsFile = log.file
    report.logTail = tail(log.lines)
    report.firstErrorLines = firstErrorLines(log.lines)
    printLog(console, deployment, log.lines)
  } catch (error) {
    console.warning(`Could not read the build log: ${(error as Error).message}`)
  }
  if (deployment.environment === 'production' && report.previousDeploymentId) {
    report.notes.push(
      `A failed build never goes live: production still serves ${report.previousDeploymentId}.`
    )
  }
}

async function checkHealth(
  context: OperationContext<unknown>,
  follow: FollowSettings,
  deployment: Deployment
): Promise<void> {
  const { report } = context
  const failure = await checkSite(context, follow, deployment)
  if (failure === undefined) return
  report.status = 'failure'
  report.failure = failure
  if (deployment.environment !== 'production') return
  if (!follow.rollbackOnFailure) {
    report.notes.push(
      `${input('rollback-on-failure')} is off, so production keeps serving the deployment that failed its health check.`
    )
    return
  }
  await rollBackAfterFailedCheck(context, follow, deployment)
}

async function rollBackAfterFailedCheck(
  context: OperationContext<unknown>,
  follow: FollowSettings,
  failed: Deployment
): Promise<void> {
  const { projectName, report, client, clock, signal, console, github } = context
  // Another deployment may have gone live meanwhile; rolling back now would undo it.
  const live = (await client.getProject(projectName)).canonical_deployment
  if (live && live.id !== failed.id && !follow.force) {
    report.failure += ` Production now serves ${live.id}, not the deployment that failed, so nothing was rolled back (set ${input('force', 'true')} to roll back anyway).`
    return
  }
  const liveAtStart = report.previousDeploymentId
    ? await client.getDeployment(projectName, report.previousDeploymentId)
    : undefined
  const candidates = await rollbackCandidates(
    client,
    projectName,
    failed,
    liveAtStart,
    report.startedAt
  )
  let target: Deployment | undefined
  let checked = false
  const skipped: string[] = []
  for (const candidate of candidates) {
    const recorded = await github?.recordedHealthFailure(candidate)
    if (recorded === true) {
      skipped.push(candidate.id)
      continue
    }
    target = candidate
    checked = recorded === false
    break
  }
  const passedOver =
    skipped.length > 0
      ? ` ${skipped.join(', ')} failed ${skipped.length === 1 ? 'its' : 'their'} health check in an earlier run, as GitHub records it, so ${skipped.length === 1 ? 'it was' : 'they were'} passed over.`
      : ''
  if (!target) {
    report.failure += ` No earlier successful production deployment${skipped.length > 0 ? ' that passed its health check' : ''} exists, so nothing was rolled back.${passedOver}`
    return
  }
  console.warning(
    `Rolling production back from ${failed.id} to ${target.id}, the deployment live before it, because the health check failed.`
  )
  if (!checked) {
    report.notes.push(
      `The rollback target ${target.id} is unverified: nothing records whether it passed a health check of its own. With ${input('github-deployment')} or ${input('commit-status')} on, pages-pilot skips targets that failed one.`
    )
  }
  const record = {
    fromDeploymentId: failed.id,
    toDeploymentId: target.id,
    toUrl: target.url,
    reason: HEALTH_FAILURE,
    verified: false
  }
  try {
    const verified = await rollBackTo(client, projectName, target, clock, signal, {
      sending: () => (report.rollbackRequested = target.id),
      accepted: () => {
        report.rollbackRequested = undefined
        report.rollback = record
      }
    })
    record.verified = verified
    report.failure +=
      (verified
        ? ` Production was rolled back to ${target.id}, which is live again.`
        : ` Production was rolled back to ${target.id}, but the project did not confirm it yet.`) +
      passedOver
  } catch (error) {
    // The error output keeps the whole story: the failed check, the failed rollback, and what
    // production serves now, as far as can be read.
    const serving = await client.getProject(projectName, { once: true }).then(
      (p) => p.canonical_deployment?.id ?? 'no deployment',
      () => 'a deployment that could not be read'
    )
    report.failure += ` Rolling back to ${target.id} failed too (${error instanceof Error ? error.message : String(error)}); production serves ${serving}.`
    if (error instanceof CanceledError) throw error
  }
}

/** How long the project's last finished deployment took, as a guide for polling. */
function typicalDurationMs(report: Report, current: Deployment, now: number): number | undefined {
  const project = report.project
  const earlier = [project?.latest_deployment, project?.canonical_deployment].find(
    (d): d is Deployment =>
      d !== undefined && d !== null && d.id !== current.id && finalOutcome(d) === 'success'
  )
  return earlier ? totalDurationMs(earlier, now) : undefined
}
