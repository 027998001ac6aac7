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
 * The newest successful production deployment older than `live`: what production served
 * before the current deployment. `undefined` when there is none.
 */
export async function findPreviousProduction(
  client: PagesClient,
  projectName: string,
  live: Deployment
): Promise<Deployment | undefined> {
  const liveCreated = Date.parse(live.created_on)
  for await (const deployment of walkDeployments(client, projectName, {
    environment: 'production'
  })) {
    if (deployment.id === live.id || Date.parse(deployment.created_on) >= liveCreated) continue
    if (isSuccessfulProduction(deployment)) return deployment
  }
  return undefined
}

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
