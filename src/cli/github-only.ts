/**
 * The inputs that work only in a GitHub Actions run: they talk to GitHub with the run's event
 * and token, which no other CI (and no laptop) has.
 */

/** Refused outside GitHub Actions when on: silently skipping them would hide a missing report. */
export const GITHUB_FEATURES = [
  'github-deployment',
  'comment-on-pr',
  'commit-status',
  'wait-for-checks'
] as const

/** Every GitHub-only input: the features, and the inputs that only tune them. */
export const GITHUB_ONLY: ReadonlySet<string> = new Set([
  ...GITHUB_FEATURES,
  'github-token',
  'github-environment',
  'pull-request-number'
])
