import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Emulator } from '../../emulator/server.js'
import type { Deployment } from '../../src/cloudflare/types.js'
import { act, apiRequests, startWorld, uniqueProject } from '../support/world.js'

const DAY = 86_400_000
const HOUR = 3_600_000

let emulator: Emulator
beforeAll(async () => {
  emulator = await startWorld()
})
afterAll(async () => {
  await emulator.close()
})

interface Seeded {
  name: string
  production: Deployment[]
  previews: Deployment[]
  live: Deployment
}

/**
 * 20 production deployments of main (one a day, the newest live) and `branches` × `perBranch`
 * previews, one every 2 days per branch, offset by an hour per branch: 320 by default, so a
 * list of previews takes 12 pages of 25.
 */
function seedBusyProject(target: Emulator, branches = 10, perBranch = 30): Seeded {
  const name = uniqueProject('busy')
  target.addProject({ name, productionBranch: 'main' })
  const production: Deployment[] = []
  for (let i = 19; i >= 0; i--) {
    production.push(target.seedDeployment(name, { branch: 'main', createdAgoMs: i * DAY + HOUR }))
  }
  const previews: Deployment[] = []
  for (let i = perBranch - 1; i >= 0; i--) {
    for (let b = 0; b < branches; b++) {
      previews.push(
        target.seedDeployment(name, {
          branch: `feature/f${b}`,
          createdAgoMs: i * 2 * DAY + (b + 2) * HOUR
        })
      )
    }
  }
  const live = production[production.length - 1] as Deployment
  expect(target.getProject(name)?.canonical_deployment?.id).toBe(live.id)
  return { name, production, previews, live }
}

/** What the policy should delete, computed independently of the action's code. */
function expectedDeletions(
  previews: Deployment[],
  keepLatest: number,
  olderThanMs: number,
  now: number
): Set<string> {
  const newestFirst = [...previews].sort(
    (a, b) => Date.parse(b.created_on) - Date.parse(a.created_on)
  )
  const newestOfBranch = new Set<string>()
  const seen = new Set<string>()
  for (const d of newestFirst) {
    const branch = d.deployment_trigger.metadata.branch
    if (!seen.has(branch)) newestOfBranch.add(d.id)
    seen.add(branch)
  }
  return new Set(
    newestFirst
      .filter((_, index) => index >= keepLatest)
      .filter((d) => !newestOfBranch.has(d.id))
      .filter((d) => now - Date.parse(d.created_on) >= olderThanMs)
      .map((d) => d.id)
  )
}

function ids(text: string | undefined): string[] {
  return (text ?? '').split(',').filter(Boolean)
}

describe('operation: cleanup', () => {
  it('deletes previews by policy across every page, keeping production and the newest of each branch', async () => {
    const { name, production, previews } = seedBusyProject(emulator)
    const expected = expectedDeletions(previews, 10, 30 * DAY, emulator.now())
    expect(expected.size).toBeGreaterThan(100)

    const result = await act(emulator, {
      operation: 'cleanup',
      'project-name': name,
      'keep-latest': '10',
      'older-than': '30d',
      'max-deletions': '500'
    })

    expect(result.exitCode).toBe(0)
    const deleted = ids(result.outputs['deleted-ids'])
    expect(new Set(deleted)).toEqual(expected)
    expect(result.outputs['deleted-count']).toBe(String(expected.size))
    expect(result.outputs['kept-count']).toBe(String(previews.length - expected.size))
    expect(result.outputs.status).toBe('success')

    // What the emulator holds now: every production deployment, and exactly the kept previews.
    const remaining = new Set(emulator.listDeployments(name).map((d) => d.id))
    for (const d of production) expect(remaining.has(d.id)).toBe(true)
    for (const d of previews) expect(remaining.has(d.id)).toBe(!expected.has(d.id))
    for (let b = 0; b < 10; b++) {
      const newest = previews.filter(
        (d) => d.deployment_trigger.metadata.branch === `feature/f${b}`
      )
      expect(remaining.has(newest[newest.length - 1]?.id ?? '')).toBe(true)
    }

    // Listed page by page at 25 a page, previews only; no forced delete was needed.
    const requests = apiRequests(emulator, name)
    const lists = requests.filter((r) => r.method === 'GET' && r.path.includes('/deployments?'))
    expect(lists).toHaveLength(Math.ceil(previews.length / 25))
    for (const list of lists) expect(list.path).toMatch(/env=preview.*per_page=25|per_page=25/)
    const deletes = requests.filter((r) => r.method === 'DELETE')
    expect(deletes).toHaveLength(expected.size)
    expect(deletes.some((r) => r.path.includes('force=true'))).toBe(false)

    expect(result.stdout).toMatch(
      /Deleted \S+ \(preview, branch feature\/f\d, \d+d(?: \d\dh)? old\)/
    )
    expect(result.stdout).toContain(`Deleted ${expected.size} of ${previews.length} deployments`)
    expect(result.stdout).toMatch(/10 newest deployment of its branch/)
    expect(result.summary).toContain('<h3>Deleted</h3>')
    expect(result.summary).toContain('<h3>Kept</h3>')
    expect(result.summary).toContain('newer than older-than')
    expect(result.summary).toMatch(/… and \d+ more, oldest first above/)
  })

  it('in a dry run reports what it would delete and deletes nothing', async () => {
    const { name, previews } = seedBusyProject(emulator)
    const expected = expectedDeletions(previews, 25, 0, emulator.now())
    const result = await act(emulator, {
      operation: 'cleanup',
      'project-name': name,
      'keep-latest': '25',
      'max-deletions': '10000',
      'dry-run': 'true'
    })
    expect(result.exitCode).toBe(0)
    expect(new Set(ids(result.outputs['deleted-ids']))).toEqual(expected)
    expect(apiRequests(emulator, name).filter((r) => r.method !== 'GET')).toEqual([])
    expect(emulator.listDeployments(name)).toHaveLength(previews.length + 20)
    expect(result.stdout).toContain(`Would delete ${expected.size} of ${previews.length}`)
    expect(result.summary).toContain('Would delete (dry run)')
    expect(result.summary).toContain('Dry run: nothing was deleted.')
  })

  it('stops at max-deletions, oldest first, and says which it kept for that reason', async () => {
    const { name, previews } = seedBusyProject(emulator, 4, 10)
    const result = await act(emulator, {
      operation: 'cleanup',
      'project-name': name,
      'keep-latest': '1',
      'max-deletions': '5'
    })
    expect(result.exitCode).toBe(0)
    const oldest = [...previews]
      .sort((a, b) => Date.parse(a.created_on) - Date.parse(b.created_on))
      .slice(0, 5)
      .map((d) => d.id)
    expect(ids(result.outputs['deleted-ids'])).toEqual(oldest)
    expect(result.stdout).toMatch(/max-deletions \(5\) reached/)
  })

  it('cleans production too when asked, but never the live or the newest deployment', async () => {
    const { name, production, live } = seedBusyProject(emulator, 1, 3)
    // Roll production back: the live deployment is no longer the newest of main.
    const older = production[10] as Deployment
    const rollback = await act(emulator, {
      operation: 'rollback',
      'project-name': name,
      'deployment-id': older.id
    })
    expect(rollback.exitCode).toBe(0)

    const result = await act(emulator, {
      operation: 'cleanup',
      'project-name': name,
      environment: 'production',
      'keep-latest': '1'
    })
    expect(result.exitCode).toBe(0)
    const remaining = new Set(emulator.listDeployments(name).map((d) => d.id))
    expect(remaining.has(older.id)).toBe(true)
    expect(remaining.has(live.id)).toBe(true)
    expect(ids(result.outputs['deleted-ids'])).toHaveLength(18)
    expect(result.stdout).toMatch(new RegExp(`Kept ${older.id} .*: live production deployment`))
    expect(result.stdout).toMatch(new RegExp(`Kept ${live.id} .*: newest deployment of its branch`))
    // Previews were not listed, let alone deleted.
    expect(remaining.size).toBe(2 + 3)
  })

  it('keeps a preview Cloudflare calls aliased unless force is true, and forces it when it is', async () => {
    const { name, previews } = seedBusyProject(emulator, 1, 4)
    const aliased = previews[0] as Deployment
    const refusal = {
      kind: 'success-false' as const,
      code: 8000035,
      message: 'Cannot delete an aliased deployment without ?force=true.',
      match: { method: 'DELETE', path: `/deployments/${aliased.id}` }
    }
    emulator.addFaults(refusal)
    const kept = await act(emulator, {
      operation: 'cleanup',
      'project-name': name,
      'keep-latest': '1'
    })
    expect(kept.exitCode).toBe(0)
    expect(ids(kept.outputs['deleted-ids'])).toHaveLength(2)
    expect(emulator.getDeployment(aliased.id)).toBeDefined()
    expect(kept.stdout).toMatch(
      new RegExp(`Kept ${aliased.id} .*aliased; Cloudflare deletes it only with force: true`)
    )
    expect(apiRequests(emulator, name).some((r) => r.path.includes('force=true'))).toBe(false)

    emulator.addFaults({ ...refusal, match: { ...refusal.match, path: `${aliased.id}$` } })
    const forced = await act(emulator, {
      operation: 'cleanup',
      'project-name': name,
      'keep-latest': '1',
      force: 'true'
    })
    expect(forced.exitCode).toBe(0)
    expect(ids(forced.outputs['deleted-ids'])).toEqual([aliased.id])
    expect(emulator.getDeployment(aliased.id)).toBeUndefined()
    const forcedDeletes = apiRequests(emulator, name).filter((r) => r.path.includes('force=true'))
    expect(forcedDeletes.map((r) => r.path)).toEqual([
      expect.stringContaining(`/deployments/${aliased.id}?force=true`)
    ])
  })

  it('keeps going past a failed delete, reports it and fails the step', async () => {
    const { name, previews } = seedBusyProject(emulator, 3, 10)
    const broken = previews[3] as Deployment
    const gone = previews[4] as Deployment
    emulator.addFaults(
      { kind: 'status', status: 500, match: { method: 'DELETE', path: broken.id }, times: 10 },
      // Deleted, but the answer is lost: the retry finds it gone (404), which counts as deleted.
      { kind: 'reset-mid-body', match: { method: 'DELETE', path: gone.id } }
    )
    const result = await act(emulator, {
      operation: 'cleanup',
      'project-name': name,
      'keep-latest': '3'
    })
    expect(result.exitCode).toBe(1)
    const expected = expectedDeletions(previews, 3, 0, emulator.now())
    const deleted = ids(result.outputs['deleted-ids'])
    expect(deleted).toHaveLength(expected.size - 1)
    expect(deleted).toContain(gone.id)
    expect(emulator.getDeployment(gone.id)).toBeUndefined()
    expect(result.stdout).toContain(`Deleted ${gone.id}`)
    expect(result.stdout).toMatch(/it was already gone/)
    expect(deleted).not.toContain(broken.id)
    expect(emulator.getDeployment(broken.id)).toBeDefined()
    expect(result.outputs.error).toMatch(
      new RegExp(
        `^1 of ${expected.size} deletions failed; the first, ${broken.id}: delete deployment failed after 5 attempts \\(HTTP 500`
      )
    )
    expect(result.stdout).toContain(`Kept ${broken.id}`)
    expect(result.outputs['kept-count']).toBe(String(previews.length - expected.size + 1))
    expect(result.summary).toContain('Failed deletes')
  }, 60_000)
})

describe('operation: cleanup under a 429 storm', () => {
  let limited: Emulator
  beforeAll(async () => {
    // 40 requests per 2 seconds: a cleanup of 300 runs into the limit again and again.
    limited = await startWorld({ rateLimit: { limit: 40, windowMs: 2_000 } })
  })
  afterAll(async () => {
    await limited.close()
  })

  it('waits out every 429 and deletes everything the policy selects', async () => {
    // 300 deployments, half of them deleted: with the 429s, the run's attempts stay within its
    // own rate share (300 requests per 5 minutes), which counts every attempt.
    const { name, previews } = seedBusyProject(limited, 10, 28)
    const expected = expectedDeletions(previews, 130, 0, limited.now())
    expect(expected.size).toBeGreaterThan(120)
    const result = await act(limited, {
      operation: 'cleanup',
      'project-name': name,
      'keep-latest': '130',
      'max-deletions': '1000'
    })
    expect(result.exitCode).toBe(0)
    expect(new Set(ids(result.outputs['deleted-ids']))).toEqual(expected)
    const requests = apiRequests(limited, name)
    expect(requests.filter((r) => r.status === 429).length).toBeGreaterThan(8)
    expect(limited.listDeployments(name)).toHaveLength(300 - expected.size)
  })
})
