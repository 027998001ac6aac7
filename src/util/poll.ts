/**
 * Polling: the one loop behind waiting for a deployment and waiting for one to appear.
 * Adaptive: fast at first, slower while nothing changes, fast again after a change. A 20-minute
 * build polled every 2 s would spend 600 of the account's 1,200 requests per 5 minutes; this
 * schedule spends a few per minute once a stage settles in.
 */
import { CanceledError } from './canceled.js'
import type { Clock } from './clock.js'

export class PollSchedule {
  private interval: number
  private readonly ceiling: number

  constructor(private readonly start: number) {
    this.interval = start
    // Never slower than 20 s (a finished build is noticed quickly), never faster than asked.
    this.ceiling = Math.max(start, Math.min(20_000, start * 10))
  }

  /** The delay before the next poll; grows by half after each poll that saw no change. */
  next(changed: boolean): number {
    this.interval = changed ? this.start : Math.min(this.ceiling, Math.round(this.interval * 1.5))
    return this.interval
  }
}

/** What one look found: the awaited value, or whether anything changed since the last look. */
export type Look<T> = { value: T } | { changed: boolean }

export interface PollOptions {
  clock: Clock
  signal: AbortSignal | undefined
  timeoutMs: number
  /** First interval of the {@link PollSchedule}. */
  intervalMs: number
  /** Delay before the second look, when it should differ from `intervalMs`. */
  firstDelayMs?: number | undefined
  /** Shortens or stretches each planned delay, given the time now. */
  adjust?: (delayMs: number, now: number) => number
  /** The least delay allowed now (the rate budget's floor). */
  floorMs?: () => number
}

/**
 * Looks (the first time at once) until a look returns a value, sleeping between looks on the
 * adaptive schedule. Never hangs: by the deadline it throws `timedOut()`; on cancel, a
 * {@link CanceledError}.
 */
export async function pollUntil<T>(
  options: PollOptions,
  look: (first: boolean) => Promise<Look<T>>,
  timedOut: () => Error
): Promise<T> {
  const { clock, signal } = options
  const deadline = clock.now() + options.timeoutMs
  const schedule = new PollSchedule(options.intervalMs)
  for (let first = true; ; first = false) {
    const seen = await look(first)
    if ('value' in seen) return seen.value
    const now = clock.now()
    if (now >= deadline) throw timedOut()
    const planned =
      first && options.firstDelayMs !== undefined
        ? Math.min(options.firstDelayMs, options.intervalMs)
        : schedule.next(seen.changed)
    const pause = Math.max(options.adjust?.(planned, now) ?? planned, options.floorMs?.() ?? 0)
    await clock.sleep(Math.min(pause, deadline - now), signal)
    if (signal?.aborted) throw new CanceledError()
  }
}
