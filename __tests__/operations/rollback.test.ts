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

describe('operation: rollback', () => {
  it('rolls back to the previous successful production deployment when no id is given', async () => {
    const { name, older, live } = projectWithHistory(emulator)
    emulator.seedDeployment(name, {
      branch: 'main',
      outcome: 'failure',
      createdAgoMs: 1.5 * 86_400_000
    })
    const result = await act(emulator, { operation: 'rollback', 'project-name': name })

    expect(result.exitCode).toBe(0)
    expect(result.outputs['rolled-back']).toBe('true')
    expect(result.outputs['rollback-deployment-id']).toBe(older.id)
    expect(result.outputs['previous-deployment-id']).toBe(live.id)
    expect(result.outputs['deployment-id']).toBe(older.id)
    expect(emulator.getProject(name)?.canonical_deployment?.id).toBe(older.id)
    expect(result.summary).toContain(`from <code>${live.id}</code> to <code>${older.id}</code>`)
  })

  it('rolls back to the deployment given in deployment-id', async () => {
    const { name, older } = projectWithHistory(emulator)
    emulator.seedDeployment(name, { branch: 'main', createdAgoMs: 3_600_000 })
    const result = await act(emulator, {
      operation: 'rollback',
      'project-name': name,
      'deployment-id': older.id
    })
    expect(result.exitCode).toBe(0)
    expect(emulator.getProject(name)?.canonical_deployment?.id).toBe(older.id)
  })

  it('refuses a preview deployment as target and changes nothing', async () => {
    const { name, live } = projectWithHistory(emulator)
    const preview = emulator.seedDeployment(name, { branch: 'feature/x', createdAgoMs: 1000 })
    const result = await act(emulator, {
      operation: 'rollback',
      'project-name': name,
      'deployment-id': preview.id
    })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.error).toMatch(/is a preview deployment .* Nothing was changed\./)
    expect(result.outputs['rolled-back']).toBe('false')
    expect(emulator.getProject(name)?.canonical_deployment?.id).toBe(live.id)
    expect(
      emulator.requests.some((r) => r.path.includes(name) && r.path.endsWith('/rollback'))
    ).toBe(false)
  })

  it('refuses a failed production deployment as target', async () => {
    const { name, live } = projectWithHistory(emulator)
    const failed = emulator.seedDeployment(name, {
      branch: 'main',
      outcome: 'failure',
      createdAgoMs: 1000
    })
    const result = await act(emulator, {
      operation: 'rollback',
      'project-name': name,
      'deployment-id': failed.id
    })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.error).toMatch(/did not deploy successfully \(failure\)/)
    expect(emulator.getProject(name)?.canonical_deployment?.id).toBe(live.id)
  })

  it('refuses when there is nothing older to roll back to', async () => {
    const name = `lonely-${process.pid}`
    emulator.addProject({ name })
    const only = emulator.seedDeployment(name, { branch: 'main' })
    const result = await act(emulator, { operation: 'rollback', 'project-name': name })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.error).toContain(
      `no successful production deployment older than the live one (${only.id})`
    )
  })

  it('does nothing, successfully, when the target already serves production', async () => {
    const { name, live } = projectWithHistory(emulator)
    const result = await act(emulator, {
      operation: 'rollback',
      'project-name': name,
      'deployment-id': live.id
    })
    expect(result.exitCode).toBe(0)
    expect(result.outputs['rolled-back']).toBe('false')
    expect(result.summary).toContain('was already live')
  })
})
