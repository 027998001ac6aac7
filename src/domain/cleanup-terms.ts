/**
 * The words of a cleanup that the settings and the summary need without the policy itself:
 * the environments it may look at and why a deployment was kept. Apart from cleanup-policy.ts
 * so that a run that cleans nothing does not load the policy.
 */
import { input } from '../util/input-names.js'

/** Which environments a cleanup looks at. */
export const CLEANUP_ENVIRONMENTS = ['preview', 'production', 'all'] as const
export type CleanupEnvironment = (typeof CLEANUP_ENVIRONMENTS)[number]

/** Why a deployment was kept; in the order the checks are made. */
export type KeepReason =
  | 'live-production'
  | 'outside-environment'
  | 'outside-branch'
  | 'newest-of-branch'
  | 'branch-alias'
  | 'in-progress'
  | 'within-keep-latest'
  | 'newer-than-older-than'
  | 'max-deletions'
  /** Set by the operation, not the policy: Cloudflare refused to delete an aliased deployment. */
  | 'aliased'
  /** Set by the operation: the delete request failed. */
  | 'delete-failed'
  /** Set by the operation: deleting stopped before reaching it (rate limit, authentication). */
  | 'not-attempted'

/**
 * Plain words for each reason, as the log and the summary print them; those that name an input
 * are read when printed, in the words of the entry point (`keep-latest`, `--keep-latest`).
 */
export const KEEP_REASON_TEXT: Readonly<Record<KeepReason, string>> = {
  'live-production': 'live production deployment',
  'outside-environment': 'outside the environment filter',
  'outside-branch': 'outside the branch filter',
  'newest-of-branch': 'newest deployment of its branch',
  'branch-alias': 'newest successful preview of its branch (serves the branch alias)',
  'in-progress': 'still building',
  get 'within-keep-latest'() {
    return `within ${input('keep-latest')}`
  },
  get 'newer-than-older-than'() {
    return `newer than ${input('older-than')}`
  },
  get 'max-deletions'() {
    return `${input('max-deletions')} reached`
  },
  get aliased() {
    return `aliased; Cloudflare deletes it only with ${input('force', 'true')}`
  },
  'delete-failed': 'delete failed',
  'not-attempted': 'not attempted'
}
