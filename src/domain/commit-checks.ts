/**
 * `wait-for-checks`: before production, every other check of the commit must be green, as
 * GitHub shows them on the commit: check runs (GitHub Actions jobs, apps) and commit statuses
 * (the older API, still used by many CI services).
 */
import type { CheckRunInfo, CommitStatusInfo, GitHubApi } from '../github/api.js'
import { CanceledError } from '../util/canceled.js'
import type { Clock } from '../util/clock.js'
import { formatDuration } from '../util/duration.js'
import { pollUntil } from '../util/poll.js'
import { input } from '../util/input-names.js'

export type CheckState = 'success' | 'failure' | 'pending'

/** One check of the commit as the verdict counts it. */
export interface CheckEntry {
  /** The check run's name or the status's context. */
  name: string
  kind: 'check run' | 'commit status'
  state: CheckState
  /** GitHub's own word: a conclusion (`timed_out`), a status (`queued`) or a state. */
  detail: string
  url: string | undefined
}

/** The checks of a commit: green when every one succeeded, red when any failed. */
export interface ChecksVerdict {
  state: CheckState
  checks: CheckEntry[]
  /** Left out as this run's own: its workflow run's jobs, its commit status. */
  excluded: number
}

/** What is this run's own, and so never waited for. */
export interface OwnChecks {
  /** This workflow run's page (`…/actions/runs/<id>`): its jobs include the one running now. */
  runUrl: string | undefined
  /** The commit status pages-pilot writes (`pages-pilot/<project>`). */
  statusContext: string
}

/** Conclusions that let a commit through, as GitHub's required checks count them. */
const PASSING = new Set(['success', 'neutral', 'skipped'])

/** Judges the checks of a commit; a pure function of what GitHub answered. */
export function judgeChecks(
  runs: readonly CheckRunInfo[],
  statuses: readonly CommitStatusInfo[],
  own: OwnChecks
): ChecksVerdict {
  const checks: CheckEntry[] = []
  let excluded = 0
  const ownRun = own.runUrl ? `${own.runUrl.replace(/\/+$/, '')}/` : undefined
  // GitHub lists a re-run's check runs beside the earlier ones: the newest of a name counts.
  const newest = new Map<string, CheckRunInfo>()
  for (const run of runs) {
    if (ownRun && [run.detailsUrl, run.htmlUrl].some((url) => url?.startsWith(ownRun))) {
      excluded++
      continue
    }
    const seen = newest.get(run.name)
    if (!seen || run.id > seen.id) newest.set(run.name, run)
  }
  for (const run of newest.values()) {
    const state: CheckState =
      run.status !== 'completed'
        ? 'pending'
        : PASSING.has(run.conclusion ?? '')
          ? 'success'
          : 'failure'
    checks.push({
      name: run.name,
      kind: 'check run',
      state,
      detail: run.status === 'completed' ? (run.conclusion ?? 'completed') : run.status,
      url: run.htmlUrl ?? run.detailsUrl
    })
  }
  for (const status of statuses) {
    if (status.context === own.statusContext) {
      excluded++
      continue
    }
    const state: CheckState =
      status.state === 'success' ? 'success' : status.state === 'pending' ? 'pending' : 'failure'
    checks.push({
      name: status.context,
      kind: 'commit status',
      state,
      detail: status.state,
      url: status.targetUrl
    })
  }
  const state: CheckState = checks.some((c) => c.state === 'failure')
    ? 'failure'
    : checks.some((c) => c.state === 'pending')
      ? 'pending'
      : 'success'
  return { state, checks, excluded }
}

export interface WaitForChecksOptions {
  sha: string
  own: OwnChecks
  timeoutMs: number
  pollIntervalMs: number
  clock: Clock
  signal: AbortSignal | undefined
  log: (line: string) => void
  /** Told each verdict, so the report shows the last one even when the wait fails. */
  onVerdict: (verdict: ChecksVerdict) => void
}

/** Why waiting for the checks failed: a red check, or the time ran out. */
export class ChecksNotGreen extends Error {
  constructor(
    message: string,
    readonly verdict: ChecksVerdict
  ) {
    super(message)
  }
}

/**
 * Reads the commit's checks until all are green; throws {@link ChecksNotGreen} naming the
 * red ones as soon as one fails, or the pending ones when `timeoutMs` passes.
 */
export async function waitForChecks(
  api: GitHubApi,
  options: WaitForChecksOptions
): Promise<ChecksVerdict> {
  let last: ChecksVerdict | undefined
  let said = ''
  return pollUntil<ChecksVerdict>(
    {
      clock: options.clock,
      signal: options.signal,
      timeoutMs: options.timeoutMs,
      intervalMs: Math.max(options.pollIntervalMs, 1_000)
    },
    async () => {
      const [runs, statuses] = await Promise.all([
        api.listCheckRuns(options.sha),
        api.listCommitStatuses(options.sha)
      ])
      if (options.signal?.aborted) throw new CanceledError()
      const verdict = judgeChecks(runs, statuses, options.own)
      last = verdict
      options.onVerdict(verdict)
      if (verdict.state === 'failure') {
        const red = verdict.checks.filter((c) => c.state === 'failure')
        throw new ChecksNotGreen(
          `${red.length === 1 ? 'a check' : `${red.length} checks`} of commit ${options.sha.slice(0, 12)} failed: ${names(red)}.`,
          verdict
        )
      }
      const pending = verdict.checks.filter((c) => c.state === 'pending')
      if (verdict.state === 'success') {
        options.log(
          verdict.checks.length === 0
            ? `No other check or commit status on commit ${options.sha.slice(0, 12)}.`
            : `All ${verdict.checks.length} other checks of commit ${options.sha.slice(0, 12)} are green.`
        )
        return { value: verdict }
      }
      const now = names(pending)
      if (now !== said)
        options.log(
          `Waiting for ${pending.length} check(s) of commit ${options.sha.slice(0, 12)}: ${now}.`
        )
      const changed = now !== said
      said = now
      return { changed }
    },
    () => {
      const verdict = last ?? { state: 'pending', checks: [], excluded: 0 }
      const pending = verdict.checks.filter((c) => c.state === 'pending')
      return new ChecksNotGreen(
        `the checks of commit ${options.sha.slice(0, 12)} were not all green within ${input('wait-timeout')} (${formatDuration(options.timeoutMs)}); still pending: ${names(pending)}.`,
        verdict
      )
    }
  )
}

function names(checks: readonly CheckEntry[]): string {
  return checks.map((c) => `${c.name} (${c.detail})`).join(', ')
}
