/**
 * Ten matrix jobs sharing one token: each job keeps to its `api-rate-limit` share, so together
 * they stay under the account's limit and never see a 429. The ten jobs share one virtual
 * clock with the emulator, so the scaled-down window of 10 s costs no real time. The control group, with no share
 * set and aggressive polling, shows that the limit is really reached without it.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import type { Emulator } from '../../emulator/server.js'
import { act, projectWithHistory, startWorld } from '../support/world.js'

const JOBS = 10
/** The account limit, scaled down from 1,200 per 5 minutes so the test takes seconds. */
const ACCOUNT_LIMIT = { limit: 60, windowMs: 10_000 }

let emulator: Emulator
beforeEach(async () => {
  emulator = await startWorld({ rateLimit: ACCOUNT_LIMIT })
})
afterEach(async () => {
  await emulator.close()
})

async function runJobs(
  share: string | undefined
): Promise<{ exitCodes: number[]; limited: number; peak: number }> {
  const runs = Array.from({ length: JOBS }, async () => {
    const { name } = projectWithHistory(emulator)
    emulator.scriptNextDeployments(name, { stageDurationsMs: { build: 6_000 } })
    const pushed = emulator.simulatePush(name, { branch: 'main' })
    const result = await act(emulator, {
      operation: 'wait',
      'project-name': name,
      'deployment-id': pushed.id,
      'poll-interval': '100ms',
      'wait-timeout': '60s',
      ...(share ? { 'api-rate-limit': share } : {})
    })
    return result.exitCode ?? -1
  })
  const exitCodes = await Promise.all(runs)
  const api = emulator.requests.filter((r) => r.path.startsWith('/client/v4/'))
  return {
    exitCodes,
    limited: api.filter((r) => r.status === 429).length,
    peak: peakInWindow(api.map((r) => r.time))
  }
}

/** The most requests seen in any window of the account limit's length. */
function peakInWindow(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b)
  let peak = 0
  let start = 0
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[end] ?? 0) - (sorted[start] ?? 0) >= ACCOUNT_LIMIT.windowMs) start++
    peak = Math.max(peak, end - start + 1)
  }
  return peak
}

describe(`${JOBS} concurrent jobs sharing one token`, () => {
  it('stay under the account limit when each keeps to its share', async () => {
    const { exitCodes, limited, peak } = await runJobs(`${ACCOUNT_LIMIT.limit / JOBS}/10s`)
    expect(exitCodes).toEqual(Array(JOBS).fill(0))
    expect(limited).toBe(0)
    expect(peak).toBeLessThanOrEqual(ACCOUNT_LIMIT.limit)
  })

  it('run into the limit without a share (the control group), and still finish through Retry-After', async () => {
    const { exitCodes, limited } = await runJobs(undefined)
    expect(limited).toBeGreaterThan(0)
    expect(exitCodes).toEqual(Array(JOBS).fill(0))
  })
})
