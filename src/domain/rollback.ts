import { CanceledError } from '../util/canceled.js'
import type { Clock } from '../util/clock.js'
import type { PagesClient } from '../cloudflare/pages-client.js'
import type { Deployment } from '../cloudflare/types.js'
import { finalOutcome, isSuccessfulProduction } from './deployment.js'
import { walkDeployments } from './find-deployment.js'

/** Raised when a rollback is refused before anything was changed. */
export class RollbackRefusedError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'RollbackRefusedError'
  }
}

/**
 * What production served before `live` went live: the successful production deployment that
 * went live last before it (by the end of its deploy stage, since deployments go live in the
 * order they finish). `undefined` when there is none.
 */
export async function findPreviousProduction(
  client: PagesClient,
  projectName: string,
  live: Deployment
): Promise<Deployment | undefined> {
  const [previous] = await rollbackCandidates(
    client,
    projectName,
    live,
    undefined,
    Number.POSITIVE_INFINITY
  )
  return previous
}

/** When the deployment went live: the end of its deploy stage; `undefined` if it never did. */
export function wentLiveAt(deployment: Deployment): number | undefined {
  if (!isSuccessfulProduction(deployment)) return undefined
  const deploy = deployment.stages.find((stage) => stage.name === 'deploy')
  const at = Date.parse(deploy?.ended_on ?? deployment.latest_stage.ended_on ?? '')
  return Number.isFinite(at) ? at : undefined
}

/**
 * Where production may go back to after `failed` failed its health check, best first: what
 * was live just before `failed` went live, then what was live before that. Under concurrent
 * deploys that is not what was live when this run began (`liveAtStart`): a deployment that went
 * live after the run began and before `failed` is newer, and rolling back over it would undo it.
 * Deployments go live in the order they finish, not the order they were created, so the order
 * is by the end of the deploy stage; `liveAtStart` (which may have been made live by an earlier
 * rollback, long after its deploy ended) stands for the moment the run began.
 */
export async function rollbackCandidates(
  client: PagesClient,
  projectName: string,
  failed: Deployment,
  liveAtStart: Deployment | undefined,
  runStartedAt: number
): Promise<Deployment[]> {
  const failedAt = wentLiveAt(failed) ?? Number.POSITIVE_INFINITY
  const newer: Array<{ d: Deployment; at: number }> = []
  const older: Array<{ d: Deployment; at: number }> = []
  for await (const d of walkDeployments(client, projectName, {
    environment: 'production',
    maxPages: MAX_CANDIDATE_PAGES
  })) {
    const at = wentLiveAt(d)
    if (at === undefined || d.id === failed.id || d.id === liveAtStart?.id || at >= failedAt) {
      continue
    }
    ;(at > runStartedAt ? newer : older).push({ d, at })
  }
  const byLatest = (a: { at: number }, b: { at: number }): number => b.at - a.at
  const start = liveAtStart && liveAtStart.id !== failed.id ? [liveAtStart] : []
  return [
    ...newer.sort(byLatest).map((c) => c.d),
    ...start,
    ...older.sort(byLatest).map((c) => c.d)
  ]
}

/** Pages of production deployments read for rollback candidates (25 each). */
const MAX_CANDIDATE_PAGES = 4

/** Checks that `target` may become live production; throws a refusal naming why not. */
export function assertRollbackTarget(target: Deployment): void {
  if (target.environment !== 'production') {
    throw new RollbackRefusedError(
      `deployment ${target.id} is a preview deployment (branch ${target.deployment_trigger.metadata.branch}); only production deployments can serve production. Nothing was changed.`
    )
  }
  const outcome =
    finalOutcome(target) ?? `${target.latest_stage.name}: ${target.latest_stage.status}`
  if (!isSuccessfulProduction(target)) {
    throw new RollbackRefusedError(
      `deployment ${target.id} did not deploy successfully (${outcome}); only a successful production deployment can be rolled back to. Nothing was changed.`
    )
  }
}

/**
 * Rolls production back to `target` and re-reads the project until it serves it, so that the
 * run reports a rollback only once Cloudflare confirms it. Returns whether it was verified.
 */
export async function rollBackTo(
  client: PagesClient,
  projectName: string,
  target: Deployment,
  clock: Clock,
  signal: AbortSignal | undefined,
  /**
   * Told when the request goes out and when Cloudflare accepted it (before verifying), so that a
   * run cancelled in between still reports what it did.
   */
  progress: { sending?: () => void; accepted?: () => void } = {}
): Promise<boolean> {
  assertRollbackTarget(target)
  progress.sending?.()
  await client.rollbackDeployment(projectName, target.id)
  progress.accepted?.()
  for (let check = 0; check < 5; check++) {
    const project = await client.getProject(projectName)
    if (project.canonical_deployment?.id === target.id) return true
    await clock.sleep(1_000 * (check + 1), signal)
    if (signal?.aborted) throw new CanceledError()
  }
  return false
}
