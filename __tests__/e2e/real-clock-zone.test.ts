/**
 * A timestamp without a zone is UTC. Cloudflare's are `…Z`, but nothing promises it; read as
 * local time, a zoneless one is hours off on a runner not in UTC. The bundle runs in its own
 * process with TZ set, which an in-process test cannot change.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Emulator } from '../../emulator/server.js'
import { act, startWorld, uniqueProject } from './support/world.js'

let emulator: Emulator
beforeAll(async () => {
  emulator = await startWorld()
})
afterAll(async () => {
  await emulator.close()
})

describe('timestamps without a zone', () => {
  it('are UTC on a runner that is not (TZ=America/Los_Angeles): cleanup deletes what is old', async () => {
    const name = uniqueProject('zone')
    emulator.addProject({ name, productionBranch: 'main' })
    for (let i = 0; i < 4; i++) {
      emulator.seedDeployment(name, {
        branch: 'feature',
        environment: 'preview',
        createdAgoMs: (2 + i) * 3_600_000
      })
    }
    emulator.setZonelessTimestamps(true)
    try {
      const result = await act(
        emulator,
        {
          operation: 'cleanup',
          'project-name': name,
          'keep-latest': '1',
          'older-than': '1h',
          environment: 'preview'
        },
        { env: { TZ: 'America/Los_Angeles' } }
      )
      expect([result.exitCode, result.outputs.error]).toEqual([0, ''])
      expect(result.outputs['deleted-count']).toBe('3')
    } finally {
      emulator.setZonelessTimestamps(false)
    }
  })
})
