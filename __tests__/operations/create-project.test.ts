/**
 * `create-project`: a missing project is created (Direct Upload) before the first deployment;
 * a parallel job's creation counts as success; a taken pages.dev name is reported as given.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Emulator } from '../../emulator/server.js'
import { act, startWorld, uniqueProject, visibleLines } from '../support/world.js'

let emulator: Emulator
beforeAll(async () => {
  emulator = await startWorld()
})
afterAll(async () => {
  await emulator.close()
})

function builtSite(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pages-pilot-new-site-'))
  writeFileSync(join(dir, 'index.html'), '<h1>first deploy</h1>')
  return dir
}

/** A push of `branch` to a repository whose default branch is `defaultBranch`. */
function pushEvent(branch: string, defaultBranch: string) {
  return {
    env: { GITHUB_EVENT_NAME: 'push', GITHUB_REF: `refs/heads/${branch}` },
    event: {
      ref: `refs/heads/${branch}`,
      head_commit: { message: 'First commit' },
      repository: { full_name: 'acme/site', default_branch: defaultBranch }
    }
  }
}

const creations = (emulator: Emulator) =>
  emulator.requests.filter((r) => r.method === 'POST' && /\/pages\/projects$/.test(r.path))

describe('create-project', () => {
  it("creates a missing Direct Upload project with the repository's default branch and deploys to production", async () => {
    const name = uniqueProject('fresh')
    const result = await act(
      emulator,
      { 'project-name': name, directory: builtSite(), 'create-project': 'true' },
      pushEvent('trunk', 'trunk')
    )
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({
      'project-created': 'true',
      'production-branch': 'trunk',
      subdomain: `${name}.pages.dev`,
      environment: 'production',
      status: 'success',
      'files-uploaded': '1'
    })
    expect(emulator.getProject(name)).toMatchObject({ source: null, production_branch: 'trunk' })
    expect(result.summary).toContain(
      `This run created project ${name} (Direct Upload, production branch trunk).`
    )
    expect(visibleLines(result).join('\n')).toContain(
      `Project ${name} does not exist: it will be created as a Direct Upload project, production branch trunk (the repository's default branch), once the deployment is ready to be sent.`
    )
  })

  it('uses production-branch when given, and a later run finds the project and creates nothing', async () => {
    const name = uniqueProject('fresh-branch')
    const first = await act(
      emulator,
      {
        'project-name': name,
        directory: builtSite(),
        'create-project': 'true',
        'production-branch': 'release',
        branch: 'feature/x'
      },
      pushEvent('feature/x', 'main')
    )
    expect(first.outputs).toMatchObject({
      'project-created': 'true',
      'production-branch': 'release',
      environment: 'preview'
    })
    const before = creations(emulator).length
    const second = await act(
      emulator,
      { 'project-name': name, directory: builtSite(), 'create-project': 'true', branch: 'release' },
      pushEvent('release', 'main')
    )
    expect(second.outputs).toMatchObject({ 'project-created': 'false', environment: 'production' })
    expect(creations(emulator).length).toBe(before)
  })

  it('two jobs racing to create the project both deploy; one of them created it', async () => {
    const name = uniqueProject('race')
    const inputs = { 'project-name': name, directory: builtSite(), 'create-project': 'true' }
    const refusedBefore = creations(emulator).filter((r) => r.status === 409).length
    const results = await Promise.all([
      act(emulator, { ...inputs, branch: 'a' }, pushEvent('a', 'main')),
      act(emulator, { ...inputs, branch: 'b' }, pushEvent('b', 'main'))
    ])
    expect(results.map((r) => r.exitCode)).toEqual([0, 0])
    expect(results.map((r) => r.outputs['project-created']).sort()).toEqual(['false', 'true'])
    expect(results.map((r) => r.outputs.status)).toEqual(['success', 'success'])
    const loser = results.find((r) => r.outputs['project-created'] === 'false')
    expect(visibleLines(loser!).join('\n')).toContain(`Project ${name} was created meanwhile`)
    // Both creates reached Cloudflare: the second was refused as a duplicate, not skipped.
    expect(creations(emulator).filter((r) => r.status === 409).length).toBe(refusedBefore + 1)
  })

  it('a create whose answer was lost is sent again and finds the project made', async () => {
    const name = uniqueProject('lost')
    emulator.addFaults({ kind: 'truncated', match: { method: 'POST', path: '/pages/projects' } })
    const result = await act(
      emulator,
      { 'project-name': name, directory: builtSite(), 'create-project': 'true' },
      pushEvent('main', 'main')
    )
    expect(result.exitCode).toBe(0)
    expect(result.outputs.status).toBe('success')
    expect(visibleLines(result).join('\n')).toContain(
      "this run's first request, whose answer was lost"
    )
  })

  it('reports the pages.dev name Cloudflare gave when the project name was taken elsewhere', async () => {
    const name = uniqueProject('taken')
    emulator.takeSubdomain(name)
    const result = await act(
      emulator,
      { 'project-name': name, directory: builtSite(), 'create-project': 'true' },
      pushEvent('main', 'main')
    )
    expect(result.exitCode).toBe(0)
    const subdomain = result.outputs.subdomain ?? ''
    expect(subdomain).toMatch(new RegExp(`^${name}-[0-9a-f]{4}\\.pages\\.dev$`))
    expect(result.outputs['alias-url']).toBe(`https://${subdomain}`)
    expect(result.outputs.url).toContain(`.${subdomain}`)
    expect(result.stdout).toContain(
      `::notice::${name}.pages.dev was already taken, so Cloudflare gave project ${name} the address https://${subdomain}`
    )
    // The site answers at the address the outputs give.
    const served = await fetch(result.outputs.url ?? '')
    expect(served.status).toBe(200)
  })

  it('creates nothing when the deploy fails before it is ready: a missing folder, a Worker that does not build', async () => {
    const before = creations(emulator).length
    const name = uniqueProject('not-ready')
    const missingFolder = await act(
      emulator,
      {
        'project-name': name,
        directory: join(tmpdir(), 'no-such-folder-here'),
        'create-project': 'true'
      },
      pushEvent('main', 'main')
    )
    expect(missingFolder.exitCode).toBe(1)
    expect(missingFolder.outputs.error).toContain('does not exist')
    const broken = builtSite()
    writeFileSync(join(broken, '_worker.js'), 'export default { fetch( }')
    const badWorker = await act(
      emulator,
      { 'project-name': name, directory: broken, 'create-project': 'true' },
      pushEvent('main', 'main')
    )
    expect(badWorker.exitCode).toBe(1)
    expect(badWorker.outputs.error).toContain('Bundling _worker.js failed')
    expect(creations(emulator).length).toBe(before)
    expect(emulator.getProject(name)).toBeUndefined()
    expect(badWorker.outputs['project-created']).toBe('false')
  })

  it('without create-project, a missing project fails with an error naming it and the fix', async () => {
    const name = uniqueProject('missing')
    const result = await act(emulator, { 'project-name': name, directory: builtSite() })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.error).toContain(`Project '${name}' was not found in account`)
    expect(result.outputs.error).toContain('set create-project: true')
    expect(emulator.getProject(name)).toBeUndefined()
  })

  it('refuses inputs that cannot create a project, naming each', async () => {
    const name = uniqueProject('refused')
    const before = creations(emulator).length
    const noFolder = await act(emulator, { 'project-name': name, 'create-project': 'true' })
    expect(noFolder.outputs.error).toContain(
      'create-project: the project it creates is a Direct Upload project, which deploys a built folder: set directory'
    )
    const wrongOperation = await act(emulator, {
      'project-name': name,
      operation: 'status',
      'create-project': 'true'
    })
    expect(wrongOperation.outputs.error).toContain(
      'create-project: only operations deploy and trigger create a project; remove it for status.'
    )
    const branchAlone = await act(emulator, {
      'project-name': name,
      directory: builtSite(),
      'production-branch': 'main'
    })
    expect(branchAlone.outputs.error).toContain(
      "production-branch: used with create-project: true (the production branch of the project it creates) or with operation: project (to change an existing project's); remove it, or set one of them."
    )
    const badBranch = await act(emulator, {
      'project-name': name,
      directory: builtSite(),
      'create-project': 'true',
      'production-branch': 'no spaces allowed'
    })
    expect(badBranch.outputs.error).toContain(
      "production-branch: 'no spaces allowed' is not a valid Git branch name (no spaces, control characters, '..', '~', '^', ':', '?', '*', '[' or '\\')."
    )
    const notBoolean = await act(emulator, {
      'project-name': name,
      directory: builtSite(),
      'create-project': 'yes please'
    })
    expect(notBoolean.outputs.error).toContain('create-project')
    expect(creations(emulator).length).toBe(before)
    expect(emulator.getProject(name)).toBeUndefined()
  })
})
