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

describe('Cloudflare API errors', () => {
  it('names the project and account when the project does not exist (8000007)', async () => {
    const result = await act(emulator, { operation: 'status', 'project-name': 'no-such-project' })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.error).toBe(
      `get project failed (HTTP 404, Cloudflare error 8000007: Project not found. The specified project name does not match any of your existing projects.). Project 'no-such-project' was not found in account ${emulator.accountId}: check project-name and account-id.`
    )
  })

  it('explains the permission needed when authentication fails (10000), without retrying', async () => {
    const { name } = projectWithHistory(emulator)
    const result = await act(emulator, {
      operation: 'status',
      'project-name': name,
      'api-token': 'wrong-token-0123456789'
    })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.error).toMatch(
      /^get project failed \(HTTP 401, Cloudflare error 10000: Authentication error\)\. Authentication failed: check that api-token is valid, has the "Account › Cloudflare Pages › Edit" permission/
    )
    expect(apiRequests(emulator, name).length).toBe(1)
  })

  it('treats success:false with HTTP 200 as an error', async () => {
    const { name } = projectWithHistory(emulator)
    emulator.addFaults({
      match: { path: `/projects/${name}` },
      kind: 'success-false',
      code: 8000119,
      message: 'Project is blocked'
    })
    const result = await act(emulator, { operation: 'status', 'project-name': name })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.error).toMatch(
      /HTTP 200, Cloudflare error 8000119: Project is blocked\)\. Project .* is blocked by Cloudflare/
    )
  })
})

describe('surviving API faults', () => {
  it('waits as long as Retry-After asks on a 429, then succeeds', async () => {
    const { name } = projectWithHistory(emulator)
    emulator.addFaults({
      match: { path: `/projects/${name}` },
      kind: 'status',
      status: 429,
      retryAfterSeconds: 1,
      times: 2
    })
    const result = await act(emulator, { operation: 'status', 'project-name': name })
    expect(result.exitCode).toBe(0)
    expect(result.durationMs).toBeGreaterThanOrEqual(2_000)
    const faulted = apiRequests(emulator, name).filter((r) => r.fault)
    expect(faulted.map((r) => r.status)).toEqual([429, 429])
  })

  it('retries 500, 502, 503 and 524 HTML pages and non-JSON bodies on reads', async () => {
    const { name } = projectWithHistory(emulator)
    const match = { path: `/projects/${name}` }
    emulator.addFaults(
      { match, kind: 'status', status: 502, body: 'html' },
      { match, kind: 'status', status: 524, body: 'html' },
      { match, kind: 'non-json' }
    )
    const result = await act(emulator, { operation: 'status', 'project-name': name })
    expect(result.exitCode).toBe(0)
    expect(result.outputs.status).toBe('success')
  })

  it('gives up after 5 attempts with a message that says the API is failing', async () => {
    const { name } = projectWithHistory(emulator)
    emulator.addFaults({
      match: { path: `/projects/${name}` },
      kind: 'status',
      status: 500,
      body: 'html',
      times: 5
    })
    const result = await act(emulator, { operation: 'status', 'project-name': name })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.error).toMatch(
      /^get project failed after 5 attempts \(HTTP 500, unreadable HTML response\)\. The Cloudflare API did not answer usefully/
    )
  }, 60_000)

  it('abandons a stalled request after request-timeout and retries it', async () => {
    const { name } = projectWithHistory(emulator)
    emulator.addFaults({ match: { path: `/projects/${name}` }, kind: 'hang' })
    const result = await act(emulator, {
      operation: 'status',
      'project-name': name,
      'request-timeout': '1s'
    })
    expect(result.exitCode).toBe(0)
    expect(result.durationMs).toBeLessThan(6_000)
  })

  it('survives connections reset before and during the body, and truncated bodies', async () => {
    const { name } = projectWithHistory(emulator)
    const match = { path: `/projects/${name}` }
    emulator.addFaults(
      { match, kind: 'reset' },
      { match, kind: 'reset-mid-body' },
      { match, kind: 'truncated' }
    )
    const result = await act(emulator, { operation: 'status', 'project-name': name })
    expect(result.exitCode).toBe(0)
    expect(apiRequests(emulator, name).filter((r) => r.fault).length).toBe(3)
  }, 30_000)

  it('never creates two deployments when the create request fails ambiguously', async () => {
    const { name } = projectWithHistory(emulator)
    const before = emulator.listDeployments(name).length
    emulator.addFaults({
      match: { method: 'POST', path: `/projects/${name}/deployments` },
      kind: 'reset-mid-body'
    })
    const result = await act(emulator, {
      operation: 'trigger',
      'project-name': name,
      branch: 'feature/once'
    })
    expect(result.exitCode).toBe(0)
    expect(emulator.listDeployments(name).length).toBe(before + 1)
    expect(result.stdout).toMatch(/Cloudflare did create deployment/)
  })

  it('keeps waiting through a rate-limit storm during a build', async () => {
    const { name } = projectWithHistory(emulator)
    emulator.scriptNextDeployments(name, { stageDurationsMs: { build: 1_500 } })
    const pushed = emulator.simulatePush(name, { branch: 'main' })
    emulator.addFaults({
      match: { path: `/deployments/${pushed.id}` },
      kind: 'status',
      status: 429,
      retryAfterSeconds: 1,
      times: 6
    })
    const result = await act(emulator, {
      operation: 'wait',
      'project-name': name,
      'deployment-id': pushed.id
    })
    expect(result.exitCode).toBe(0)
    expect(result.outputs.status).toBe('success')
  }, 60_000)
})

describe('bad inputs', () => {
  it('fails before any request, naming each bad input', async () => {
    const before = emulator.requests.length
    const result = await act(emulator, {
      operation: 'deploy',
      'project-name': 'Bad Name',
      'wait-timeout': 'forever',
      'deployment-id': 'not-an-id'
    })
    expect(result.exitCode).toBe(1)
    expect(emulator.requests.length).toBe(before)
    expect(result.outputs.error).toContain("project-name: 'Bad Name' is not a Pages project name")
    expect(result.outputs.error).toContain("wait-timeout: 'forever' is not a duration")
    expect(result.outputs.error).toContain("deployment-id: 'not-an-id' is not a deployment id")
    expect(result.summary).toContain('What went wrong')
  })

  it('requires credentials and says how to create them', async () => {
    const result = await act(emulator, { 'project-name': 'site', 'api-token': '' })
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toContain('api-token: required.')
  })
})
