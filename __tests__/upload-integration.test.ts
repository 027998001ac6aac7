/**
 * The upload pieces together over real HTTP: walk a folder, hash it, upload it through the
 * action's Transport to the emulator's asset endpoints (served here by a minimal router, as
 * the emulator will once they are wired), and check the manifest the way a deployment will.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { systemClock } from '../src/util/clock.js'
import { AssetsClient, type StreamedJson } from '../src/cloudflare/assets-client.js'
import { PagesClient } from '../src/cloudflare/pages-client.js'
import { Transport, type TransportOptions } from '../src/cloudflare/transport.js'
import { PagesHasher, hashFiles } from '../src/upload/hash.js'
import { AssetUploader, UploadError } from '../src/upload/uploader.js'
import { walkDirectory } from '../src/upload/walk.js'
import { failure, type EmulatorResponse } from '../emulator/envelope.js'
import { AssetStore, handleAssets, handleUploadToken, isAssetsPath } from '../emulator/uploads.js'

const ACCOUNT = 'acc0123'
const API_TOKEN = 'api-token-0123456789'
const store = new AssetStore()
let server: Server
let baseUrl: string
let dir: string
/** Upload requests the server began to receive, complete or not. */
let uploadsStarted = 0

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url?.endsWith('/pages/assets/upload')) uploadsStarted++
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost')
      const apiPath = url.pathname.replace(/^\/client\/v4/, '')
      let response: EmulatorResponse
      if (isAssetsPath(apiPath)) {
        response = handleAssets(store, {
          method: req.method ?? 'GET',
          apiPath,
          headers: req.headers,
          body: Buffer.concat(chunks),
          now: Date.now()
        })
      } else if (
        apiPath === `/accounts/${ACCOUNT}/pages/projects/site/upload-token` &&
        req.headers.authorization === `Bearer ${API_TOKEN}`
      ) {
        response = handleUploadToken(store, 'site', Date.now())
      } else {
        response = failure(404, 7003, 'No route for the URI')
      }
      res.writeHead(response.status, response.headers)
      res.end(response.body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/client/v4`
  dir = await mkdtemp(join(tmpdir(), 'pp-upload-'))
  const files: Record<string, string | Buffer> = {
    'index.html': '<h1>home</h1>',
    'about/index.html': '<h1>about</h1>',
    'copy-of-home.html': '<h1>home</h1>',
    'assets/app.js': 'console.log("hi")',
    'assets/logo.png': Buffer.alloc(300_000, 7),
    'café/menu.txt': 'crème brûlée',
    _headers: '/*\n  X-Frame-Options: DENY\n',
    'node_modules/x/index.js': 'skipped'
  }
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true })
    await writeFile(join(dir, path), content)
  }
})

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()))
  await rm(dir, { recursive: true, force: true })
})

/** Attempts of upload requests, as the uploader made them. */
let uploadAttempts = 0

class CountingApi extends AssetsClient {
  override uploadAssets<T>(jwt: string, body: StreamedJson, operation: string): Promise<T> {
    uploadAttempts++
    return super.uploadAssets<T>(jwt, body, operation)
  }
}

async function deploy(
  beforeUpload: () => Promise<void> = async () => undefined
): Promise<{ manifest: Record<string, string>; uploaded: number }> {
  const options: Omit<TransportOptions, 'credentials'> = {
    baseUrl,
    requestTimeoutMs: 10_000,
    clock: systemClock,
    userAgent: 'pages-pilot-test'
  }
  const account = new Transport({ ...options, credentials: { kind: 'token', token: API_TOKEN } })
  const api = new CountingApi(account, new PagesClient(account, ACCOUNT), 'site')
  const hasher = await PagesHasher.create()
  try {
    const uploader = new AssetUploader({ api, clock: systemClock, hasher })
    const token = await uploader.getUploadToken()
    const walked = await walkDirectory(dir, { maxFiles: token.maxFileCount })
    expect(walked.specialFiles.map((f) => f.name)).toEqual(['_headers'])
    const hashed = await hashFiles(walked.files, { hasher })
    await beforeUpload()
    const result = await uploader.upload(hashed)
    return { manifest: result.manifest, uploaded: result.counts.uploaded }
  } finally {
    account.dispose()
  }
}

describe('a Direct Upload of a folder', () => {
  it('uploads what is missing, which the deployment check then accepts', async () => {
    store.policy.maxUses = 2 // Forces fresh tokens along the way.
    const first = await deploy()
    expect(Object.keys(first.manifest)).toEqual([
      '/about/index.html',
      '/assets/app.js',
      '/assets/logo.png',
      '/café/menu.txt',
      '/copy-of-home.html',
      '/index.html'
    ])
    expect(first.uploaded).toBe(6)
    expect(store.stats.filesUploaded).toBe(5) // the two copies of home are one content
    expect(store.stats.tokensIssued).toBeGreaterThan(1)
    await expect(store.verifyManifest('site', JSON.stringify(first.manifest))).resolves.toEqual(
      first.manifest
    )
  })

  it('uploads nothing when the folder did not change', async () => {
    const before = store.stats.uploadRequests
    const again = await deploy()
    expect(again.uploaded).toBe(0)
    expect(store.stats.uploadRequests).toBe(before)
  })

  it('stops, naming the file, when a file changes between hashing and sending', async () => {
    const logo = join(dir, 'assets/logo.png')
    // New content, so it is sent; over several pieces, so the request is on the wire when the
    // change shows at the file's end.
    await writeFile(logo, Buffer.alloc(2_000_000, 8))
    const before = {
      handled: store.stats.uploadRequests,
      started: uploadsStarted,
      attempts: uploadAttempts
    }
    const error = await deploy(() => writeFile(logo, Buffer.alloc(2_000_000, 9))).catch(
      (e: unknown) => e
    )
    expect(error).toBeInstanceOf(UploadError)
    expect((error as Error).message).toMatch(
      /'assets\/logo.png' changed while it was being deployed/
    )
    // At most one request began (it may be cut before it reaches the server), it was never
    // complete enough to be handled, and it was not sent again.
    expect(uploadsStarted - before.started).toBeLessThanOrEqual(1)
    expect(uploadAttempts - before.attempts).toBe(1)
    expect(store.stats.uploadRequests).toBe(before.handled)

    const again = await deploy()
    expect(again.uploaded).toBe(1)
    expect(store.stats.uploadRequests).toBe(before.handled + 1)
  })
})
