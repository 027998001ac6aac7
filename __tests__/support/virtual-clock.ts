/**
 * Time for in-process tests: a clock whose sleeps cost nothing. When anything sleeps, time
 * jumps to the earliest wake-up as soon as the event loop has served what was already due, so
 * backoff, Retry-After and poll intervals pass at once while the order of events is kept. The
 * emulator shares the clock, so its builds progress exactly as far as the action waited.
 */
import type { Clock } from '../../src/util/clock.js'

interface Sleeper {
  at: number
  order: number
  wake: () => void
}

export class VirtualClock implements Clock {
  private current: number
  private readonly sleepers: Sleeper[] = []
  private order = 0
  private pumping = false

  constructor(start = Date.parse('2026-06-01T09:00:00Z')) {
    this.current = start
  }

  now(): number {
    return this.current
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve()
      const sleeper: Sleeper = {
        at: this.current + Math.max(0, ms),
        order: this.order++,
        wake: () => {
          signal?.removeEventListener('abort', cancel)
          resolve()
        }
      }
      const cancel = (): void => {
        const index = this.sleepers.indexOf(sleeper)
        if (index >= 0) this.sleepers.splice(index, 1)
        resolve()
      }
      signal?.addEventListener('abort', cancel, { once: true })
      this.sleepers.push(sleeper)
      this.pump()
    })
  }

  /** Calls `action` once time reaches `at` (ms since the epoch): a scripted event. */
  at(at: number, action: () => void): void {
    void this.sleep(Math.max(0, at - this.current)).then(action)
  }

  /** Moves time forward by `ms` without anyone sleeping (a test that lets time pass). */
  advance(ms: number): void {
    this.current += ms
  }

  /** Wakes sleepers one at a time, earliest first, each after pending I/O callbacks ran. */
  private pump(): void {
    if (this.pumping) return
    this.pumping = true
    setImmediate(() => {
      this.pumping = false
      this.sleepers.sort((a, b) => a.at - b.at || a.order - b.order)
      const next = this.sleepers.shift()
      if (!next) return
      this.current = Math.max(this.current, next.at)
      next.wake()
      if (this.sleepers.length > 0) this.pump()
    })
  }
}
