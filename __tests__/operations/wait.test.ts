import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Emulator } from '../../emulator/server.js'
import { act, apiRequests, projectWithHistory, startWorld } from '../support/world.js'

let emulator: Emulator
beforeAll(async () => {
  emulator = await startWorld()
})
afterAll(async () => {
  await emulator.close()
})

const sha = (digit: string): string => digit.repeat(40)

describe('operation: wait', () => {
  it('waits for a deployment by id', async () => {
    const { name } = projectWithHistory(emulator)
    const pushed = emulator.simulatePush(name, { branch: 'main', commitHash: sha('a') })
    const result = await act(emulator, {
      operation: 'wait',
      'project-name': name,
      'deployment-id': pushed.id
    })
    expect(result.exitCode).toBe(0)
    expect(result.outputs['deployment-id']).toBe(pushed.id)
    expect(result.outputs.status).toBe('success')
    expect(result.outputs['commit-hash']).toBe(sha('a'))
  })

  it('finds the Git-integration build of GITHUB_SHA once it appears, then waits for it', async () => {
    const { name } = projectWithHistory(emulator)
    emulator.simulatePush(name, { branch: 'main', commitHash: sha('b'), delayMs: 1_200 })
    const result = await act(
      emulator,
      { operation: 'wait', 'project-name': name },
      { env: { GITHUB_SHA: sha('b') } }
    )
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toContain(
      `No deployment of commit ${sha('b').slice(0, 12)} is listed yet`
    )
    expect(result.outputs['commit-hash']).toBe(sha('b'))
    expect(result.outputs.status).toBe('success')
  })

  it('gates a pull request on the build of its head commit, not the merge commit', async () => {
    const { name } = projectWithHistory(emulator)
    emulator.simulatePush(name, { branch: 'feature/gate', commitHash: sha('c') })
    emulator.simulatePush(name, { branch: 'feature/gate', commitHash: sha('d') })
    const result = await act(
      emulator,
      { operation: 'wait', 'project-name': name },
      {
        env: {
          GITHUB_EVENT_NAME: 'pull_request',
          GITHUB_SHA: sha('e'),
          GITHUB_REF: 'refs/pull/7/merge'
        },
        event: { pull_request: { number: 7, head: { sha: sha('c'), ref: 'feature/gate' } } }
      }
    )
    expect(result.exitCode).toBe(0)
    expect(result.outputs['commit-hash']).toBe(sha('c'))
    expect(result.outputs.environment).toBe('preview')
  })

  it('fails the gate when the build of the commit fails', async () => {
    const { name } = projectWithHistory(emulator)
    emulator.scriptNextDeployments(name, { outcome: 'failure' })
    emulator.simulatePush(name, { branch: 'feature/broken', commitHash: sha('f') })
    const result = await act(emulator, {
      operation: 'wait',
      'project-name': name,
      'commit-hash': sha('f')
    })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.status).toBe('failure')
    expect(result.stdout).toContain('::group::Build log of')
  })

  it('ends with status skipped, and passes, when Cloudflare skipped the build', async () => {
    const { name } = projectWithHistory(emulator)
    emulator.scriptNextDeployments(name, { outcome: 'skipped' })
    emulator.simulatePush(name, { branch: 'main', commitHash: sha('1') })
    const result = await act(emulator, {
      operation: 'wait',
      'project-name': name,
      'commit-hash': sha('1').slice(0, 7)
    })
    expect(result.exitCode).toBe(0)
    expect(result.outputs.status).toBe('skipped')
    expect(result.summary).toContain('⏭️')
  })

  it('fails with a clear message, on time, when the build outlives wait-timeout', async () => {
    const { name } = projectWithHistory(emulator)
    emulator.scriptNextDeployments(name, { stageDurationsMs: { build: 60_000 } })
    const pushed = emulator.simulatePush(name, { branch: 'main', commitHash: sha('2') })
    const result = await act(emulator, {
      operation: 'wait',
      'project-name': name,
      'deployment-id': pushed.id,
      'wait-timeout': '2s'
    })
    expect(result.exitCode).toBe(1)
    expect(result.durationMs).toBeLessThan(8_000)
    expect(result.outputs.error).toMatch(
      /did not finish within wait-timeout \(2s\); it was still at build: active/
    )
    expect(result.outputs.status).toBe('active')
    expect(result.outputs['deployment-id']).toBe(pushed.id)
  })

  it('fails, naming the likely causes, when no build of the commit ever appears', async () => {
    const { name } = projectWithHistory(emulator)
    const result = await act(emulator, {
      operation: 'wait',
      'project-name': name,
      'commit-hash': sha('3'),
      'wait-timeout': '1500ms'
    })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.error).toMatch(
      /no deployment of commit 3{40} appeared .* within wait-timeout/
    )
    expect(result.outputs.error).toMatch(/automatic deployments are enabled/)
  })

  it('finds the commit behind 50 newer deployments of other branches', async () => {
    const { name } = projectWithHistory(emulator)
    emulator.seedDeployment(name, {
      branch: 'feature/old',
      commitHash: sha('4'),
      createdAgoMs: 3_600_000
    })
    for (let i = 0; i < 50; i++) {
      emulator.seedDeployment(name, {
        branch: `feature/other-${i}`,
        createdAgoMs: 3_000_000 - i * 1000
      })
    }
    const result = await act(emulator, {
      operation: 'wait',
      'project-name': name,
      'commit-hash': sha('4')
    })
    expect(result.exitCode).toBe(0)
    expect(result.outputs.branch).toBe('feature/old')
    // The commit lookup pages through every environment; the summary's history reads one page
    // of the deployment's own environment afterwards.
    const lists = apiRequests(emulator, name).filter((r) => r.path.includes('/deployments?'))
    expect(lists.filter((r) => !r.path.includes('env=')).length).toBe(3)
    expect(lists.filter((r) => r.path.includes('env=')).length).toBe(1)
  })

  it('polls adaptively: few requests while a long stage runs', async () => {
    const { name } = projectWithHistory(emulator)
    emulator.scriptNextDeployments(name, { stageDurationsMs: { build: 4_000 } })
    const pushed = emulator.simulatePush(name, { branch: 'main', commitHash: sha('5') })
    const before = apiRequests(emulator, name).length
    const result = await act(emulator, {
      operation: 'wait',
      'project-name': name,
      'deployment-id': pushed.id,
      'poll-interval': '200ms'
    })
    expect(result.exitCode).toBe(0)
    const polls = apiRequests(emulator, name).length - before
    // Fixed 200ms polling would send about 24 requests over the 4.6s this deployment takes.
    expect(polls).toBeLessThan(16)
  })
})
