/**
 * Rollback that cannot make things worse, under concurrent production deploys (two runs on one
 * virtual clock). Deployments go live in the order they finish; the automatic rollback restores
 * what was live just before the failed deployment went live, only while production still serves
 * it, and never a deployment that a pages-pilot run saw fail its health check.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startFakeGitHub, type FakeGitHub } from '../../emulator/github.js'
import type { Emulator } from '../../emulator/server.js'
import { act, projectWithHistory, startWorld } from '../support/world.js'

let emulator: Emulator
let github: FakeGitHub
beforeAll(async () => {
  emulator = await startWorld()
  github = await startFakeGitHub()
})
afterAll(async () => {
  await Promise.all([emulator.close(), github.close()])
})

/** Resolves when the emulator receives the first request `when` selects. */
function requestSeen(when: (r: Emulator['requests'][number]) => boolean): Promise<void> {
  return new Promise((resolve) => {
    const stop = emulator.onRequest((request) => {
      if (!when(request)) return
      stop()
      resolve()
    })
  })
}

const deployInputs = (name: string) => ({
  'project-name': name,
  branch: 'main',
  'health-check-path': '/',
  'health-check-timeout': '5s',
  'rollback-on-failure': 'true'
})

describe('automatic rollback under concurrent deploys', () => {
  it('a slow unhealthy deploy that goes live after a newer healthy one rolls back to that one', async () => {
    const { name, live } = projectWithHistory(emulator)
    emulator.scriptNextDeployments(
      name,
      { stageDurationsMs: { build: 60_000 }, siteStatus: 500 }, // run 1: slow, broken
      { siteStatus: 200 } // run 2: quick, healthy
    )
    const created = requestSeen(
      (r) => r.method === 'POST' && r.path.endsWith(`/${name}/deployments`)
    )
    const first = act(emulator, deployInputs(name))
    await created
    const second = await act(emulator, deployInputs(name))
    const firstResult = await first
    expect([second.exitCode, second.outputs['health-check']]).toEqual([0, 'passed'])
    const healthy = second.outputs['deployment-id']
    expect(firstResult.outputs['health-check']).toBe('failed')
    expect(firstResult.outputs['rolled-back']).toBe('true')
    // Not the deployment live when run 1 began: that would undo run 2's healthy deploy.
    expect(firstResult.outputs['rollback-deployment-id']).toBe(healthy)
    expect(firstResult.outputs['rollback-deployment-id']).not.toBe(live.id)
    expect(emulator.getProject(name)?.canonical_deployment?.id).toBe(healthy)
  })

  it('a failed deploy after another failed one skips the one GitHub records as unhealthy', async () => {
    const { name, live } = projectWithHistory(emulator)
    // Another run's deployment went live, failed its health check and said so on GitHub; its
    // rollback had not happened yet when this run began, so it is what this run found live.
    const unhealthy = emulator.seedDeployment(name, { branch: 'main', createdAgoMs: 600_000 })
    github.deployments.push({
      id: 9_000_001,
      sha: unhealthy.deployment_trigger.metadata.commit_hash,
      ref: unhealthy.deployment_trigger.metadata.commit_hash,
      environment: `${name} (Production)`,
      transient_environment: false,
      production_environment: true,
      payload: { cloudflare_deployment_id: unhealthy.id, project: name, branch: 'main' },
      statuses: [
        { state: 'in_progress', description: 'Building' },
        { state: 'error', description: 'health check failed: GET https://x/ answered HTTP 500' }
      ]
    })
    emulator.scriptNextDeployments(name, { siteStatus: 500 })
    const result = await act(
      emulator,
      { ...deployInputs(name), 'github-token': github.token, 'github-deployment': 'true' },
      { env: { GITHUB_API_URL: github.apiUrl } }
    )
    expect(result.outputs['previous-deployment-id']).toBe(unhealthy.id)
    expect(result.outputs['health-check']).toBe('failed')
    expect(result.outputs['rolled-back']).toBe('true')
    expect(result.outputs['rollback-deployment-id']).toBe(live.id)
    expect(result.outputs.error).toContain(
      `${unhealthy.id} failed its health check in an earlier run, as GitHub records it, so it was passed over.`
    )
    expect(emulator.getProject(name)?.canonical_deployment?.id).toBe(live.id)
  })

  it('without GitHub records, says that the rollback target is unverified', async () => {
    const { name } = projectWithHistory(emulator)
    emulator.scriptNextDeployments(name, { siteStatus: 500 })
    const result = await act(emulator, deployInputs(name))
    expect(result.outputs['rolled-back']).toBe('true')
    expect(result.summary).toContain(
      'is unverified: nothing records whether it passed a health check'
    )
  })

  it('a rollback that fails keeps the whole story in the error output', async () => {
    const { name, live } = projectWithHistory(emulator)
    emulator.scriptNextDeployments(name, { siteStatus: 500 })
    emulator.addFaults({
      match: { method: 'POST', path: '/rollback' },
      kind: 'status',
      status: 400,
      body: 'json',
      times: 5
    })
    const result = await act(emulator, deployInputs(name))
    expect(result.exitCode).toBe(1)
    const failed = result.outputs['deployment-id']
    expect(result.outputs.error).toMatch(/^health check failed: GET .* answered HTTP 500/)
    expect(result.outputs.error).toContain(`Rolling back to ${live.id} failed too (`)
    expect(result.outputs.error).toContain(`production serves ${failed}.`)
  })
})
