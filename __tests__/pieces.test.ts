import { describe, expect, it } from '@jest/globals'
import { formatDuration, parseDuration } from '../src/util/duration.js'
import { formatMebibytes } from '../src/util/size.js'
import { PollSchedule } from '../src/util/poll.js'
import {
  API_RETRY_POLICY,
  backoffDelay,
  parseRetryAfter,
  withRetries,
  type Attempt
} from '../src/http/retry.js'
import type { Clock } from '../src/util/clock.js'
import { healthCheckUrl } from '../src/domain/health-check.js'

describe('durations', () => {
  it('reads what people write and refuses the rest', () => {
    expect(parseDuration('1500ms')).toBe(1500)
    expect(parseDuration('2h')).toBe(7_200_000)
    expect(parseDuration(' 7d ')).toBe(7 * 86_400_000)
    expect(parseDuration('0.5')).toBe(500)
    for (const bad of ['', 'm', '10 minutes', '-5s', '5x', '1e3'])
      expect(parseDuration(bad)).toBeUndefined()
  })

  it('prints durations the way a person reads them', () => {
    expect(formatDuration(850)).toBe('850ms')
    expect(formatDuration(42_000)).toBe('42s')
    expect(formatDuration(185_000)).toBe('3m 05s')
    expect(formatDuration(3_720_000)).toBe('1h 02m')
  })
})

describe('sizes', () => {
  const MiB = 1024 * 1024
  it('show the bytes beside a limit where one decimal would hide them', () => {
    expect(formatMebibytes(25 * MiB)).toBe('25 MiB')
    expect(formatMebibytes(61.2 * MiB, 25 * MiB)).toBe('61.2 MiB')
    expect(formatMebibytes(25 * MiB + 1, 25 * MiB)).toBe('25 MiB + 1 byte')
    expect(formatMebibytes(25 * MiB + 40_000, 25 * MiB)).toBe('25 MiB + 40,000 bytes')
    expect(formatMebibytes(10 * MiB - 3_210, 10 * MiB)).toBe('10 MiB - 3,210 bytes')
    expect(formatMebibytes(25.05 * MiB, 25 * MiB)).toBe('25.1 MiB')
    expect(formatMebibytes(25 * MiB, 25 * MiB)).toBe('25 MiB')
  })
})

describe('adaptive polling', () => {
  it('slows down while nothing changes, to at most 20s, and speeds up after a change', () => {
    const schedule = new PollSchedule(2_000)
    const quiet = Array.from({ length: 10 }, () => schedule.next(false))
    expect(quiet.slice(0, 4)).toEqual([3_000, 4_500, 6_750, 10_125])
    expect(Math.max(...quiet)).toBe(20_000)
    expect(schedule.next(true)).toBe(2_000)
  })

  it('spends far fewer requests on a 20 minute build than fixed 2s polling', () => {
    const schedule = new PollSchedule(2_000)
    let elapsed = 0
    let polls = 0
    while (elapsed < 20 * 60_000) {
      elapsed += schedule.next(false)
      polls++
    }
    expect(polls).toBeLessThan(70) // fixed 2s polling would send 600
  })

  it('never polls faster than asked', () => {
    const schedule = new PollSchedule(60_000)
    expect(schedule.next(false)).toBe(60_000)
  })
})

describe('retry timing', () => {
  const policy = API_RETRY_POLICY
  it('backs off exponentially with jitter between half and all of the step', () => {
    expect(backoffDelay(policy, 1, () => 0)).toBe(500)
    expect(backoffDelay(policy, 1, () => 1)).toBe(1_000)
    expect(backoffDelay(policy, 4, () => 1)).toBe(8_000)
    expect(backoffDelay(policy, 20, () => 1)).toBe(60_000)
  })

  it('honours Retry-After in seconds or as a date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z')
    expect(parseRetryAfter('3', now)).toBe(3_000)
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000)
    expect(parseRetryAfter('soon', now)).toBeUndefined()
    expect(parseRetryAfter(undefined, now)).toBeUndefined()
  })
})

describe('health check URL', () => {
  it('joins the deployment URL and the path whatever their slashes', () => {
    expect(healthCheckUrl('https://a1b2.site.pages.dev', '/healthz')).toBe(
      'https://a1b2.site.pages.dev/healthz'
    )
    expect(healthCheckUrl('https://a1b2.site.pages.dev/', 'healthz')).toBe(
      'https://a1b2.site.pages.dev/healthz'
    )
    expect(healthCheckUrl('http://127.0.0.1:9/__sites/a.site.pages.dev', '/')).toBe(
      'http://127.0.0.1:9/__sites/a.site.pages.dev/'
    )
  })
})

describe('the retry loop', () => {
  const policy = { ...API_RETRY_POLICY, attempts: 3, baseDelayMs: 100, rateLimitBudgetMs: 5_000 }
  /** A clock whose sleeps only add up. */
  function ledger(): Clock & { slept: number[] } {
    let now = 0
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
  const failing = (rateLimited: boolean, retryAfterMs?: number): Attempt<string> => ({
    kind: 'retry',
    rateLimited,
    retryAfterMs,
    giveUp: (why) => new Error(`gave up after ${why.attempts} (${why.reason})`)
  })

  it('allows `attempts` attempts in all: two retries for three attempts', async () => {
    const clock = ledger()
    let calls = 0
    await expect(
      withRetries({ policy, clock, random: () => 1 }, async () => {
        calls++
        return failing(false)
      })
    ).rejects.toThrow('gave up after 3 (exhausted)')
    expect(calls).toBe(3)
    expect(clock.slept).toEqual([100, 200])
  })

  it('waits out rate limits within their own budget, honouring Retry-After', async () => {
    const clock = ledger()
    const outcomes = [failing(true, 2_000), failing(true, 2_000), failing(false)]
    let calls = 0
    const result = await withRetries({ policy, clock, random: () => 1 }, async () => {
      calls++
      return outcomes.shift() ?? { kind: 'done', value: 'ok' }
    })
    // Rate limits did not use up the attempts for other failures.
    expect(result).toBe('ok')
    expect(calls).toBe(4)
    expect(clock.slept).toEqual([2_000, 2_000, 100])
    await expect(withRetries({ policy, clock }, async () => failing(true, 2_000))).rejects.toThrow(
      '(exhausted)'
    ) // the third 2 s wait passes the 5 s budget
  })

  it('gives up at once when the server asks to wait longer than the policy allows', async () => {
    const clock = ledger()
    await expect(withRetries({ policy, clock }, async () => failing(true, 61_000))).rejects.toThrow(
      'gave up after 1 (too-long)'
    )
    expect(clock.slept).toEqual([])
  })

  it('never sleeps past a deadline, and retries without counting an attempt that goes again', async () => {
    const clock = ledger()
    const outcomes: Array<Attempt<string>> = [{ kind: 'again' }, failing(false), failing(false)]
    await expect(
      withRetries({ policy, clock, deadline: 150, random: () => 1 }, async (n) => {
        const next = outcomes.shift()
        if (!next) throw new Error(`unexpected attempt ${n}`)
        return next
      })
    ).rejects.toThrow('gave up after 2 (deadline)')
    expect(clock.slept).toEqual([100])
  })
})
