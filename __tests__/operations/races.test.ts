/**
 * Races a release manager worries about: two runs deploying the same branch at once, production
 * changing under a run that wants to roll back, and cancels that land mid-rollback.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Emulator } from '../../emulator/server.js'
import type { Deployment } from '../../src/cloudflare/types.js'
import { act, cancelAt, projectWithHistory, startWorld, visibleLines } from '../support/world.js'

let emulator: Emulator
beforeAll(async () => {
  emulator = await startWorld()
})
afterAll(async () => {
  await emulator.close()
})

describe('races', () => {
  it('two deploys of the same branch at once each follow their own deployment', async () => {
    const { name } = projectWithHistory(emulator)
    emulator.scriptNextDeployments(
      name,
      { stageDurationsMs: { build: 1_500 } },
      { stageDurationsMs: { build: 300 } }
    )
    const [a, b] = await Promise.all([
      act(emulator, { 'project-name': name, branch: 'main' }),
      act(emulator, { 'project-name': name, branch: 'main' })
    ])
    expect([a?.exitCode, b?.exitCode]).toEqual([0, 0])
    const ids = [a?.outputs['deployment-id'], b?.outputs['deployment-id']]
    expect(new Set(ids).size).toBe(2)
    for (const run of [a, b]) {
      const id = run?.outputs['deployment-id'] ?? ''
      // Every deployment the run printed is its own.
      const mentioned = visibleLines(run!).flatMap(
        (line) => line.match(/[0-9a-f]{8}-[0-9a-f-]{27}/g) ?? []
      )
      expect(new Set(mentioned.filter((m) => ids.includes(m)))).toEqual(new Set([id]))
    }
    expect(emulator.listDeployments(name)).toHaveLength(4)
  })

  it('refuses to roll back when production changed under the run, and rolls back with force', async () => {
    for (const force of [false, true]) {
      const { name, live } = projectWithHistory(emulator)
      // This run's deployment goes live, then fails its health check for 3 seconds...
      emulator.scriptNextDeployments(name, { siteStatus: 503 })
      let pushed: Deployment | undefined
      // ...while a push to main, started at its first health-check request, goes live in 1 s.
      const stop = emulator.onRequest((request) => {
        if (pushed || !request.path.startsWith('/__sites/')) return
        emulator.scriptNextDeployments(name, {
          stageDurationsMs: { queued: 50, initialize: 50, clone_repo: 50, build: 700, deploy: 50 }
        })
        pushed = emulator.simulatePush(name, { branch: 'main' })
      })
      const result = await act(emulator, {
        'project-name': name,
        branch: 'main',
        'health-check-path': '/',
        'health-check-timeout': '3s',
        'rollback-on-failure': 'true',
        ...(force ? { force: 'true' } : {})
      })
      stop()
      expect(result.exitCode).toBe(1)
      if (!force) {
        expect(result.outputs['rolled-back']).toBe('false')
        expect(result.outputs.error).toContain(
          `Production now serves ${pushed?.id ?? '?'}, not the deployment that failed, so nothing was rolled back`
        )
        expect(emulator.getProject(name)?.canonical_deployment?.id).toBe(pushed?.id)
      } else {
        expect(result.outputs['rolled-back']).toBe('true')
        expect(emulator.getProject(name)?.canonical_deployment?.id).toBe(live.id)
      }
    }
  })
})

describe('cancellation', () => {
  it('reports a rollback whose request was sent when the cancel came', async () => {
    const { name, older } = projectWithHistory(emulator)
    emulator.addFaults({ match: { method: 'POST', path: '/rollback' }, kind: 'hang' })
    const result = await act(
      emulator,
      { operation: 'rollback', 'project-name': name },
      { signal: cancelAt(emulator, (r) => r.method === 'POST' && r.path.endsWith('/rollback')) }
    )
    expect(result.exitCode).toBe(1)
    expect(result.summary).toContain(
      `A rollback to ${older.id} had been sent when the run was cancelled`
    )
  })

  it('reports a rollback Cloudflare had accepted before the cancel', async () => {
    const { name, older } = projectWithHistory(emulator)
    // The verification read stalls; the rollback itself was accepted.
    emulator.addFaults({
      match: { method: 'GET', path: `/projects/${name}$` },
      kind: 'stall',
      ms: 0
    })
    emulator.addFaults({ match: { method: 'GET', path: `/projects/${name}$` }, kind: 'hang' })
    const result = await act(
      emulator,
      { operation: 'rollback', 'project-name': name },
      { signal: cancelAt(emulator, (r) => r.fault === 'hang') }
    )
    expect(result.exitCode).toBe(1)
    expect(result.outputs['rolled-back']).toBe('true')
    expect(result.outputs['rollback-deployment-id']).toBe(older.id)
    expect(result.summary).toContain(
      `Cloudflare had accepted the rollback to ${older.id} before the cancel; it was not yet verified`
    )
  })
})
