import { describe, expect, it } from '@jest/globals'
import type { Clock } from '../src/util/clock.js'
import { RateBudget } from '../src/http/rate-budget.js'

/** A clock whose sleeps advance time at once, so tests never wait. */
function fakeClock(): Clock & { slept: number[] } {
  let now = 1_000_000
  const slept: number[] = []
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms)
      now += ms
    }
  }
}

describe('rate budget: this job’s share of the account limit', () => {
  it('sends at once while the share lasts', async () => {
    const clock = fakeClock()
    const budget = new RateBudget(10, 60_000, clock)
    for (let i = 0; i < 10; i++) await budget.acquire()
    expect(clock.slept).toEqual([])
    expect(budget.used()).toBe(10)
  })

  it('holds a request past the share until the oldest one leaves the window', async () => {
    const clock = fakeClock()
    const budget = new RateBudget(3, 60_000, clock)
    const start = clock.now()
    for (let i = 0; i < 4; i++) await budget.acquire()
    expect(clock.now() - start).toBe(60_000)
    expect(budget.total).toBe(4)
    // Never more than the share in any window.
    expect(budget.used()).toBeLessThanOrEqual(3)
  })

  it('spreads polling evenly once half the share is used', async () => {
    const clock = fakeClock()
    const budget = new RateBudget(100, 300_000, clock)
    for (let i = 0; i < 49; i++) await budget.acquire()
    expect(budget.pollFloorMs()).toBe(0)
    await budget.acquire()
    expect(budget.pollFloorMs()).toBe(6_000) // 50 left over 5 minutes
    for (let i = 0; i < 40; i++) await budget.acquire()
    expect(budget.pollFloorMs()).toBe(30_000) // 10 left
  })

  it('stops waiting when the run is cancelled', async () => {
    const clock = fakeClock()
    const budget = new RateBudget(1, 60_000, clock)
    await budget.acquire()
    const controller = new AbortController()
    controller.abort()
    await expect(budget.acquire(controller.signal)).rejects.toThrow('cancelled')
  })
})
