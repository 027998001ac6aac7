import { statSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { ACTION_ENTRY } from '../../harness/run-action.js'
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

/** Settles once the run polls its new deployment: it is being followed. */
function following(name: string): Promise<void> {
  return new Promise((resolve) => {
    const stop = emulator.onRequest((r) => {
      if (r.method !== 'GET' || !r.path.includes(`/projects/${name}/deployments/`)) return
      stop()
      resolve()
    })
  })
}

describe('cancellation', () => {
  it('stops at once on SIGINT and still writes the outputs and summary it has', async () => {
    const { name } = projectWithHistory(emulator)
    emulator.scriptNextDeployments(name, { stageDurationsMs: { build: 60_000 } })
    const result = await act(
      emulator,
      { 'project-name': name, branch: 'main' },
      { cancelOn: following(name) }
    )
    // The build would take a minute: the run stopped on the signal, not at the build's end.
    expect(result.afterCancelMs).toBeLessThan(20_000)
    expect(result.exitCode).toBe(1)
    expect(result.outputs['deployment-id']).toMatch(/^[0-9a-f-]{36}$/)
    expect(result.outputs.status).toBe('active')
    expect(result.outputs.error).toBe('the run was cancelled before the operation finished.')
    expect(result.summary).toContain('keeps running on Cloudflare')
  })

  it.each([0, 50, 100, 200])(
    'a SIGTERM %d ms after the process can take one still ends in outputs and a summary',
    async (afterMs) => {
      const { name } = projectWithHistory(emulator)
      emulator.scriptNextDeployments(name, { stageDurationsMs: { build: 30_000 } })
      const result = await act(
        emulator,
        { 'project-name': name, branch: 'main' },
        { cancelAfterHandlerMs: afterMs, cancelSignal: 'SIGTERM' }
      )
      expect(result.signal).toBeNull()
      expect(result.exitCode).toBe(1)
      expect(result.outputs.error).toBe('the run was cancelled before the operation finished.')
      expect(result.outputs.status).toBeDefined()
      expect(result.summary).toContain('Cloudflare Pages deploy')
    }
  )

  it('takes signals before the rest of the action loads: its entry is a few kB', () => {
    // The entry installs the handlers, then imports the action; a signal while that loads is handled.
    expect(statSync(ACTION_ENTRY).size).toBeLessThan(16 * 1024)
  })

  it('stops on SIGTERM too, writing outputs and summary', async () => {
    const { name } = projectWithHistory(emulator)
    emulator.scriptNextDeployments(name, { stageDurationsMs: { build: 60_000 } })
    const result = await act(
      emulator,
      { 'project-name': name, branch: 'main' },
      { cancelOn: following(name), cancelSignal: 'SIGTERM' }
    )
    expect(result.afterCancelMs).toBeLessThan(20_000)
    expect(result.outputs.error).toBe('the run was cancelled before the operation finished.')
    expect(result.summary).toContain('keeps running on Cloudflare')
  })
})
