/**
 * Direct Upload through the bundled action: real folders on disk, uploaded to the emulator,
 * which checks every manifest hash against the content it received.
 */
import { symlinkSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Emulator } from '../../emulator/server.js'
import { pagesAssetHash } from '../../src/upload/hash.js'
import { act, startWorld, uniqueProject } from '../support/world.js'
import { folderWith } from '../support/folders.js'

let emulator: Emulator
beforeAll(async () => {
  emulator = await startWorld()
})
afterAll(async () => {
  await emulator.close()
})

const site = (files: Record<string, string | Buffer>): string => folderWith(files, 'site')

function directProject(): string {
  const name = uniqueProject('direct')
  emulator.addProject({ name, source: 'direct' })
  return name
}

const SITE = {
  'index.html': '<h1>Home</h1>',
  'assets/app.js': 'console.log("app")',
  'assets/deep/nested/style.css': 'body{}',
  LICENSE: 'MIT',
  'café/menü.html': '<p>unicode</p>',
  'empty.txt': '',
  _headers: '/*\n  X-Frame-Options: DENY\n',
  _redirects: '/old /new 301\n',
  '_routes.json': '{"version":1,"include":["/*"],"exclude":[]}',
  'node_modules/pkg/index.js': 'ignored',
  '.git/HEAD': 'ref: refs/heads/main',
  '.DS_Store': 'junk',
  'sub/.DS_Store': 'junk',
  'functions/api.js': 'export default {}'
}

describe('deploy with directory (Direct Upload)', () => {
  it('uploads the folder, creates the deployment from its manifest and follows it', async () => {
    const name = directProject()
    const dir = site(SITE)
    const sha = 'd'.repeat(40)
    const result = await act(
      emulator,
      {
        'project-name': name,
        directory: dir,
        branch: 'main',
        'commit-message': 'Ship it',
        'commit-hash': sha
      },
      { env: { GITHUB_SHA: 'e'.repeat(40) } }
    )
    expect(result.exitCode).toBe(0)
    expect(result.outputs.status).toBe('success')
    expect(result.outputs['files-found']).toBe('6')
    expect(result.outputs['files-uploaded']).toBe('6')
    expect(result.outputs['files-skipped']).toBe('0')
    expect(Number(result.outputs['bytes-uploaded'])).toBeGreaterThan(0)

    const deployment = emulator.getDeployment(result.outputs['deployment-id'] ?? '')
    expect(deployment?.environment).toBe('production')
    expect(deployment?.deployment_trigger.metadata).toMatchObject({
      branch: 'main',
      commit_hash: sha,
      commit_message: 'Ship it'
    })

    // What the emulator stored is exactly the files, under wrangler-compatible hashes.
    for (const path of ['index.html', 'assets/app.js', 'LICENSE', 'café/menü.html', 'empty.txt']) {
      const hash = await pagesAssetHash(Buffer.from(SITE[path as keyof typeof SITE]), path)
      expect(emulator.assets.has(name, hash)).toBe(true)
    }
    const multipart = emulator.requests.find(
      (r) => r.method === 'POST' && r.path.endsWith(`/projects/${name}/deployments`)
    )
    expect(multipart?.headers['content-type']).toMatch(/^multipart\/form-data/)
    expect(result.stdout).toMatch(/uploaded 6\/6 files/)
    expect(result.summary).toContain('6 files')
    expect(result.summary).toContain('<code>_headers</code>')
  })

  it('uploads nothing when the same folder is deployed again', async () => {
    const name = directProject()
    const dir = site({ 'index.html': 'same', 'a.css': 'same css' })
    const first = await act(emulator, { 'project-name': name, directory: dir, branch: 'main' })
    const uploadsBefore = emulator.requests.filter((r) =>
      r.path.endsWith('/pages/assets/upload')
    ).length
    const second = await act(emulator, { 'project-name': name, directory: dir, branch: 'main' })
    expect([first.exitCode, second.exitCode]).toEqual([0, 0])
    expect(second.outputs['files-uploaded']).toBe('0')
    expect(second.outputs['files-skipped']).toBe('2')
    expect(emulator.requests.filter((r) => r.path.endsWith('/pages/assets/upload')).length).toBe(
      uploadsBefore
    )
  })

  it('deploys a preview of the pull request branch with trigger', async () => {
    const name = directProject()
    const result = await act(
      emulator,
      { operation: 'trigger', 'project-name': name, directory: site({ 'index.html': 'pr' }) },
      {
        env: { GITHUB_EVENT_NAME: 'pull_request' },
        event: {
          pull_request: {
            number: 3,
            title: 'Add page',
            head: { sha: 'f'.repeat(40), ref: 'feature/page' }
          }
        }
      }
    )
    expect(result.exitCode).toBe(0)
    const deployment = emulator.getDeployment(result.outputs['deployment-id'] ?? '')
    expect(deployment?.environment).toBe('preview')
    expect(deployment?.deployment_trigger.metadata).toMatchObject({
      branch: 'feature/page',
      commit_hash: 'f'.repeat(40),
      commit_message: 'Add page'
    })
  })

  it('survives failed upload requests and an expiring token, losing no file', async () => {
    const name = directProject()
    const files: Record<string, string> = {}
    for (let i = 0; i < 30; i++) files[`page-${i}.html`] = `<p>${i}</p>`.repeat(50)
    emulator.assets.policy.maxUses = 2 // every token is refused after two requests
    emulator.addFaults(
      {
        match: { method: 'POST', path: '/pages/assets/upload' },
        kind: 'status',
        status: 500,
        body: 'html'
      },
      {
        match: { method: 'POST', path: '/pages/assets/check-missing' },
        kind: 'status',
        status: 524,
        body: 'html'
      },
      { match: { method: 'POST', path: '/pages/assets/upsert-hashes' }, kind: 'reset' }
    )
    try {
      const result = await act(emulator, {
        'project-name': name,
        directory: site(files),
        branch: 'main'
      })
      expect(result.exitCode).toBe(0)
      expect(result.outputs['files-uploaded']).toBe('30')
      expect(emulator.assets.stats.tokensIssued).toBeGreaterThan(1)
    } finally {
      emulator.assets.policy.maxUses = undefined
    }
  })

  it.each([
    [
      'a missing folder',
      () => join(tmpdir(), 'pages-pilot-no-such-dir'),
      /directory '.*' does not exist/
    ],
    [
      'an empty folder',
      () => site({ 'node_modules/x.js': 'only ignored files' }),
      /directory '.*' has no files to upload/
    ],
    [
      'a file of 25 MiB and 1 byte, showing the byte',
      () => {
        const dir = site({ 'index.html': 'x' })
        writeFileSync(join(dir, 'huge.bin'), '')
        truncateSync(join(dir, 'huge.bin'), 25 * 1024 * 1024 + 1)
        return dir
      },
      /^directory '[^']+' has files over the 25 MiB Cloudflare Pages accepts per file: 'huge\.bin' \(25 MiB \+ 1 byte\)\. Serve large files from R2 or another store instead\.$/
    ],
    [
      'symlinks that lead to one another, as a loop, not as broken',
      () => {
        const dir = site({ 'index.html': 'x' })
        symlinkSync('b.html', join(dir, 'a.html'))
        symlinkSync('a.html', join(dir, 'b.html'))
        return dir
      },
      /^directory '([^']+)' has a symlink loop at 'a\.html': \1\/a\.html leads back to itself through symlinks\. Remove the symlink, or make it point to a file inside the folder\.$/
    ],
    [
      'a symlink that leaves the folder',
      () => {
        const dir = site({ 'index.html': 'x' })
        symlinkSync('/etc/hostname', join(dir, 'leak.txt'))
        return dir
      },
      /leak\.txt/
    ]
  ])('refuses %s before creating anything', async (_label, makeDir, message) => {
    const name = directProject()
    const result = await act(emulator, {
      'project-name': name,
      directory: makeDir(),
      branch: 'main'
    })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.error).toMatch(message)
    expect(emulator.listDeployments(name)).toHaveLength(0)
    expect(
      emulator.requests.some(
        (r) =>
          r.path.endsWith('/pages/assets/upload') &&
          r.time > Date.now() - result.durationMs &&
          r.headers.authorization?.includes(name)
      )
    ).toBe(false)
  })

  it('refuses to upload to a Git-connected project, naming the fix', async () => {
    const name = uniqueProject('git')
    emulator.addProject({ name })
    const result = await act(emulator, {
      'project-name': name,
      directory: site({ 'index.html': 'x' })
    })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.error).toMatch(/builds from its Git repository .* Remove directory/)
  })

  it('refuses directory with operations that do not deploy', async () => {
    const result = await act(emulator, { operation: 'status', 'project-name': 'x', directory: '.' })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.error).toContain(
      'directory: only operations deploy and trigger upload a folder'
    )
  })
})
