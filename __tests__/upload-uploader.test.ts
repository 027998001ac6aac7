/**
 * The Direct Upload protocol against a fake Cloudflare: only missing files are sent, in
 * bounded buckets, with retries, fresh tokens and progress that does not flood the log.
 */
import { describe, expect, it } from '@jest/globals'
import type { Clock } from '../src/util/clock.js'
import { CloudflareApiError } from '../src/cloudflare/errors.js'
import { PagesHasher } from '../src/upload/hash.js'
import {
  ASSETS_PATHS,
  type AssetsPath,
  type StreamedJson
} from '../src/cloudflare/assets-client.js'
import {
  AssetUploader,
  UploadError,
  decodeUploadToken,
  formatPlan,
  formatProgress,
  type UploadApi,
  type UploadAsset,
  type UploadCounts,
  type UploaderOptions
} from '../src/upload/uploader.js'

const START = Date.UTC(2025, 0, 1)

/** A clock whose sleeps pass at once, recorded. */
class FakeClock implements Clock {
  time = START
  sleeps: number[] = []
  now(): number {
    return this.time
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms)
    this.time += ms
  }
}

function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJl`
}

function apiError(status: number, code: number, message = 'error'): CloudflareApiError {
  return new CloudflareApiError(
    { operation: 'upload files', accountId: 'acc' },
    'api',
    status,
    [{ code, message }],
    '',
    1
  )
}

type Fault = (path: AssetsPath, token: string, body: unknown) => Error | undefined

/** Cloudflare's asset store, in memory, with scripted failures. */
class FakeCloudflare implements UploadApi {
  readonly stored = new Map<string, { value: string; contentType: string }>()
  /** Keys of each accepted upload request, in order. */
  readonly uploads: string[][] = []
  /** Every request, with how many were in flight when it started (itself included). */
  readonly calls: Array<{ path: AssetsPath; token: string; inFlight: number }> = []
  readonly faults: Fault[] = []
  tokensIssued = 0
  tokenLifetimeMs = 15 * 60_000
  maxFileCount: number | undefined
  /** Tokens that Cloudflare considers expired. */
  readonly revoked = new Set<string>()
  inFlight = 0
  maxInFlight = 0
  upserted: string[] = []
  /** Time each upload takes, on the fake clock. */
  uploadMs = 0

  constructor(private readonly clock: FakeClock) {}

  async fetchUploadToken(): Promise<string> {
    this.tokensIssued++
    const claims: Record<string, unknown> = {
      exp: Math.floor((this.clock.now() + this.tokenLifetimeMs) / 1000),
      n: this.tokensIssued
    }
    if (this.maxFileCount !== undefined) claims.max_file_count_allowed = this.maxFileCount
    return jwt(claims)
  }

  async postAssets<T>(path: AssetsPath, token: string, body: unknown): Promise<T> {
    this.inFlight++
    this.calls.push({ path, token, inFlight: this.inFlight })
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight)
    try {
      await new Promise((resolve) => setImmediate(resolve))
      if (this.revoked.has(token)) throw apiError(401, 8000013, 'Unauthorized')
      for (const [index, fault] of this.faults.entries()) {
        const error = fault(path, token, body)
        if (error) {
          this.faults.splice(index, 1)
          throw error
        }
      }
      if (path === ASSETS_PATHS.checkMissing) {
        const { hashes } = body as { hashes: string[] }
        return hashes.filter((h) => !this.stored.has(h)) as T
      }
      if (path === ASSETS_PATHS.upload) {
        this.clock.time += this.uploadMs
        const files = body as Array<{
          key: string
          value: string
          metadata: { contentType: string }
          base64: boolean
        }>
        for (const f of files) {
          expect(f.base64).toBe(true)
          this.stored.set(f.key, { value: f.value, contentType: f.metadata.contentType })
        }
        this.uploads.push(files.map((f) => f.key))
        return null as T
      }
      this.upserted = (body as { hashes: string[] }).hashes
      return null as T
    } finally {
      this.inFlight--
    }
  }

  /** Reads the streamed body to its end, as a server would, then handles it like the others. */
  async uploadAssets<T>(token: string, body: StreamedJson): Promise<T> {
    const chunks: Buffer[] = []
    for await (const chunk of body.open()) chunks.push(chunk as Buffer)
    const text = Buffer.concat(chunks)
    expect(text.length).toBe(body.length)
    return this.postAssets<T>(ASSETS_PATHS.upload, token, JSON.parse(text.toString('utf8')))
  }

  count(path: AssetsPath): number {
    return this.calls.filter((c) => c.path === path).length
  }
}

/** `n` files whose content is their index; hashes are fake but distinct. */
function site(n: number, size = 10): { assets: UploadAsset[]; disk: Map<string, Buffer> } {
  const disk = new Map<string, Buffer>()
  const assets = Array.from({ length: n }, (_, i) => {
    const absolutePath = `/site/f${i}.html`
    disk.set(absolutePath, Buffer.alloc(size, i % 256))
    return {
      path: `/f${i}.html`,
      absolutePath,
      size,
      contentType: 'text/html',
      hash: i.toString(16).padStart(32, '0')
    }
  })
  return { assets, disk }
}

function setup(options: Partial<UploaderOptions> = {}, clock = new FakeClock()) {
  const cloudflare = new FakeCloudflare(clock)
  const reports: Array<{ counts: UploadCounts; final: boolean }> = []
  const make = (disk: Map<string, Buffer>, extra: Partial<UploaderOptions> = {}) =>
    new AssetUploader({
      api: cloudflare,
      clock,
      random: () => 0.5,
      openFile: (path) => {
        const content = disk.get(path)
        if (!content) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' })
        let position = 0
        return {
          read: (buffer, offset, length) => {
            const read = content.copy(buffer, offset, position, position + length)
            position += read
            return read
          },
          close: () => undefined
        }
      },
      onProgress: (counts, final) => reports.push({ counts, final }),
      ...options,
      ...extra
    })
  return { clock, cloudflare, reports, make }
}

describe('uploading a site', () => {
  it('sends only what Cloudflare lacks, and nothing for an unchanged redeploy', async () => {
    const { cloudflare, make } = setup()
    const { assets, disk } = site(10)
    cloudflare.stored.set(assets[0]?.hash ?? '', { value: 'x', contentType: 'text/html' })

    const first = await make(disk).upload(assets)
    expect(first.counts).toEqual({
      found: 10,
      alreadyUploaded: 1,
      toUpload: 9,
      uploaded: 9,
      bytesTotal: 90,
      bytesUploaded: 90
    })
    expect(first.manifest['/f3.html']).toBe(assets[3]?.hash)
    expect(cloudflare.uploads.flat().sort()).toEqual(assets.slice(1).map((a) => a.hash))
    expect(cloudflare.upserted.sort()).toEqual(assets.map((a) => a.hash))
    expect(cloudflare.stored.get(assets[2]?.hash ?? '')).toEqual({
      value: Buffer.alloc(10, 2).toString('base64'),
      contentType: 'text/html'
    })

    const again = await make(disk).upload(assets)
    expect(again.counts).toMatchObject({ alreadyUploaded: 10, toUpload: 0, uploaded: 0 })
    expect(again.buckets).toBe(0)
    expect(cloudflare.count(ASSETS_PATHS.upload)).toBe(first.buckets)
  })

  it('sends content shared by several paths once', async () => {
    const { cloudflare, make } = setup()
    const { assets, disk } = site(2)
    const copy = { ...(assets[0] as UploadAsset), path: '/copy.html' }
    const result = await make(disk).upload([...assets, copy])
    expect(cloudflare.uploads.flat()).toHaveLength(2)
    expect(result.counts).toMatchObject({ found: 3, toUpload: 3, uploaded: 3, bytesUploaded: 20 })
    expect(Object.keys(result.manifest)).toEqual(['/f0.html', '/f1.html', '/copy.html'])
  })

  it('sends many files in buckets of 2,000, three at a time, each file exactly once', async () => {
    const { cloudflare, make } = setup()
    const { assets, disk } = site(9_001)
    const result = await make(disk).upload(assets)
    expect(cloudflare.uploads.map((keys) => keys.length)).toEqual([2000, 2000, 2000, 2000, 1001])
    const sent = cloudflare.uploads.flat()
    expect(new Set(sent).size).toBe(sent.length)
    expect(sent.length).toBe(9_001)
    expect(result.buckets).toBe(5)
    expect(cloudflare.maxInFlight).toBe(3)
  })

  it('refuses more files than the upload token allows', async () => {
    const { cloudflare, make } = setup()
    cloudflare.maxFileCount = 5
    const { assets, disk } = site(6)
    await expect(make(disk).upload(assets)).rejects.toThrow(/6 files.*at most 5/)
    expect(cloudflare.calls).toHaveLength(0)
  })
})

describe('failures', () => {
  it('retries a 524 with backoff and then sends one bucket at a time', async () => {
    const { clock, cloudflare, make } = setup({ bucketLimits: { maxBytes: 1000, maxFiles: 1 } })
    const { assets, disk } = site(8)
    const first = assets[0]?.hash
    const timeout: Fault = (path, _token, body) =>
      path === ASSETS_PATHS.upload && (body as Array<{ key: string }>)[0]?.key === first
        ? apiError(524, 0)
        : undefined
    cloudflare.faults.push(timeout, timeout)
    await make(disk).upload(assets)
    expect(new Set(cloudflare.uploads.flat()).size).toBe(8)
    // As wrangler: a gateway timeout is not (yet) a failed attempt, so the backoff stays at its
    // first step (equal jitter with random 0.5: 3/4 of 1 s), plus 5 s, then 10 s.
    expect(clock.sleeps).toEqual([5_750, 10_750])
    const uploads = cloudflare.calls.filter((c) => c.path === ASSETS_PATHS.upload)
    expect(uploads).toHaveLength(10)
    expect(uploads.slice(0, 3).map((c) => c.inFlight)).toEqual([1, 2, 3])
    expect(uploads.slice(-5).map((c) => c.inFlight)).toEqual([1, 1, 1, 1, 1])
  })

  it('waits out sustained 524s, four of them free, and then fails after five counted attempts', async () => {
    const { clock, cloudflare, make } = setup({ bucketLimits: { maxBytes: 1000, maxFiles: 1 } })
    const { assets, disk } = site(1)
    for (let i = 0; i < 20; i++) {
      cloudflare.faults.push((path) =>
        path === ASSETS_PATHS.upload ? apiError(524, 0) : undefined
      )
    }
    const warnings: string[] = []
    const error = await make(disk, { onWarning: (w) => warnings.push(w) })
      .upload(assets)
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UploadError)
    expect((error as Error).message).toMatch(/failed after 9 attempts.*HTTP 524/)
    // Four free timeouts, each after the first backoff step (750 ms) plus 5, 10, 20, 40 s; then
    // five counted ones, the extra pause held at 80 s while the backoff grows; the fifth fails.
    expect(clock.sleeps).toEqual([5_750, 10_750, 20_750, 40_750, 80_750, 81_500, 83_000, 86_000])
    expect(cloudflare.count(ASSETS_PATHS.upload)).toBe(9)
    expect(warnings).toEqual([])
  })

  it('goes ahead when upsert-hashes fails twice, and says so', async () => {
    const { clock, cloudflare, make } = setup()
    const { assets, disk } = site(3)
    for (let i = 0; i < 2; i++) {
      cloudflare.faults.push((path) =>
        path === ASSETS_PATHS.upsertHashes
          ? apiError(500, 8000000, 'An unknown error occurred')
          : undefined
      )
    }
    const warnings: string[] = []
    const result = await make(disk, { onWarning: (w) => warnings.push(w) }).upload(assets)
    expect(result.counts.uploaded).toBe(3)
    expect(cloudflare.count(ASSETS_PATHS.upsertHashes)).toBe(2)
    expect(clock.sleeps).toEqual([1_000])
    expect(warnings).toEqual([
      expect.stringMatching(
        /^Cloudflare did not record the uploaded files' hashes .* the deployment goes ahead/
      )
    ])
  })

  it('gives up after 5 attempts, starts no new bucket, and says why', async () => {
    const { clock, cloudflare, make } = setup({
      bucketLimits: { maxBytes: 1000, maxFiles: 1 },
      concurrency: 1
    })
    const { assets, disk } = site(3)
    for (let i = 0; i < 5; i++) {
      cloudflare.faults.push((path) =>
        path === ASSETS_PATHS.upload
          ? apiError(500, 8000000, 'An unknown error occurred')
          : undefined
      )
    }
    const error = await make(disk)
      .upload(assets)
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UploadError)
    expect((error as Error).message).toMatch(/failed after 5 attempts.*unknown error/)
    expect(clock.sleeps).toHaveLength(4)
    expect(cloudflare.count(ASSETS_PATHS.upload)).toBe(5)
    expect(cloudflare.count(ASSETS_PATHS.upsertHashes)).toBe(0)
  })

  it('does not retry a request Cloudflare refused as invalid', async () => {
    const { clock, cloudflare, make } = setup()
    const { assets, disk } = site(2)
    cloudflare.faults.push((path) =>
      path === ASSETS_PATHS.upload ? apiError(400, 8000001, 'Invalid request body') : undefined
    )
    await expect(make(disk).upload(assets)).rejects.toThrow(/Invalid request body/)
    expect(clock.sleeps).toEqual([])
  })

  it('gets a fresh token when Cloudflare says the token expired, without backoff', async () => {
    const { clock, cloudflare, make } = setup()
    const { assets, disk } = site(3)
    const uploader = make(disk)
    const first = (await uploader.getUploadToken()).jwt
    cloudflare.revoked.add(first)
    await uploader.upload(assets)
    expect(cloudflare.tokensIssued).toBe(2)
    expect(clock.sleeps).toEqual([])
    expect(cloudflare.uploads.flat()).toHaveLength(3)
    expect(cloudflare.calls.filter((c) => c.token === first)).toHaveLength(1)
  })

  it('gives up when every fresh token is refused', async () => {
    const { cloudflare, make } = setup()
    const { assets, disk } = site(1)
    cloudflare.faults.push(...Array.from({ length: 10 }, () => () => apiError(401, 8000013)))
    await expect(make(disk).upload(assets)).rejects.toThrow(
      /refused 4 fresh upload tokens in a row/
    )
  })

  it('replaces a token about to expire before using it', async () => {
    const { clock, cloudflare, make } = setup()
    cloudflare.tokenLifetimeMs = 30_000
    const { assets, disk } = site(1)
    const uploader = make(disk)
    await uploader.getUploadToken()
    clock.time += 1_000
    await uploader.upload(assets)
    expect(cloudflare.tokensIssued).toBeGreaterThanOrEqual(2)
  })

  it('stops when a file changed since it was hashed', async () => {
    const hasher = await PagesHasher.create()
    const { cloudflare, make } = setup({ hasher })
    const content = Buffer.from('<h1>v1</h1>')
    const asset: UploadAsset = {
      path: '/index.html',
      absolutePath: '/site/index.html',
      size: content.length,
      contentType: 'text/html',
      hash: hasher.hash(content, '/index.html')
    }
    const disk = new Map([[asset.absolutePath, content]])
    await make(disk).upload([asset])
    expect(cloudflare.uploads).toHaveLength(1)

    cloudflare.stored.clear()
    disk.set(asset.absolutePath, Buffer.from('<h1>v2</h1>'))
    await expect(make(disk).upload([asset])).rejects.toThrow(/'index.html' changed while/)
    disk.set(asset.absolutePath, Buffer.from('<h1>v2 longer</h1>'))
    await expect(make(disk).upload([asset])).rejects.toThrow(/changed while/)
    expect(cloudflare.uploads).toHaveLength(1)
  })

  it('reports an unreadable file by its path', async () => {
    const { make } = setup()
    const { assets } = site(1)
    await expect(make(new Map()).upload(assets)).rejects.toThrow(/Cannot read 'f0.html'/)
  })
})

describe('progress', () => {
  it('reports the plan, then at most every 3 s, then the end', async () => {
    const { cloudflare, reports, make } = setup({
      bucketLimits: { maxBytes: 1_000_000, maxFiles: 1 },
      concurrency: 1
    })
    cloudflare.uploadMs = 1_000
    const { assets, disk } = site(10, 1_000_000)
    await make(disk).upload(assets)
    expect(reports.map((r) => r.counts.uploaded)).toEqual([0, 3, 6, 9, 10])
    expect(reports.map((r) => r.final)).toEqual([false, false, false, false, true])
    const last = reports.at(-1)?.counts as UploadCounts
    expect(formatProgress(last)).toBe('uploaded 10/10 files, 10/10 MB')
    expect(formatPlan(reports[0]?.counts as UploadCounts)).toBe(
      'found 10 files: 0 already uploaded, 10 to upload (10 MB)'
    )
  })

  it('formats large numbers with separators', () => {
    expect(
      formatProgress({
        found: 3002,
        alreadyUploaded: 0,
        toUpload: 3002,
        uploaded: 1200,
        bytesTotal: 107_000_000,
        bytesUploaded: 41_200_000
      })
    ).toBe('uploaded 1,200/3,002 files, 41/107 MB')
  })
})

describe('decodeUploadToken', () => {
  it('reads the file limit and the expiry', () => {
    const token = decodeUploadToken(jwt({ max_file_count_allowed: 100_000, exp: 1_700_000_000 }))
    expect(token.maxFileCount).toBe(100_000)
    expect(token.expiresAtMs).toBe(1_700_000_000_000)
  })

  it("counts the lifetime from iat on the runner's clock, whichever way that clock is off", () => {
    const claims = { exp: 1_700_000_300, iat: 1_700_000_000 } // a 5-minute token
    // The runner's clock 10 minutes behind Cloudflare's, then 10 minutes ahead.
    for (const skew of [-600_000, 600_000]) {
      const received = 1_700_000_000_000 + skew
      expect(decodeUploadToken(jwt(claims), received).expiresAtMs).toBe(received + 300_000)
    }
    // Without iat, an exp that is already past here says nothing.
    expect(decodeUploadToken(jwt({ exp: 1_700_000_000 }), 1_800_000_000_000).expiresAtMs).toBe(
      undefined
    )
  })

  it('falls back to 20,000 files and no expiry', () => {
    expect(decodeUploadToken(jwt({}))).toMatchObject({
      maxFileCount: 20_000,
      expiresAtMs: undefined
    })
    expect(decodeUploadToken('not-a-jwt')).toMatchObject({ maxFileCount: 20_000 })
    expect(decodeUploadToken('a.!!!.c')).toMatchObject({ maxFileCount: 20_000 })
  })
})
