/**
 * The streamed upload body: exactly the JSON an in-memory `JSON.stringify` of the payload would
 * give, of exactly the length announced, read from disk piece by piece, and failing before its
 * end when a file is not what was planned.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { CanceledError } from '../src/util/canceled.js'
import { PagesHasher } from '../src/upload/hash.js'
import {
  UPLOAD_CHUNK_BYTES,
  UploadBody,
  base64Length,
  type BodyFile,
  type UploadBodyOptions
} from '../src/upload/upload-body.js'

let hasher: PagesHasher
let dir: string

beforeAll(async () => {
  hasher = await PagesHasher.create()
  dir = await mkdtemp(join(tmpdir(), 'pp-body-'))
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

function content(n: number, seed = 0): Buffer {
  const bytes = Buffer.alloc(n)
  for (let i = 0; i < n; i++) bytes[i] = (i * 31 + 7 + seed) % 251
  return bytes
}

const fileError: UploadBodyOptions['fileError'] = (file, problem) =>
  new Error(`${problem}: ${file.path}`)

async function site(sizes: number[], contentType = 'text/plain'): Promise<BodyFile[]> {
  return Promise.all(
    sizes.map(async (size, i) => {
      const absolutePath = join(dir, `f${size}-${i}.bin`)
      const bytes = content(size, i)
      await writeFile(absolutePath, bytes)
      return {
        path: `/f${size}-${i}.bin`,
        absolutePath,
        size,
        contentType,
        hash: hasher.hash(bytes, `/f${size}-${i}.bin`)
      }
    })
  )
}

async function read(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

function expected(files: BodyFile[]): string {
  return JSON.stringify(
    files.map((f, i) => ({
      key: f.hash,
      value: content(f.size, i).toString('base64'),
      metadata: { contentType: f.contentType },
      base64: true
    }))
  )
}

describe('UploadBody', () => {
  it('is the JSON of the payload, of the announced length, at every size around a piece', async () => {
    const c = UPLOAD_CHUNK_BYTES
    const files = await site([0, 1, 2, 3, 4, 5000, c - 1, c, c + 1, c + 2, 2 * c, 2 * c + 1])
    const lease = await hasher.reserve()
    const body = new UploadBody(files, { hashes: lease, fileError })
    const text = await read(body.open())
    expect(text.length).toBe(body.length)
    expect(text.toString('utf8')).toBe(expected(files))
    // A second attempt gives the same bytes again.
    expect((await read(body.open())).toString('utf8')).toBe(expected(files))
    lease.release()
    expect(body.failure).toBeUndefined()
  })

  it('escapes the content type and keeps the length exact for non-ASCII', async () => {
    const files = await site([10], 'text/x-"quoted"; name=café\\')
    const body = new UploadBody(files, { fileError })
    const text = await read(body.open())
    expect(text.length).toBe(body.length)
    expect(JSON.parse(text.toString('utf8'))).toEqual(JSON.parse(expected(files)))
  })

  it('is [] without files', async () => {
    const body = new UploadBody([], { fileError })
    expect((await read(body.open())).toString()).toBe('[]')
    expect(body.length).toBe(2)
  })

  it('computes base64 lengths with padding', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map(base64Length)).toEqual([0, 4, 4, 4, 8, 8, 8])
  })

  it('fails before its end when a file changed, even without a hasher when the size changed', async () => {
    const files = await site([100, 2 * UPLOAD_CHUNK_BYTES + 5, 50])
    const big = files[1] as BodyFile
    await writeFile(big.absolutePath, content(big.size, 99)) // same size, other content
    const lease = await hasher.reserve()
    const body = new UploadBody(files, { hashes: lease, fileError })
    const stream = body.open()
    const received: Buffer[] = []
    stream.on('data', (chunk: Buffer) => received.push(chunk))
    await expect(read(stream)).rejects.toThrow(`changed: ${big.path}`)
    expect(body.failure?.message).toBe(`changed: ${big.path}`)
    // The JSON never closed: no server can take it for a complete body.
    const sent = Buffer.concat(received).toString()
    expect(sent.length).toBeLessThan(body.length)
    expect(sent).not.toContain(`"key":"${files[2]?.hash ?? ''}"`)
    lease.release()

    await writeFile(big.absolutePath, content(big.size + 3, 1)) // grew
    const unhashed = new UploadBody(files, { fileError })
    await expect(read(unhashed.open())).rejects.toThrow(`changed: ${big.path}`)
    await writeFile(big.absolutePath, content(7, 1)) // shrank
    await expect(read(unhashed.open())).rejects.toThrow(`changed: ${big.path}`)
  })

  it('fails on a missing file, and when cancelled', async () => {
    const files = await site([10])
    const gone = { ...(files[0] as BodyFile), absolutePath: join(dir, 'gone'), path: '/gone' }
    const missing = new UploadBody([gone], { fileError })
    await expect(read(missing.open())).rejects.toThrow('unreadable: /gone')

    const controller = new AbortController()
    const many = await site([UPLOAD_CHUNK_BYTES * 3])
    const body = new UploadBody(many, { fileError, signal: controller.signal })
    const stream = body.open()
    stream.once('data', () => controller.abort())
    await expect(read(stream)).rejects.toBeInstanceOf(CanceledError)
    expect(body.failure).toBeInstanceOf(CanceledError)
  })
})
