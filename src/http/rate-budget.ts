import type { Clock } from '../util/clock.js'
import { CanceledError } from '../util/canceled.js'

/**
 * This job's share of the account's API rate limit (Cloudflare allows 1,200 requests per
 * 5 minutes per token, shared by every job and the dashboard). The client spends requests
 * from it: past half the share, polling spreads out evenly over the window; at the share,
 * a request waits for the oldest one to leave the window rather than risk a 429 that would
 * stall every job using the token.
 */
export class RateBudget {
  private readonly sent: number[] = []

  constructor(
    /** Requests allowed per window. */
    readonly limit: number,
    readonly windowMs: number,
    private readonly clock: Clock
  ) {}

  /** Requests sent within the current window. */
  used(): number {
    this.forgetOld()
    return this.sent.length
  }

  /** Total requests sent by this run. */
  total = 0

  /**
   * Waits until a request may be sent without exceeding the share, then counts it.
   * Resolves at once while the share is not used up.
   */
  async acquire(signal?: AbortSignal): Promise<void> {
    for (;;) {
      this.forgetOld()
      if (this.sent.length < this.limit) break
      const oldest = this.sent[0] ?? this.clock.now()
      await this.clock.sleep(Math.max(1, oldest + this.windowMs - this.clock.now()), signal)
      if (signal?.aborted) throw new CanceledError()
    }
    this.sent.push(this.clock.now())
    this.total++
  }

  /**
   * The shortest polling interval that keeps this run within its share: once half the share
   * is used, the rest is spread evenly over the window instead of spent in a burst.
   */
  pollFloorMs(): number {
    const used = this.used()
    if (used < this.limit / 2) return 0
    const left = Math.max(1, this.limit - used)
    return Math.ceil(this.windowMs / left)
  }

  private forgetOld(): void {
    const horizon = this.clock.now() - this.windowMs
    while (this.sent.length > 0 && (this.sent[0] ?? 0) <= horizon) this.sent.shift()
  }
}
