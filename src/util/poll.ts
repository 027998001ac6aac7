/**
 * Adaptive polling: fast at first, slower while nothing changes, fast again after a change.
 * A 20-minute build polled every 2 s would spend 600 of the account's 1,200 requests per
 * 5 minutes; this schedule spends a few per minute once a stage settles in.
 */
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
