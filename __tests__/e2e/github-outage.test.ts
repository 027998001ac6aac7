/**
 * A GitHub API that accepts connections and never answers, against the bundle as the runner
 * runs it: the deploy succeeds after one bounded delay, and SIGTERM during a stalled GitHub
 * call ends the process within 5 seconds, outputs and summary written.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startFakeGitHub, type FakeGitHub } from '../../emulator/github.js'
import type { Emulator } from '../../emulator/server.js'
import { act, projectWithHistory, startWorld } from './support/world.js'

let emulator: Emulator
let github: FakeGitHub
beforeAll(async () => {
  emulator = await startWorld()
  github = await startFakeGitHub()
  github.hang()
})
afterAll(async () => {
  await Promise.all([emulator.close(), github.close()])
})

const features = {
  'github-deployment': 'true',
  'commit-status': 'true',
  'request-timeout': '1s'
}

/** Resolves once the fake GitHub has received a call beyond the first `seen`. */
function nextGitHubCall(seen: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      if (github.calls.length > seen) {
        clearInterval(timer)
        resolve()
      }
    }, 5)
  })
}

describe('a stalled GitHub API, through the bundle', () => {
  it('costs the deploy one request-timeout and a warning, not its outcome', async () => {
    const { name } = projectWithHistory(emulator)
    const before = github.calls.length
    const result = await act(
      emulator,
      { 'project-name': name, 'github-token': github.token, ...features },
      { env: { GITHUB_API_URL: github.apiUrl } }
    )
    expect(result.exitCode).toBe(0)
    expect(result.outputs.status).toBe('success')
    expect(result.stdout).toContain(
      '::warning::GitHub did not answer the GitHub deployment request in time'
    )
    expect(github.calls.length - before).toBe(1)
    expect(result.durationMs).toBeLessThan(8_000)
  })

  it('ends within 5 s of a SIGTERM that lands during a stalled GitHub call', async () => {
    const { name } = projectWithHistory(emulator)
    emulator.scriptNextDeployments(name, { stageDurationsMs: { build: 600_000 } })
    let cancelledAt = 0
    const cancelOn = nextGitHubCall(github.calls.length).then(() => {
      cancelledAt = Date.now()
    })
    const result = await act(
      emulator,
      { 'project-name': name, 'github-token': github.token, ...features, 'request-timeout': '5m' },
      {
        env: { GITHUB_API_URL: github.apiUrl },
        cancelOn,
        cancelSignal: 'SIGTERM',
        killAfterMs: 20_000
      }
    )
    expect(result.signal).toBeNull()
    expect(result.exitCode).toBe(1)
    expect(result.outputs.error).toBe('the run was cancelled before the operation finished.')
    expect(result.summary).toContain('keeps running on Cloudflare')
    // From the SIGTERM to the exit: at most the 3 s the final GitHub update may take.
    expect(Date.now() - cancelledAt).toBeLessThan(5_000)
  })
})
