/**
 * The one retry loop, for every request that retries: the Cloudflare API, the asset uploads,
 * deploy hooks and the health check. What differs between them is data: a {@link RetryPolicy},
 * and what each attempt says about itself ({@link Attempt}).
 */
import { CanceledError } from '../util/canceled.js'
import type { Clock } from '../util/clock.js'

/** How many times and how patiently a request is retried. */
export interface RetryPolicy {
  /** Total attempts, the first included; failures beyond it give up. */
  attempts: number
  /** Delay before the first retry; doubles each time up to `maxDelayMs`. */
  baseDelayMs: number
  /** Longest delay between two attempts; a longer `Retry-After` gives up instead. */
  maxDelayMs: number
  /**
   * Total time to spend waiting out HTTP 429 answers. A rate limit heals by waiting, so 429s
   * are retried for as long as this budget lasts rather than a fixed number of attempts.
   */
  rateLimitBudgetMs: number
  /**
   * "Equal jitter" (half the delay random), so that parallel jobs sharing a token do not retry
   * in lockstep; off where only this run is waiting, as for the health check.
   */
  jitter: boolean
}

/** API requests: 5 attempts, 1 s doubling to a minute, two minutes of rate-limit waits. */
export const API_RETRY_POLICY: RetryPolicy = {
  attempts: 5,
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
  rateLimitBudgetMs: 120_000,
  jitter: true
}

/** Asset uploads, as wrangler paces them: 5 attempts, 1 s doubling to 16 s. */
export const UPLOAD_RETRY_POLICY: RetryPolicy = { ...API_RETRY_POLICY, maxDelayMs: 16_000 }

/**
 * The health check: a new deployment can answer 404 or 5xx for a few seconds while it
 * propagates, so it is asked again, 1 s doubling to 10 s, until its window closes.
 */
export const HEALTH_CHECK_RETRY_POLICY: RetryPolicy = {
  attempts: Number.POSITIVE_INFINITY,
  baseDelayMs: 1_000,
  maxDelayMs: 10_000,
  rateLimitBudgetMs: 0,
  jitter: false
}

/** What one attempt came to. */
export type Attempt<T> =
  | { kind: 'done'; value: T }
  /** Retrying cannot help (or must not happen): `error` is thrown as it is. */
  | { kind: 'fail'; error: Error }
  /** Worth another attempt, if the policy allows; otherwise `giveUp` makes the error thrown. */
  | RetryableAttempt
  /** Try again at once without counting a failure (a credential was renewed, say). */
  | { kind: 'again' }

export interface RetryableAttempt {
  kind: 'retry'
  /** HTTP 429: counted against the rate-limit budget, not the attempts. */
  rateLimited: boolean
  /** The server's `Retry-After`, when it gave one. */
  retryAfterMs: number | undefined
  /** Waited on top of the backoff (wrangler's extra pause after a gateway timeout). */
  extraDelayMs?: number
  /**
   * Whether this failure uses up one of the policy's attempts; default true. Gateway timeouts
   * of an upload are waited out several times before they count, as wrangler does.
   */
  counted?: boolean
  giveUp: (why: GiveUp) => Error
}

/** Why the loop stopped retrying. */
export interface GiveUp {
  /** Attempts made, the last included. */
  attempts: number
  /** The wait the next attempt would have needed. */
  waitMs: number
  /**
   * `attempts` or the rate-limit budget ran out; `too-long`: the server asked to wait longer
   * than `maxDelayMs`; `deadline`: the wait would pass the caller's deadline.
   */
  reason: 'exhausted' | 'too-long' | 'deadline'
}

export interface RetryOptions {
  policy: RetryPolicy
  clock: Clock
  signal?: AbortSignal | undefined
  /** Gives up rather than sleep past this instant (ms since the epoch). */
  deadline?: number
  random?: () => number
  /** Told before each wait, so the caller can say what it is waiting for. */
  onWait?: (waitMs: number) => void
}

/**
 * Runs `attempt` until it is done, fails for good, or the policy gives up. Attempts are numbered
 * from 1; one that asked to go `again` is not counted. Waits go through the injected clock and
 * end early, with a {@link CanceledError}, on `signal`.
 */
export async function withRetries<T>(
  options: RetryOptions,
  attempt: (number: number) => Promise<Attempt<T>>
): Promise<T> {
  const { policy, clock, signal } = options
  let failures = 0
  let limits = 0
  let limitedMs = 0
  let number = 1
  for (;;) {
    if (signal?.aborted) throw new CanceledError()
    const outcome = await attempt(number)
    if (outcome.kind === 'done') return outcome.value
    if (outcome.kind === 'fail') throw outcome.error
    if (outcome.kind === 'again') continue
    number++
    const rateLimited = outcome.rateLimited
    const counted = outcome.counted ?? true
    if (rateLimited) limits++
    else if (counted) failures++
    const retry = rateLimited ? limits : counted ? failures : failures + 1
    const backoff = backoffDelay(policy, retry, options.random)
    const waitMs = Math.max(outcome.retryAfterMs ?? 0, backoff) + (outcome.extraDelayMs ?? 0)
    if (rateLimited) limitedMs += waitMs
    const exhausted = rateLimited
      ? limitedMs > policy.rateLimitBudgetMs
      : failures >= policy.attempts
    const attempts = number - 1
    // A server asking for a longer wait than the policy allows says more than a spent budget.
    if (waitMs > policy.maxDelayMs + (outcome.extraDelayMs ?? 0)) {
      throw outcome.giveUp({ attempts, waitMs, reason: 'too-long' })
    }
    if (exhausted) throw outcome.giveUp({ attempts, waitMs, reason: 'exhausted' })
    if (options.deadline !== undefined && clock.now() + waitMs > options.deadline) {
      throw outcome.giveUp({ attempts, waitMs, reason: 'deadline' })
    }
    options.onWait?.(waitMs)
    await clock.sleep(waitMs, signal)
  }
}

/**
 * Delay before retry number `retry` (1-based): exponential, capped at `maxDelayMs`, with equal
 * jitter when the policy asks for it (never instant, never in lockstep).
 */
export function backoffDelay(
  policy: RetryPolicy,
  retry: number,
  random: () => number = Math.random
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1))
  return policy.jitter ? Math.round(ceiling / 2 + random() * (ceiling / 2)) : ceiling
}

/** Parses a `Retry-After` header (seconds or an HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined
  const trimmed = value.trim()
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000)
  const date = Date.parse(trimmed)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}
