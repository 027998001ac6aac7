/**
 * The emulator's Direct Upload endpoints: tokens, check-missing, upload, upsert-hashes, and
 * the refusal of a deployment whose manifest points at content that is not there.
 */
import type { IncomingHttpHeaders } from 'node:http'
import { beforeEach, describe, expect, it } from '@jest/globals'
import type { ApiEnvelope } from '../src/cloudflare/types.js'
import { pagesAssetHash } from '../src/upload/hash.js'
import { ApiError } from '../emulator/envelope.js'
import {
  AssetStore,
  UploadCode,
  handleAssets,
  handleUploadToken,
  isAssetsPath,
  type AssetsRequest
} from '../emulator/uploads.js'

const NOW = Date.UTC(2025, 0, 1)

let store: AssetStore
let token: string

beforeEach(() => {
  store = new AssetStore()
  token = store.issueToken('site', NOW)
})

function call(
  path: string,
  body: unknown,
  options: { jwt?: string; now?: number; method?: string } = {}
): {
  status: number
  envelope: ApiEnvelope<unknown>
  text: string
  headers: Record<string, string>
} {
  const headers: IncomingHttpHeaders = { authorization: `Bearer ${options.jwt ?? token}` }
  const req: AssetsRequest = {
    method: options.method ?? 'POST',
    apiPath: path,
    headers,
    body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
    now: options.now ?? NOW
  }
  const response = handleAssets(store, req)
  const json = /json/.test(response.headers['content-type'] ?? '')
  return {
    status: response.status,
    envelope: (json ? JSON.parse(response.body) : {}) as ApiEnvelope<unknown>,
    text: response.body,
    headers: response.headers
  }
}

function file(content: string, hash: string, contentType = 'text/html') {
  return {
    key: hash,
    value: Buffer.from(content).toString('base64'),
    metadata: { contentType },
    base64: true
  }
}

describe('upload tokens', () => {
  it('look like a JWT whose payload carries the project, the file limit and the expiry', () => {
    const response = handleUploadToken(store, 'site', NOW)
    const { jwt } = (JSON.parse(response.body) as ApiEnvelope<{ jwt: string }>).result as {
      jwt: string
    }
    const [head, payload, signature] = jwt.split('.')
    expect(JSON.parse(Buffer.from(head ?? '', 'base64url').toString())).toMatchObject({
      typ: 'JWT'
    })
    expect(JSON.parse(Buffer.from(payload ?? '', 'base64url').toString())).toEqual({
      project: 'site',
      max_file_count_allowed: 20_000,
      exp: Math.floor(NOW / 1000) + 300,
      iat: Math.floor(NOW / 1000)
    })
    expect(signature).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  it("are refused as the real API refuses them once expired (403 'Expired JWT', plain text), by time, by use count or on demand", () => {
    expect(call('/pages/assets/check-missing', { hashes: [] }, { now: NOW + 299_000 }).status).toBe(
      200
    )
    const late = call('/pages/assets/check-missing', { hashes: [] }, { now: NOW + 300_000 })
    expect(late.status).toBe(403)
    expect(late.text).toBe('Expired JWT')
    expect(late.headers['content-type']).toBe('text/plain')

    store.policy.maxUses = 2
    const limited = store.issueToken('site', NOW)
    expect(call('/pages/assets/check-missing', { hashes: [] }, { jwt: limited }).status).toBe(200)
    expect(call('/pages/assets/check-missing', { hashes: [] }, { jwt: limited }).status).toBe(200)
    expect(call('/pages/assets/check-missing', { hashes: [] }, { jwt: limited }).status).toBe(403)

    store.expireTokens()
    expect(call('/pages/assets/check-missing', { hashes: [] }).status).toBe(403)
    expect(store.stats.tokensRefused).toBe(3)
  })

  it('refuses a forged or missing token, and the account API token', () => {
    const forged = token.replace(/\.[^.]+$/, '.forged')
    expect(call('/pages/assets/check-missing', { hashes: [] }, { jwt: forged }).status).toBe(401)
    expect(call('/pages/assets/check-missing', { hashes: [] }, { jwt: 'api-token' }).status).toBe(
      401
    )
  })
})

describe('check-missing, upload, upsert-hashes', () => {
  it('answers what is missing, stores uploads and then answers nothing missing', async () => {
    const hash = await pagesAssetHash(Buffer.from('<h1>hi</h1>'), '/index.html')
    const other = 'f'.repeat(32)
    expect(call('/pages/assets/check-missing', { hashes: [hash, other] }).envelope.result).toEqual([
      hash,
      other
    ])
    const uploaded = call('/pages/assets/upload', [file('<h1>hi</h1>', hash)])
    expect(uploaded.status).toBe(200)
    expect(uploaded.envelope.success).toBe(true)
    expect(call('/pages/assets/check-missing', { hashes: [hash, other] }).envelope.result).toEqual([
      other
    ])
    expect(store.get(hash)).toEqual({
      content: Buffer.from('<h1>hi</h1>'),
      contentType: 'text/html'
    })
    expect(call('/pages/assets/upsert-hashes', { hashes: [hash] }).envelope.result).toBeNull()
    expect([...store.upsertedHashes('site')]).toEqual([hash])
    expect(store.stats).toMatchObject({
      checkMissingRequests: 2,
      uploadRequests: 1,
      filesUploaded: 1,
      bytesUploaded: 11,
      upsertRequests: 1
    })
  })

  it('keeps what one project uploaded out of another project check-missing', () => {
    const hash = 'a'.repeat(32)
    call('/pages/assets/upload', [file('x', hash)])
    const otherProject = store.issueToken('other', NOW)
    expect(
      call('/pages/assets/check-missing', { hashes: [hash] }, { jwt: otherProject }).envelope.result
    ).toEqual([hash])
  })

  it.each([
    ['a non-JSON body', 'not json'],
    ['an object instead of a list', { key: 'a'.repeat(32) }],
    ['a bad key', [{ ...file('x', 'a'.repeat(32)), key: 'xyz' }]],
    ['base64 false', [{ ...file('x', 'a'.repeat(32)), base64: false }]],
    ['a value that is not base64', [{ ...file('x', 'a'.repeat(32)), value: '%%%' }]],
    ['no content type', [{ ...file('x', 'a'.repeat(32)), metadata: {} }]]
  ])('refuses an upload with %s, storing nothing', (_name, body) => {
    const answer = call('/pages/assets/upload', body)
    expect(answer.status).toBe(400)
    expect(answer.envelope.errors[0]?.code).toBe(UploadCode.invalidBody)
    expect(store.get('a'.repeat(32))).toBeUndefined()
  })

  it('refuses an upload request over 2,000 files or 40 MiB', () => {
    const many = Array.from({ length: 2_001 }, (_, i) =>
      file('x', i.toString(16).padStart(32, '0'))
    )
    expect(call('/pages/assets/upload', many).status).toBe(413)
    const big = Buffer.alloc(21 * 1024 * 1024).toString('base64')
    const twoBig = ['a', 'b'].map((c) => ({ ...file('', c.repeat(32)), value: big }))
    const answer = call('/pages/assets/upload', twoBig)
    expect(answer.status).toBe(413)
    expect(answer.envelope.errors[0]?.code).toBe(UploadCode.tooLarge)
  })

  it('refuses malformed hash lists and other methods and paths', () => {
    expect(call('/pages/assets/check-missing', { hashes: ['nope'] }).status).toBe(400)
    expect(call('/pages/assets/upsert-hashes', {}).status).toBe(400)
    expect(call('/pages/assets/upload', [], { method: 'GET' }).status).toBe(405)
    expect(call('/pages/assets/elsewhere', []).status).toBe(404)
    expect(isAssetsPath('/pages/assets/upload')).toBe(true)
    expect(isAssetsPath('/accounts/a/pages/projects')).toBe(false)
  })
})

describe('deployment manifests', () => {
  async function refusal(manifest: unknown, project = 'site'): Promise<ApiError> {
    const text = typeof manifest === 'string' ? manifest : JSON.stringify(manifest)
    const error = await store.verifyManifest(project, text).then(
      () => undefined,
      (e: unknown) => e
    )
    expect(error).toBeInstanceOf(ApiError)
    return error as ApiError
  }

  it('accepts a manifest whose every file was uploaded with the right hash', async () => {
    const html = await pagesAssetHash(Buffer.from('<h1>hi</h1>'), '/index.html')
    const css = await pagesAssetHash(Buffer.from('body{}'), '/a/style.css')
    call('/pages/assets/upload', [file('<h1>hi</h1>', html), file('body{}', css, 'text/css')])
    const manifest = { '/index.html': html, '/copy/index.html': html, '/a/style.css': css }
    await expect(store.verifyManifest('site', JSON.stringify(manifest))).resolves.toEqual(manifest)
  })

  it('refuses files that were never uploaded, naming them', async () => {
    const html = await pagesAssetHash(Buffer.from('<h1>hi</h1>'), '/index.html')
    call('/pages/assets/upload', [file('<h1>hi</h1>', html)])
    const error = await refusal({ '/index.html': html, '/missing.js': 'b'.repeat(32) })
    expect(error.status).toBe(400)
    expect(error.code).toBe(UploadCode.missingAssets)
    expect(error.message).toContain('1 not uploaded (/missing.js)')
  })

  it('refuses content stored under a hash that is not its own', async () => {
    const wrong = await pagesAssetHash(Buffer.from('other'), '/index.html')
    call('/pages/assets/upload', [file('<h1>hi</h1>', wrong)])
    const error = await refusal({ '/index.html': wrong })
    expect(error.message).toContain('1 whose content does not match its hash (/index.html)')
  })

  it('refuses a path whose extension does not match the one the content was hashed with', async () => {
    const asText = await pagesAssetHash(Buffer.from('foobar'), '/logo.txt')
    call('/pages/assets/upload', [file('foobar', asText, 'text/plain')])
    await expect(
      store.verifyManifest('site', JSON.stringify({ '/a.txt': asText }))
    ).resolves.toBeDefined()
    expect((await refusal({ '/logo.png': asText })).message).toMatch(/does not match/)
  })

  it('refuses content uploaded by another project', async () => {
    const hash = await pagesAssetHash(Buffer.from('x'), '/x.txt')
    call('/pages/assets/upload', [file('x', hash)])
    expect((await refusal({ '/x.txt': hash }, 'other')).message).toMatch(/not uploaded/)
  })

  it.each([
    ['not JSON', '{'],
    ['a list', '[]'],
    ['a bad hash', { '/a.html': 'xyz' }],
    ['a relative path', { 'a.html': 'a'.repeat(32) }]
  ])('refuses a manifest that is %s', async (_name, manifest) => {
    expect((await refusal(manifest)).code).toBe(UploadCode.invalidBody)
  })

  it('forgets everything on reset', async () => {
    const hash = await pagesAssetHash(Buffer.from('x'), '/x.txt')
    call('/pages/assets/upload', [file('x', hash)])
    store.reset()
    expect(store.get(hash)).toBeUndefined()
    expect(store.stats.uploadRequests).toBe(0)
    expect(call('/pages/assets/check-missing', { hashes: [] }).status).toBe(401)
  })
})
