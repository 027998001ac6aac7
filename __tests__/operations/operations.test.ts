import { existsSync, readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Emulator } from '../../emulator/server.js'
import { act, projectWithHistory, startWorld } from '../support/world.js'

let emulator: Emulator
beforeAll(async () => {
  emulator = await startWorld()
})
afterAll(async () => {
  await emulator.close()
})

describe('operation: trigger', () => {
  it('creates a deployment and returns at once with its live status', async () => {
    const { name, live } = projectWithHistory(emulator)
    const result = await act(emulator, {
      operation: 'trigger',
      'project-name': name,
      branch: 'feature/fast'
    })
    expect(result.exitCode).toBe(0)
    const id = result.outputs['deployment-id'] ?? ''
    expect(emulator.getDeployment(id)?.deployment_trigger.metadata.branch).toBe('feature/fast')
    expect(['idle', 'active']).toContain(result.outputs.status)
    expect(result.outputs.stage).toBe('queued')
    expect(result.outputs['previous-deployment-id']).toBe(live.id)
    expect(result.summary).toContain('⏳')
  })

  it('deploys the pull request head branch when branch is not given', async () => {
    const { name } = projectWithHistory(emulator)
    const result = await act(
      emulator,
      { operation: 'trigger', 'project-name': name },
      {
        env: { GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: 'refs/pull/9/merge' },
        event: { pull_request: { head: { sha: 'a'.repeat(40), ref: 'feature/from-pr' } } }
      }
    )
    expect(result.outputs.branch).toBe('feature/from-pr')
  })

  it('deploys the production branch on a tag push', async () => {
    const { name } = projectWithHistory(emulator)
    const result = await act(
      emulator,
      { operation: 'trigger', 'project-name': name },
      { env: { GITHUB_REF: 'refs/tags/v1.0.0', GITHUB_REF_NAME: 'v1.0.0' } }
    )
    expect(result.outputs.branch).toBe('main')
    expect(result.outputs.environment).toBe('production')
  })
})

describe('operation: status', () => {
  it('reads a running deployment without waiting for it', async () => {
    const { name } = projectWithHistory(emulator)
    emulator.scriptNextDeployments(name, { stageDurationsMs: { build: 30_000 } })
    const pushed = emulator.simulatePush(name, { branch: 'main' })
    const result = await act(emulator, {
      operation: 'status',
      'project-name': name,
      'deployment-id': pushed.id
    })
    expect(result.exitCode).toBe(0)
    expect(result.durationMs).toBeLessThan(5_000)
    expect(result.outputs.status).toMatch(/^(active|idle)$/)
    expect(result.outputs['deployment-id']).toBe(pushed.id)
  })

  it('reads the project’s latest deployment when no id is given', async () => {
    const { name, live } = projectWithHistory(emulator)
    const result = await act(emulator, { operation: 'status', 'project-name': name })
    expect(result.outputs['deployment-id']).toBe(live.id)
    expect(result.outputs.status).toBe('success')
    expect(result.outputs['previous-deployment-id']).toBe(live.id)
  })
})

describe('operation: logs', () => {
  it('prints the build log in a group and saves it to logs-file', async () => {
    const { name, live } = projectWithHistory(emulator)
    const result = await act(emulator, {
      operation: 'logs',
      'project-name': name,
      'deployment-id': live.id
    })
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toMatch(/::group::Build log of/)
    const file = result.outputs['logs-file'] ?? ''
    expect(existsSync(file)).toBe(true)
    const text = readFileSync(file, 'utf8')
    expect(text).toContain('Success: Your site was deployed!')
    expect(text.trim().split('\n').length).toBe(emulator.getLogs(live.id)?.data.length)
  })
})

describe('operation: retry', () => {
  it('retries a failed deployment and follows the new one to success', async () => {
    const { name } = projectWithHistory(emulator)
    const failed = emulator.seedDeployment(name, {
      branch: 'feature/flaky',
      outcome: 'failure',
      createdAgoMs: 60_000
    })
    const result = await act(emulator, {
      operation: 'retry',
      'project-name': name,
      'deployment-id': failed.id
    })
    expect(result.exitCode).toBe(0)
    expect(result.outputs['deployment-id']).not.toBe(failed.id)
    expect(result.outputs.status).toBe('success')
    expect(result.outputs.branch).toBe('feature/flaky')
  })

  it('says which deployment was not found', async () => {
    const { name } = projectWithHistory(emulator)
    const missing = '00000000-0000-4000-8000-000000000000'
    const result = await act(emulator, {
      operation: 'retry',
      'project-name': name,
      'deployment-id': missing
    })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.error).toContain(
      `get deployment failed (HTTP 404, Cloudflare error 8000009`
    )
    expect(result.outputs.error).toContain(
      `Deployment ${missing} was not found in project '${name}'`
    )
  })
})
