import { readProject, resolveBranch } from './context.js'
import {
  decideCleanup,
  branchOf,
  formatAge,
  KEEP_REASON_TEXT,
  type CleanupDecision,
  type CleanupPolicy,
  type KeepReason
} from '../domain/cleanup-policy.js'
import { CloudflareApiError } from '../cloudflare/errors.js'
import { CanceledError } from '../util/canceled.js'
import { ErrorCode, type Deployment, type Project } from '../cloudflare/types.js'
import type { Console } from '../util/console.js'
import { formatDuration } from '../util/duration.js'
import { walkDeployments } from '../domain/find-deployment.js'
import type { CleanupEntry, CleanupRecord, KeptEntry } from '../domain/report.js'
import type { OperationContext } from './context.js'
import type { CleanupTask, RemovalSettings } from './settings.js'
import { input } from '../util/input-names.js'

/**
 * Deletes run a few at a time: fast enough for a backlog of a thousand, yet well below the
 * 200 requests per second per IP, and each request still counts against the account's
 * 1,200 per 5 minutes (max-deletions is the guard for that).
 */
export const DELETES_IN_FLIGHT = 4

/** `operation: cleanup`: deletes old deployments by policy, never the live or newest ones. */
export async function cleanup(context: OperationContext<CleanupTask>): Promise<void> {
  const { task, console } = context
  const project = await readProject(context)
  const policy: CleanupPolicy = {
    keepLatest: task.keepLatest,
    olderThanMs: task.olderThanMs,
    environment: task.environment,
    branch:
      task.branch.name === undefined
        ? undefined
        : resolveBranch(context, project, task.branch, task.pullRequest, 'cleanup').branch,
    maxDeletions: task.maxDeletions,
    deleteBranchHead: false
  }
  const filters = [
    input('environment', policy.environment),
    policy.branch === undefined ? undefined : input('branch', policy.branch),
    input('keep-latest', String(policy.keepLatest)),
    policy.olderThanMs === undefined
      ? undefined
      : input('older-than', formatAge(policy.olderThanMs)),
    input('max-deletions', String(policy.maxDeletions)),
    task.force ? input('force', 'true') : undefined,
    task.dryRun ? 'dry run' : undefined
  ].filter(Boolean)
  console.info(`Cleaning up deployments of project ${project.name} (${filters.join(', ')})...`)
  await removeDeployments(context, task, project, policy)
}

/**
 * The part shared by cleanup and teardown-preview: list every deployment the policy can
 * concern, decide, delete (unless dry-run), and record it all in `report.cleanup`. Deleting
 * goes on past a failed delete; it stops early only when every further request would fail
 * the same way (rate limit budget spent, credentials refused).
 */
export async function removeDeployments(
  context: OperationContext<unknown>,
  removal: RemovalSettings,
  project: Project,
  policy: CleanupPolicy
): Promise<CleanupRecord> {
  const { client, report, clock, console } = context
  const listed: Deployment[] = []
  const environment = policy.environment === 'all' ? undefined : policy.environment
  for await (const deployment of walkDeployments(
    client,
    project.name,
    environment ? { environment } : {}
  )) {
    listed.push(deployment)
  }
  const now = clock.now()
  const decisions = decideCleanup(
    listed,
    { liveProductionId: project.canonical_deployment?.id, now },
    policy
  )
  const record: CleanupRecord = {
    dryRun: removal.dryRun,
    branch: policy.branch,
    examined: decisions.length,
    deleted: [],
    kept: [],
    failed: []
  }
  report.cleanup = record
  const toDelete: Array<Extract<CleanupDecision, { action: 'delete' }>> = []
  for (const decision of decisions) {
    if (decision.action === 'keep') {
      record.kept.push(keptEntry(decision.deployment, decision.reason, decision.why))
    } else {
      toDelete.push(decision)
    }
  }
  // Oldest first: a run cut short still removed the stalest deployments.
  toDelete.reverse()
  const what = environment ? `${environment} deployments` : 'deployments'
  console.info(
    `Listed ${decisions.length} ${what}; ${toDelete.length} to delete, ${record.kept.length} to keep.`
  )

  if (removal.dryRun) {
    console.startGroup(`Would delete ${toDelete.length} deployments (dry run)`)
    for (const { deployment, why } of toDelete) {
      record.deleted.push(entry(deployment, why))
      console.info(`Would delete ${describe(deployment, now)}: ${why}`)
    }
    console.endGroup()
  } else if (toDelete.length > 0) {
    announceRateShare(context, toDelete.length)
    console.startGroup(`Deleting ${toDelete.length} deployments`)
    try {
      await deleteAll(context, removal, project.name, toDelete, record, now)
    } finally {
      console.endGroup()
    }
  }

  printKept(console, record)
  const verb = removal.dryRun ? 'Would delete' : 'Deleted'
  console.info(
    `${verb} ${record.deleted.length} of ${record.examined} deployments; kept ${record.kept.length}${reasonCounts(record.kept)}.`
  )
  report.status = record.failed.length > 0 ? 'failure' : 'success'
  if (record.failed.length > 0) {
    const first = record.failed[0]
    report.failure = `${record.failed.length} of ${toDelete.length} deletions failed; the first, ${first?.id ?? ''}: ${first?.error ?? ''}`
  }
  if (removal.dryRun) {
    report.notes.push(
      `Dry run: nothing was deleted. Without ${input('dry-run')}, ${record.deleted.length} deployments would be deleted.`
    )
  }
  return record
}

async function deleteAll(
  context: OperationContext<unknown>,
  removal: RemovalSettings,
  projectName: string,
  toDelete: Array<Extract<CleanupDecision, { action: 'delete' }>>,
  record: CleanupRecord,
  now: number
): Promise<void> {
  const { client, signal, console } = context
  const queue = [...toDelete]
  const done = record.deleted
  let stopped: string | undefined

  const deleteOne = async (deployment: Deployment, why: string): Promise<void> => {
    const id = deployment.id
    try {
      try {
        await client.deleteDeployment(projectName, id)
      } catch (error) {
        if (!isAliasRefusal(error)) throw error
        if (!removal.force || deployment.environment !== 'preview') {
          record.kept.push(keptEntry(deployment, 'aliased', KEEP_REASON_TEXT.aliased))
          console.info(`Kept ${describe(deployment, now)}: ${KEEP_REASON_TEXT.aliased}`)
          return
        }
        await client.deleteDeployment(projectName, id, { force: true })
        why += ' (aliased, deleted with force)'
      }
      done.push(entry(deployment, why))
      console.info(`Deleted ${describe(deployment, now)}: ${why}`)
    } catch (error) {
      if (error instanceof CanceledError) throw error
      if (error instanceof CloudflareApiError && error.notFound) {
        // Gone already: a retry after a lost answer, or someone else deleted it meanwhile.
        done.push(entry(deployment, `${why} (already gone)`))
        console.info(`Deleted ${describe(deployment, now)}: it was already gone`)
        return
      }
      const message = error instanceof Error ? error.message : String(error)
      record.failed.push({ id, error: message })
      record.kept.push(keptEntry(deployment, 'delete-failed', `delete failed: ${message}`))
      console.warning(`Could not delete deployment ${id}: ${message}`)
      if (error instanceof CloudflareApiError && stopsEverything(error)) {
        stopped ??=
          error.kind === 'rate-limited'
            ? 'the API rate limit did not recover within the retry budget'
            : 'Cloudflare refused the credentials'
      }
    }
  }

  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      if (signal?.aborted) throw new CanceledError()
      if (stopped !== undefined) {
        record.kept.push(keptEntry(next.deployment, 'not-attempted', `not attempted: ${stopped}`))
        continue
      }
      await deleteOne(next.deployment, next.why)
    }
  }
  await Promise.all(
    Array.from({ length: Math.min(DELETES_IN_FLIGHT, toDelete.length) }, () => worker())
  )
  record.deleted.sort((a, b) => Date.parse(a.createdOn) - Date.parse(b.createdOn))
  if (stopped !== undefined) {
    console.warning(`Stopped deleting early because ${stopped}; the rest were not attempted.`)
  }
}

/** Says so up front when the deletions need more requests than the run's rate share has left. */
function announceRateShare(context: OperationContext<unknown>, deletions: number): void {
  const { budget, console } = context
  const left = Math.max(0, budget.limit - budget.used())
  if (deletions <= left) return
  const windows = Math.ceil((deletions - left) / budget.limit)
  console.info(
    `${deletions} deletions need more requests than the ${left} left of this run's share of the API rate limit (${budget.limit} per ${formatDuration(budget.windowMs)}), so they slow down to stay within it and take about ${formatDuration(windows * budget.windowMs)}. Lower ${input('max-deletions')} to finish sooner.`
  )
}

function isAliasRefusal(error: unknown): boolean {
  return (
    error instanceof CloudflareApiError &&
    error.errors.some((e) => e.code === ErrorCode.aliasedDeploymentNeedsForce)
  )
}

/** Failures that every further delete would hit too. */
function stopsEverything(error: CloudflareApiError): boolean {
  return (
    error.kind === 'rate-limited' ||
    error.status === 401 ||
    error.status === 403 ||
    error.code === ErrorCode.authentication
  )
}

function entry(deployment: Deployment, why: string): CleanupEntry {
  return {
    id: deployment.id,
    environment: deployment.environment,
    branch: branchOf(deployment),
    createdOn: deployment.created_on,
    why
  }
}

function keptEntry(deployment: Deployment, reason: KeepReason, why: string): KeptEntry {
  return { ...entry(deployment, why), reason }
}

function describe(deployment: Deployment, now: number): string {
  const age = formatAge(Math.max(0, now - Date.parse(deployment.created_on)))
  return `${deployment.id} (${deployment.environment}, branch ${branchOf(deployment)}, ${age} old)`
}

function printKept(console: Console, record: CleanupRecord): void {
  if (record.kept.length === 0) return
  console.startGroup(`Kept ${record.kept.length} deployments`)
  for (const kept of record.kept) {
    console.info(`Kept ${kept.id} (${kept.environment}, branch ${kept.branch}): ${kept.why}`)
  }
  console.endGroup()
}

/** ` (3 within keep-latest, 1 live production deployment)`, or nothing. */
export function reasonCounts(kept: KeptEntry[]): string {
  if (kept.length === 0) return ''
  const counts = new Map<KeepReason, number>()
  for (const k of kept) counts.set(k.reason, (counts.get(k.reason) ?? 0) + 1)
  const parts = [...counts].map(([reason, n]) => `${n} ${KEEP_REASON_TEXT[reason]}`)
  return ` (${parts.join('; ')})`
}
