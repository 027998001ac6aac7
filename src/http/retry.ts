import type { Clock } from '../util/clock.js'

/** How many times and how patiently a request is retried. */
export interface RetryPolicy {
  /** Total attempts, the first included. */
  attempts: number
  /** Delay before the first retry; doubles each time, with jitter. */
  baseDelayMs: number
  /** Longest delay between two attempts, `Retry-After` included. */
  maxDelayMs: number
  /**
   * Total time to spend waiting out HTTP 429 answers. A rate limit heals by waiting, so 429s
   * are retried for as long as this budget lasts rather than a fixed number of attempts.
   */
  rateLimitBudgetMs: number
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  attempts: 5,
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
  rateLimitBudgetMs: 120_000
}

/**
 * Delay before retry number `retry` (1-based): exponential with "equal jitter", so that
 * parallel jobs sharing a token do not retry in lockstep but never retry instantly either.
 */
export function backoffDelay(
  policy: RetryPolicy,
  retry: number,
  random: () => number = Math.random
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1))
  return Math.round(ceiling / 2 + random() * (ceiling / 2))
}

/** Parses a `Retry-After` header (seconds or an HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined
  const trimmed = value.trim()
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000)
  const date = Date.parse(trimmed)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

/** Sleeps unless the deadline would pass first; returns whether it slept. */
export async function sleepWithin(
  clock: Clock,
  ms: number,
  deadline: number,
  signal?: AbortSignal
): Promise<boolean> {
  if (clock.now() + ms > deadline) return false
  await clock.sleep(ms, signal)
  return !signal?.aborted
}

/**
 * The retry bookkeeping of one request: failures count against `attempts`, rate-limit waits
 * against `rateLimitBudgetMs`, each with its own exponential backoff.
 */
export class RetryTracker {
  private failures = 0
  private limits = 0
  private limitedMs = 0

  constructor(
    private readonly policy: RetryPolicy,
    private readonly attempts = policy.attempts
  ) {}

  /** Records a failed attempt; returns the wait before the next one and whether one is allowed. */
  failed(
    rateLimited: boolean,
    retryAfterMs: number | undefined
  ): { waitMs: number; allowed: boolean } {
    if (rateLimited) this.limits++
    else this.failures++
    const waitMs = Math.max(
      retryAfterMs ?? 0,
      backoffDelay(this.policy, rateLimited ? this.limits : this.failures)
    )
    if (rateLimited) this.limitedMs += waitMs
    const allowed = rateLimited
      ? this.limitedMs <= this.policy.rateLimitBudgetMs
      : this.failures < this.attempts
    return { waitMs, allowed }
  }
}
