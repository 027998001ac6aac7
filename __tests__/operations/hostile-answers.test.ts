/**
 * Answers pages-pilot does not control: a field of the API's answer, a site's redirect. A
 * hostile (or merely surprising) answer must not choose where files are written or where
 * requests go.
 */
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
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

describe('a hostile answer', () => {
  it('cannot place the logs file outside RUNNER_TEMP', async () => {
    const { name, live } = projectWithHistory(emulator)
    emulator.addFaults({
      match: { method: 'GET', path: `/deployments/${live.id}` },
      kind: 'set-fields',
      fields: { short_id: '../../../../escaped' },
      times: 10
    })
    const result = await act(emulator, {
      operation: 'logs',
      'project-name': name,
      'deployment-id': live.id
    })
    expect([result.exitCode, result.outputs.error]).toEqual([0, ''])
    const file = result.outputs['logs-file'] ?? ''
    expect(dirname(file)).toBe(join(result.dir, 'runner-temp'))
    expect(file).toBe(
      join(result.dir, 'runner-temp', `pages-pilot-${name}-____________escaped.log`)
    )
    expect(existsSync(file)).toBe(true)
  })
})

describe('the health check', () => {
  it("follows a redirect within the deployment's hosts", async () => {
    const { name } = projectWithHistory(emulator)
    // Relative, as a site writes it (the emulator serves sites under /__sites/<host>/).
    emulator.scriptNextDeployments(name, { siteRedirects: { '/': './en/' } })
    const result = await act(emulator, {
      'project-name': name,
      branch: 'main',
      'health-check-path': '/'
    })
    expect([result.exitCode, result.outputs['health-check']]).toEqual([0, 'passed'])
  })

  it('does not follow a redirect to another host: that redirect is the answer', async () => {
    const { name } = projectWithHistory(emulator)
    emulator.scriptNextDeployments(name, {
      siteRedirects: { '/': 'https://login.evil.example/?next=/' }
    })
    const result = await act(emulator, {
      'project-name': name,
      branch: 'main',
      'health-check-path': '/',
      'health-check-timeout': '5s',
      'rollback-on-failure': 'false'
    })
    expect(result.exitCode).toBe(1)
    expect(result.outputs['health-check']).toBe('failed')
    expect(result.outputs.error).toContain(
      "HTTP 302, a redirect to https://login.evil.example, which is not one of the deployment's hosts"
    )
  })
})
