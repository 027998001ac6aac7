import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Emulator } from '../../emulator/server.js'
import { startEmulator } from '../../emulator/server.js'
import { act, FAST_STAGES, projectWithHistory } from './support/world.js'

let emulator: Emulator
const key = 'c2547eb745079dac9320b638f5e225cf483cc'
beforeAll(async () => {
  emulator = await startEmulator({
    stageDurationsMs: FAST_STAGES,
    globalApiKey: { email: 'ops@example.com', key }
  })
})
afterAll(async () => {
  await emulator.close()
})

describe('secrets', () => {
  it('never writes the token to stdout, stderr, outputs, summary or the logs file, on success or failure', async () => {
    const { name, live } = projectWithHistory(emulator)
    emulator.scriptNextDeployments(name, {
      outcome: 'failure',
      logLines: [`echo token=${emulator.token}`]
    })
    const runs = [
      await act(emulator, { 'project-name': name, branch: 'main', 'health-check-path': '/' }),
      await act(emulator, { operation: 'logs', 'project-name': name, 'deployment-id': live.id }),
      await act(emulator, { operation: 'status', 'project-name': 'missing-project' }),
      await act(emulator, { operation: 'rollback', 'project-name': name, 'wait-timeout': 'x' })
    ]
    for (const run of runs) {
      const masked = run.allText.replaceAll(`::add-mask::${emulator.token}`, '')
      expect(masked).not.toContain(emulator.token)
    }
    expect(runs[0]?.exitCode).toBe(1) // the failed build ran, its log went through the scan too
  })

  it('sends credentials to the API only: the health check carries none', async () => {
    const { name } = projectWithHistory(emulator)
    const result = await act(emulator, {
      'project-name': name,
      branch: 'main',
      'health-check-path': '/healthz'
    })
    expect(result.exitCode).toBe(0)
    const siteRequests = emulator.requests.filter((r) => r.path.startsWith('/__sites/'))
    expect(siteRequests.length).toBeGreaterThan(0)
    for (const r of siteRequests) {
      expect(r.headers.authorization).toBeUndefined()
      expect(JSON.stringify(r.headers)).not.toContain(emulator.token)
    }
    const apiRequests = emulator.requests.filter((r) => r.path.startsWith('/client/v4/'))
    for (const r of apiRequests.filter((r) => r.path.includes(name))) {
      expect(r.headers.authorization).toBe(`Bearer ${emulator.token}`)
    }
  })

  it('does not follow a redirect away from the API with the token', async () => {
    const { name } = projectWithHistory(emulator)
    emulator.addFaults({
      match: { path: `/projects/${name}` },
      kind: 'status',
      status: 302,
      body: 'empty'
    })
    const result = await act(emulator, { operation: 'status', 'project-name': name })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.error).toMatch(/HTTP 302/)
  })

  it('accepts the legacy Global API Key, masks it and warns', async () => {
    const { name } = projectWithHistory(emulator)
    const result = await act(emulator, {
      operation: 'status',
      'project-name': name,
      'api-token': '',
      'api-key': key,
      'api-email': 'ops@example.com'
    })
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toContain(`::add-mask::${key}`)
    expect(result.stdout).toMatch(/::warning::api-key and api-email use the legacy Global API Key/)
    expect(result.allText.replaceAll(`::add-mask::${key}`, '')).not.toContain(key)
  })
})

describe('cancellation', () => {
  it('stops at once on SIGINT and still writes the outputs and summary it has', async () => {
    const { name } = projectWithHistory(emulator)
    emulator.scriptNextDeployments(name, { stageDurationsMs: { build: 60_000 } })
    const result = await act(
      emulator,
      { 'project-name': name, branch: 'main' },
      { cancelAfterMs: 1_500 }
    )
    expect(result.durationMs).toBeLessThan(4_000)
    expect(result.exitCode).toBe(1)
    expect(result.outputs['deployment-id']).toMatch(/^[0-9a-f-]{36}$/)
    expect(result.outputs.status).toBe('active')
    expect(result.outputs.error).toBe('the run was cancelled before the operation finished.')
    expect(result.summary).toContain('keeps running on Cloudflare')
  })

  it('stops on SIGTERM too, writing outputs and summary', async () => {
    const { name } = projectWithHistory(emulator)
    emulator.scriptNextDeployments(name, { stageDurationsMs: { build: 30_000 } })
    const result = await act(
      emulator,
      { 'project-name': name, branch: 'main' },
      { cancelAfterMs: 1_000, cancelSignal: 'SIGTERM' }
    )
    expect(result.durationMs).toBeLessThan(3_000)
    expect(result.outputs.error).toBe('the run was cancelled before the operation finished.')
    expect(result.summary).toContain('keeps running on Cloudflare')
  })
})
