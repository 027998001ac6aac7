/**
 * Real links and the real API: what Cloudflare and a runner's network do that a loopback
 * emulator did not. Each behaviour is the emulator's first (with where it is documented or
 * reported), then pages-pilot's answer to it.
 */
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { unlinkSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Emulator } from '../../emulator/server.js'
import { act, cancelAt, startWorld, uniqueProject } from '../support/world.js'
import { folderWith } from '../support/folders.js'

let emulator: Emulator
beforeAll(async () => {
  emulator = await startWorld()
})
afterAll(async () => {
  await emulator.close()
})

const site = (files: Record<string, string | Buffer>): string => folderWith(files, 'real')

function directProject(): string {
  const name = uniqueProject('real')
  emulator.addProject({ name, source: 'direct' })
  return name
}

describe('a slow link', () => {
  it('sends an upload that takes longer than request-timeout, since bytes keep moving', async () => {
    const name = directProject()
    // 4 MiB of incompressible content: 5.6 MB of JSON, about 1.9 s at 3 MB/s.
    const dir = site({ 'index.html': 'x', 'video.bin': randomBytes(4 * 1024 * 1024) })
    emulator.setLinkSpeed(3_000_000)
    try {
      const result = await act(emulator, {
        'project-name': name,
        directory: dir,
        branch: 'main',
        'request-timeout': '1s'
      })
      expect([result.exitCode, result.outputs.error]).toEqual([0, ''])
    } finally {
      emulator.setLinkSpeed(undefined)
    }
    const uploads = emulator.requests.filter((r) => r.path === '/client/v4/pages/assets/upload')
    expect(uploads.length).toBeGreaterThan(0)
  })
})

describe("the real API's answer to an expired upload token", () => {
  it("(403 'Expired JWT', plain text) gets a fresh token at once, counts no attempt and blames nothing", async () => {
    const name = directProject()
    const files: Record<string, string> = {}
    for (let i = 0; i < 12; i++) files[`page-${i}.html`] = `<p>${i}</p>`.repeat(20)
    // The token's exp is minutes away, yet Cloudflare calls it expired after two requests.
    emulator.assets.policy.maxUses = 2
    const refusedBefore = emulator.assets.stats.tokensRefused
    try {
      const result = await act(emulator, {
        'project-name': name,
        directory: site(files),
        branch: 'main'
      })
      expect([result.exitCode, result.outputs.error]).toEqual([0, ''])
      expect(result.stdout).not.toMatch(/api-token|Authentication failed|::warning::/)
    } finally {
      emulator.assets.policy.maxUses = undefined
    }
    expect(emulator.assets.stats.tokensRefused).toBeGreaterThan(refusedBefore)
  })

  it('stops, without blaming api-token, when fresh tokens are refused again and again', async () => {
    const name = directProject()
    emulator.assets.policy.maxUses = 0
    try {
      const result = await act(emulator, {
        'project-name': name,
        directory: site({ 'index.html': 'x' }),
        branch: 'main'
      })
      expect(result.exitCode).toBe(1)
      expect(result.outputs.error).toContain(
        'refused 4 fresh upload tokens in a row (check which files are missing failed (HTTP 403, unreadable non-JSON response: Expired JWT).'
      )
      expect(result.outputs.error).toContain("not api-token's")
      expect(result.outputs.error).not.toMatch(/check that api-token|Authentication failed/)
    } finally {
      emulator.assets.policy.maxUses = undefined
    }
  })
})

describe('a server-rendered site', () => {
  it.each([
    ['a _worker.js file', { '_worker.js': 'export default { fetch: () => new Response("ssr") }' }],
    [
      'a _worker.js folder',
      {
        '_worker.js/index.js': `import { page } from './page.js'
          export default { fetch: () => new Response(page) }`,
        '_worker.js/page.js': 'export const page = "ssr"'
      }
    ]
  ])(
    'with %s, _routes.json and no static file deploys with an empty manifest, as wrangler does',
    async (_, worker) => {
      const name = directProject()
      const dir = site({
        ...worker,
        '_routes.json': JSON.stringify({ version: 1, include: ['/*'], exclude: [] })
      })
      const result = await act(emulator, { 'project-name': name, directory: dir, branch: 'main' })
      expect([result.exitCode, result.outputs.error]).toEqual([0, ''])
      const upload = emulator.getUpload(result.outputs['deployment-id'] ?? '')
      expect(upload?.manifest).toEqual({})
      expect(upload?.worker?.modules.length).toBeGreaterThan(0)
      expect(upload?.files['_routes.json']).toBeDefined()
    }
  )

  it('is still refused with neither a file nor a Worker', async () => {
    const name = directProject()
    const result = await act(emulator, {
      'project-name': name,
      directory: site({ '_routes.json': '{"version":1,"include":["/*"],"exclude":[]}' }),
      branch: 'main'
    })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.error).toMatch(/has no files to upload and no Worker/)
  })
})

describe('commit messages, as the server counts them', () => {
  const line = (text: string, times: number) => Array.from({ length: times }, () => text).join('\n')
  it.each([
    ['Cyrillic, multi-line', line('Исправлена ошибка в обработке платежей', 12)],
    ['CJK, multi-line', line('修复了支付处理中的错误并更新了文档', 14)],
    ['emoji, multi-line', line('🚀✨ ship it 🎉👩‍💻', 30)],
    ['CR-only line breaks', line('old mac line', 40).replace(/\n/g, '\r')],
    ['a break at the cut', `${'a'.repeat(382)}\nrest`]
  ])('%s: is sent so that the server keeps it whole (no 8000111)', async (_, message) => {
    const name = directProject()
    const result = await act(emulator, {
      'project-name': name,
      directory: site({ 'index.html': 'x' }),
      branch: 'main',
      'commit-message': message
    })
    expect([result.exitCode, result.outputs.error]).toEqual([0, ''])
    const sent =
      emulator.getUpload(result.outputs['deployment-id'] ?? '')?.fields.commit_message ?? ''
    expect(Buffer.byteLength(sent)).toBeLessThanOrEqual(384)
    expect(sent).not.toMatch(/\r(?!\n)|(?<!\r)\n/) // CRLF only: no lone CR or LF
    expect(message.replace(/\r\n|\r|\n/g, '\r\n').startsWith(sent)).toBe(true)
    expect(sent.length).toBeGreaterThan(100)
  })

  it('the emulator refuses, as Cloudflare does, a message whose CRLF form is cut inside a character', async () => {
    const { storedCommitMessage } = await import('../../emulator/commit-message.js')
    // 383 bytes of ASCII then a 2-byte letter: the 384-byte cut splits it.
    expect(() => storedCommitMessage(`${'a'.repeat(383)}é`)).toThrow(/8000111|valid UTF-8/)
    // 192 lines of 'a' take 383 bytes with LF, 574 with CRLF: cut at 384, on a boundary.
    expect(Buffer.byteLength(storedCommitMessage(line('a', 192)))).toBe(384)
  })
})

describe('one deployment per run, whatever the network does', () => {
  const POST_DEPLOYMENTS = (name: string) => ({
    method: 'POST',
    path: `/pages/projects/${name}/deployments`
  })

  it.each([
    ['a gateway 502 (HTML)', { kind: 'status', status: 502, body: 'html' } as const],
    ['a 503', { kind: 'status', status: 503, body: 'json' } as const],
    [
      "Cloudflare's 8000000",
      { kind: 'success-false', code: 8000000, message: 'An unknown error occurred' } as const
    ]
  ])(
    '%s answered after Cloudflare created it: the deployment is found and followed, not made twice',
    async (_, fault) => {
      const name = directProject()
      emulator.addFaults({ match: POST_DEPLOYMENTS(name), afterEffect: true, ...fault })
      const result = await act(emulator, {
        'project-name': name,
        directory: site({ 'index.html': 'x' }),
        branch: 'main'
      })
      expect([result.exitCode, result.outputs.error]).toEqual([0, ''])
      expect(emulator.listDeployments(name)).toHaveLength(1)
      expect(result.stdout).toContain(
        `Cloudflare did create deployment ${result.outputs['deployment-id']}; following it.`
      )
      const posts = emulator.requests.filter(
        (r) => r.method === 'POST' && r.path.endsWith(`/${name}/deployments`)
      )
      expect(posts).toHaveLength(1)
    }
  )

  it('the same answers before anything was made: the request is sent once more, after a look', async () => {
    const name = directProject()
    emulator.addFaults({ match: POST_DEPLOYMENTS(name), kind: 'status', status: 502, body: 'html' })
    const result = await act(emulator, {
      'project-name': name,
      directory: site({ 'index.html': 'x' }),
      branch: 'main'
    })
    expect([result.exitCode, result.outputs.error]).toEqual([0, ''])
    expect(emulator.listDeployments(name)).toHaveLength(1)
    expect(result.stdout).toContain('No deployment was created, so the request is sent once more.')
  })

  it('a POST that outlived its deadline and was carried out later is adopted', async () => {
    const name = directProject()
    emulator.addFaults({ match: POST_DEPLOYMENTS(name), kind: 'stall', ms: 4_000 })
    const result = await act(emulator, {
      'project-name': name,
      directory: site({ 'index.html': 'x' }),
      branch: 'main',
      'request-timeout': '1s'
    })
    expect([result.exitCode, result.outputs.error]).toEqual([0, ''])
    expect(emulator.listDeployments(name)).toHaveLength(1)
  })

  it('a cancel while the POST is out: the deployment Cloudflare made is looked up and named', async () => {
    const name = directProject()
    emulator.addFaults({ match: POST_DEPLOYMENTS(name), kind: 'stall', ms: 500 })
    const signal = cancelAt(
      emulator,
      (r) => r.method === 'POST' && r.path.endsWith(`/${name}/deployments`)
    )
    const result = await act(
      emulator,
      { 'project-name': name, directory: site({ 'index.html': 'x' }), branch: 'main' },
      { signal }
    )
    expect(result.exitCode).toBe(1)
    expect(result.outputs.error).toContain('the run was cancelled')
    const [created] = emulator.listDeployments(name)
    expect(created).toBeDefined()
    expect(result.outputs['deployment-id']).toBe(created?.id)
    expect(result.summary).toContain(`Cloudflare did create it: ${created?.id}`)
  })
})

describe('a _worker.bundle over 25 MiB uncompressed', () => {
  it('is refused before anything is uploaded, as the API would refuse it', async () => {
    const name = directProject()
    const dir = site({
      'index.html': 'x',
      '_worker.js/index.js': `import big from './big.txt'
        export default { fetch: () => new Response(big.slice(0, 10)) }`,
      // Compresses to almost nothing: under the 10 MiB gzip limit, over the 25 MiB one.
      '_worker.js/big.txt': 'a'.repeat(26 * 1024 * 1024)
    })
    const result = await act(emulator, { 'project-name': name, directory: dir, branch: 'main' })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.error).toMatch(
      /_worker\.bundle is 26\.0 MiB uncompressed, over the 25 MiB Cloudflare accepts for it/
    )
    expect(emulator.requests.some((r) => r.path.includes(`${name}/upload-token`))).toBe(false)
    expect(emulator.listDeployments(name)).toHaveLength(0)
  })
})

describe('nothing assumed that the API does not promise', () => {
  function gitProject(): string {
    const name = uniqueProject('real-git')
    emulator.addProject({ name, productionBranch: 'main' })
    return name
  }

  it('a list answered oldest first: rollback restores the production just before, not an older one', async () => {
    const name = gitProject()
    const older = emulator.seedDeployment(name, { branch: 'main', createdAgoMs: 3 * 3_600_000 })
    const before = emulator.seedDeployment(name, { branch: 'main', createdAgoMs: 2 * 3_600_000 })
    emulator.seedDeployment(name, { branch: 'main', createdAgoMs: 3_600_000 })
    emulator.setListOrder('oldest-first')
    try {
      const result = await act(emulator, { operation: 'rollback', 'project-name': name })
      expect([result.exitCode, result.outputs.error]).toEqual([0, ''])
      expect(result.outputs['deployment-id']).toBe(before.id)
      expect(result.outputs['deployment-id']).not.toBe(older.id)
    } finally {
      emulator.setListOrder('newest-first')
    }
  })

  it("a list answered oldest first: wait finds the commit's newest build", async () => {
    const name = gitProject()
    const commit = 'c0'.repeat(20)
    emulator.seedDeployment(name, { branch: 'main', commitHash: commit, createdAgoMs: 3_600_000 })
    const newest = emulator.seedDeployment(name, {
      branch: 'main',
      commitHash: commit,
      createdAgoMs: 600_000
    })
    emulator.setListOrder('oldest-first')
    try {
      const result = await act(emulator, {
        operation: 'wait',
        'project-name': name,
        'commit-hash': commit
      })
      expect([result.exitCode, result.outputs['deployment-id']]).toEqual([0, newest.id])
    } finally {
      emulator.setListOrder('newest-first')
    }
  })
})

describe('a file swapped for a FIFO during the upload', () => {
  it('is refused at once instead of hanging the process in an open that no signal can stop', async () => {
    const name = directProject()
    const dir = site({ 'index.html': 'x', 'app.js': 'console.log(1)'.repeat(100) })
    const stop = emulator.onRequest((request) => {
      if (!request.path.endsWith('/pages/assets/check-missing')) return
      stop()
      // After hashing, before the upload reads the file again.
      unlinkSync(join(dir, 'app.js'))
      execFileSync('mkfifo', [join(dir, 'app.js')])
    })
    const result = await act(emulator, { 'project-name': name, directory: dir, branch: 'main' })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.error).toContain('app.js is no longer a regular file')
    expect(emulator.listDeployments(name)).toHaveLength(0)
  })
})

describe('nothing half done', () => {
  it('a project created by this run is deleted again when the upload fails and nothing was deployed', async () => {
    const name = uniqueProject('real-new')
    emulator.addFaults({
      match: { method: 'POST', path: '/pages/assets/upload' },
      kind: 'status',
      status: 400,
      body: 'json',
      times: 10
    })
    try {
      const result = await act(emulator, {
        'project-name': name,
        directory: site({ 'index.html': 'x' }),
        branch: 'main',
        'create-project': 'true'
      })
      expect(result.exitCode).toBe(1)
      expect(result.outputs['project-created']).toBe('false')
      expect(result.summary).toContain(
        `This run created project ${name}, then deleted it again because no deployment was made`
      )
      expect(emulator.getProject(name)).toBeUndefined()
    } finally {
      emulator.clearFaults()
    }
  })
})
