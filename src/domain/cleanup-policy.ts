import type { Deployment, Environment } from '../cloudflare/types.js'
import { finalOutcome } from './deployment.js'
import { formatDuration } from '../util/duration.js'
import { input } from '../util/input-names.js'
import {
  CLEANUP_ENVIRONMENTS,
  KEEP_REASON_TEXT,
  type CleanupEnvironment,
  type KeepReason
} from './cleanup-terms.js'

export { CLEANUP_ENVIRONMENTS, KEEP_REASON_TEXT, type CleanupEnvironment, type KeepReason }

/** What a cleanup may delete. Pure data: the operation turns inputs into it. */
export interface CleanupPolicy {
  /** The newest this many deployments of each environment (among those selected) are kept. */
  keepLatest: number
  /** Only deployments created longer ago than this are deleted; `undefined`: any age. */
  olderThanMs: number | undefined
  environment: CleanupEnvironment
  /** Only this branch's deployments are looked at; `undefined`: every branch. */
  branch: string | undefined
  /** At most this many deletions per run; the oldest candidates go first. */
  maxDeletions: number
  /**
   * teardown-preview: the branch is going away, so its newest deployment (the one behind its
   * alias) is deleted too. Off for cleanup, which never deletes the newest of a branch.
   */
  deleteBranchHead: boolean
}

/** The fate of one deployment. */
export type CleanupDecision =
  | { deployment: Deployment; action: 'delete'; why: string }
  | { deployment: Deployment; action: 'keep'; reason: KeepReason; why: string }

/** Facts about the project at decision time. */
export interface CleanupFacts {
  /** The deployment production serves (`canonical_deployment`); never deleted. */
  liveProductionId: string | undefined
  now: number
}

/**
 * Decides, for every deployment, whether the policy deletes it or why it keeps it. The
 * deployments may come in any order and with duplicates (pages shift while listing); each id
 * gets exactly one decision, newest first.
 */
export function decideCleanup(
  deployments: Deployment[],
  facts: CleanupFacts,
  policy: CleanupPolicy
): CleanupDecision[] {
  const unique = [...new Map(deployments.map((d) => [d.id, d])).values()]
  const newestFirst = unique
    .map((d, index) => ({ d, index, created: Date.parse(d.created_on) || 0 }))
    .sort((a, b) => b.created - a.created || a.index - b.index)
    .map((entry) => entry.d)

  // The newest deployment of each branch backs its alias (or will, once it builds).
  const newestOfBranch = new Map<string, string>()
  // Cloudflare points a preview alias at the newest deployment that succeeded.
  const aliasOfBranch = new Map<string, string>()
  for (const d of newestFirst) {
    const branch = branchOf(d)
    if (!newestOfBranch.has(branch)) newestOfBranch.set(branch, d.id)
    if (
      d.environment === 'preview' &&
      !aliasOfBranch.has(branch) &&
      finalOutcome(d) === 'success'
    ) {
      aliasOfBranch.set(branch, d.id)
    }
  }

  const rank: Record<Environment, number> = { production: 0, preview: 0 }
  const decided = new Map<string, CleanupDecision>()
  const candidates: Array<{ deployment: Deployment; why: string }> = []
  const keep = (d: Deployment, reason: KeepReason, why = KEEP_REASON_TEXT[reason]): void => {
    decided.set(d.id, { deployment: d, action: 'keep', reason, why })
  }

  for (const d of newestFirst) {
    const branch = branchOf(d)
    const inEnvironment = policy.environment === 'all' || d.environment === policy.environment
    const inBranch = policy.branch === undefined || branch === policy.branch
    if (d.id === facts.liveProductionId) {
      if (inEnvironment && inBranch) rank[d.environment] += 1
      keep(d, 'live-production')
      continue
    }
    if (!inEnvironment) {
      keep(d, 'outside-environment', `${d.environment}, outside environment ${policy.environment}`)
      continue
    }
    if (!inBranch) {
      keep(d, 'outside-branch', `branch ${branch}, outside branch ${policy.branch ?? ''}`)
      continue
    }
    const position = (rank[d.environment] += 1)
    if (!policy.deleteBranchHead && newestOfBranch.get(branch) === d.id) {
      keep(d, 'newest-of-branch')
    } else if (!policy.deleteBranchHead && aliasOfBranch.get(branch) === d.id) {
      keep(d, 'branch-alias')
    } else if (finalOutcome(d) === undefined) {
      keep(d, 'in-progress')
    } else if (position <= policy.keepLatest) {
      keep(
        d,
        'within-keep-latest',
        `within ${input('keep-latest')} (${ordinal(position)} newest ${d.environment} of ${policy.keepLatest})`
      )
    } else if (
      policy.olderThanMs !== undefined &&
      facts.now - Date.parse(d.created_on) < policy.olderThanMs
    ) {
      keep(
        d,
        'newer-than-older-than',
        `newer than ${input('older-than')} (${formatAge(facts.now - Date.parse(d.created_on))} old)`
      )
    } else {
      const reasons = [
        policy.deleteBranchHead
          ? `preview of closed branch ${branch}`
          : `beyond ${input('keep-latest')} (${ordinal(position)} newest ${d.environment})`
      ]
      if (policy.olderThanMs !== undefined)
        reasons.push(`older than ${formatAge(policy.olderThanMs)}`)
      candidates.push({ deployment: d, why: reasons.join(', ') })
    }
  }

  // The oldest go first, so that a capped run still removes the stalest deployments.
  const oldestFirst = [...candidates].reverse()
  oldestFirst.forEach(({ deployment, why }, index) => {
    if (index < policy.maxDeletions) {
      decided.set(deployment.id, { deployment, action: 'delete', why })
    } else {
      keep(
        deployment,
        'max-deletions',
        `${input('max-deletions')} (${policy.maxDeletions}) reached`
      )
    }
  })
  return newestFirst.map((d) => decided.get(d.id) as CleanupDecision)
}

/** The branch a deployment was built from. */
export function branchOf(deployment: Deployment): string {
  return deployment.deployment_trigger?.metadata?.branch ?? ''
}

const DAY_MS = 86_400_000

/** Ages the way cleanup policies are written: `7d`, `2d 05h`, else like {@link formatDuration}. */
export function formatAge(ms: number): string {
  if (ms < DAY_MS) return formatDuration(ms)
  const hours = Math.round(ms / 3_600_000)
  const days = Math.floor(hours / 24)
  const rest = hours % 24
  return rest === 0 ? `${days}d` : `${days}d ${String(rest).padStart(2, '0')}h`
}

function ordinal(n: number): string {
  const tens = n % 100
  if (tens >= 11 && tens <= 13) return `${n}th`
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`
}
