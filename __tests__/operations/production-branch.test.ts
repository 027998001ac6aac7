/**
 * `production-branch` with `operation: project`: an existing project's production branch is
 * changed with a PATCH that names nothing else, with a notice of the old and the new branch;
 * deployments made after it follow the new branch, and nothing else of the project changes.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import type { Emulator } from '../../emulator/server.js'
import {
  act,
  apiRequests,
  cancelAt,
  projectPatches,
  projectWithHistory,
  startWorld,
  visibleLines
} from '../support/world.js'

let emulator: Emulator
beforeAll(async () => {
  emulator = await startWorld({ recordBodies: true })
})
afterAll(async () => {
  await emulator.close()
})
afterEach(() => {
  emulator.clearFaults()
})

const patches = (name: string) => projectPatches(emulator, name)

describe('production-branch on an existing project', () => {
  it('changes it, says from what to what, and changes nothing else', async () => {
    const { name, live } = projectWithHistory(emulator)
    emulator.addProject({ name: `${name}-x`, source: 'direct' })
    const before = emulator.getProject(name)
    const result = await act(emulator, {
      operation: 'project',
      'project-name': name,
      'production-branch': 'release'
    })
    expect([result.exitCode, result.outputs.error]).toEqual([0, ''])
    expect(result.stdout).toContain(
      `::notice::Production branch of ${name} changed from main to release.`
    )
    expect(result.outputs).toMatchObject({
      'production-branch': 'release',
      'canonical-deployment-id': live.id
    })
    const sent = patches(name)
    expect(sent).toEqual([{ production_branch: 'release' }])
    const after = emulator.getProject(name)
    const rest = (p: typeof after) => ({
      ...p,
      production_branch: undefined,
      source: { ...p?.source, config: { ...p?.source?.config, production_branch: undefined } },
      canonical_deployment: p?.canonical_deployment?.id,
      latest_deployment: p?.latest_deployment?.id
    })
    expect(before?.source?.config.production_branch).toBe('main')
    expect(after?.source?.config.production_branch).toBe('release')
    expect(rest(after)).toEqual(rest(before))
    expect(visibleLines(result)).toContain('  Production branch: release')
    expect(result.summary).toContain('<code>main</code> → <code>release</code>')
    expect(result.summary).toContain('from now on a deployment of release goes to production')
    // The next deployments follow it.
    const deploy = await act(emulator, { 'project-name': name, branch: 'release' })
    expect(deploy.outputs.environment).toBe('production')
    const preview = await act(emulator, {
      operation: 'trigger',
      'project-name': name,
      branch: 'main'
    })
    expect(preview.outputs.environment).toBe('preview')
  })

  it('takes the branch a refs/heads/ ref names, with a notice', async () => {
    const { name } = projectWithHistory(emulator)
    const result = await act(emulator, {
      operation: 'project',
      'project-name': name,
      'production-branch': 'refs/heads/release'
    })
    expect([result.exitCode, result.outputs.error]).toEqual([0, ''])
    expect(result.stdout).toContain(
      "::notice::production-branch: 'refs/heads/release' is the Git ref of a branch; using the branch it names, release. Pass the name alone (${{ github.head_ref || github.ref_name }}, not ${{ github.ref }}).\n"
    )
    expect(patches(name)).toEqual([{ production_branch: 'release' }])
  })

  it('sends nothing when it already is that branch, or in a dry run', async () => {
    const { name } = projectWithHistory(emulator)
    const same = await act(emulator, {
      operation: 'project',
      'project-name': name,
      'production-branch': 'main'
    })
    expect(visibleLines(same)).toContain(
      `The production branch of ${name} is already main: nothing to change.`
    )
    const dry = await act(emulator, {
      operation: 'project',
      'project-name': name,
      'production-branch': 'release',
      'dry-run': 'true'
    })
    expect(dry.exitCode).toBe(0)
    expect(dry.stdout).toContain(
      `::notice::Dry run: the production branch of ${name} would change from main to release; nothing was changed.`
    )
    expect(dry.outputs['production-branch']).toBe('main')
    expect(dry.summary).toContain('(dry run: not changed)')
    expect(patches(name)).toHaveLength(0)
    expect(emulator.getProject(name)?.production_branch).toBe('main')
  })

  it('refuses a bad branch, and create-project with operation project, before any request', async () => {
    const { name } = projectWithHistory(emulator)
    const bad = await act(emulator, {
      operation: 'project',
      'project-name': name,
      'production-branch': 'no spaces'
    })
    expect(bad.outputs.error).toBe(
      "Invalid input: production-branch: 'no spaces' is not a valid Git branch name (no spaces, control characters, '..', '~', '^', ':', '?', '*', '[' or '\\')."
    )
    const create = await act(emulator, {
      operation: 'project',
      'project-name': name,
      'production-branch': 'release',
      'create-project': 'true'
    })
    expect(create.outputs.error).toContain(
      'create-project: only operations deploy and trigger create a project; remove it for project.'
    )
    expect(apiRequests(emulator, name)).toHaveLength(0)
  })

  it('fails when the answer shows another branch, and notes a change whose answer never came', async () => {
    const { name } = projectWithHistory(emulator)
    emulator.addFaults({
      match: { method: 'PATCH' },
      kind: 'set-fields',
      fields: { production_branch: 'main' }
    })
    const wrong = await act(emulator, {
      operation: 'project',
      'project-name': name,
      'production-branch': 'release'
    })
    expect(wrong.outputs.error).toBe(
      `Cloudflare accepted the change of the production branch of ${name} to release, but answers main. Check the project's settings in the Cloudflare dashboard.`
    )
    emulator.addFaults({ match: { method: 'PATCH' }, kind: 'hang' })
    const cancelled = await act(
      emulator,
      { operation: 'project', 'project-name': name, 'production-branch': 'trunk' },
      { signal: cancelAt(emulator, (r) => r.method === 'PATCH' && r.path.includes(name)) }
    )
    expect(cancelled.exitCode).toBe(1)
    expect(cancelled.summary).toContain(
      'The change of the production branch to trunk had been sent and its answer never came'
    )
  })
})
