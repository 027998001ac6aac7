/**
 * The Pages asset hash must equal what Cloudflare computes, or every deployment would upload
 * everything again (or, worse, point the manifest at content that is not there).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { CanceledError } from '../src/util/canceled.js'
import {
  HASH_CHUNK_BYTES,
  PagesHasher,
  WHOLE_READ_BYTES,
  assetExtension,
  hashFiles,
  pagesAssetHash
} from '../src/upload/hash.js'

/** Deterministic content of `n` bytes; the same generator produced the b3sum vectors below. */
function content(n: number): Buffer {
  const bytes = Buffer.alloc(n)
  for (let i = 0; i < n; i++) bytes[i] = (i * 31 + 7) % 251
  return bytes
}

let hasher: PagesHasher
let dir: string

beforeAll(async () => {
  hasher = await PagesHasher.create()
  dir = await mkdtemp(join(tmpdir(), 'pp-hash-'))
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('pagesAssetHash', () => {
  it('matches the reference vectors', async () => {
    expect(await pagesAssetHash(Buffer.from('foobar'), 'logo.png')).toBe(
      '2082190357cfd3617ccfe04f340c6247'
    )
    expect(await pagesAssetHash(Buffer.from('foobar'), 'logo.txt')).toBe(
      '1a98fb08af91aca4a7df1764a2c4ddb0'
    )
  })

  // Computed with `b3sum` over `base64(content) + extension`, independently of this code.
  it.each([
    [0, '/index.html', 'bc88d1b19523ba52d6a2959dd93cf9c8'],
    [1, '/LICENSE', '4dde2b40d4fd52dbf44e3b2c3d16aacc'],
    [2, '/a/b.js', '185df24b65ffdd9703b392dffe8d45db'],
    [HASH_CHUNK_BYTES + 1, '/big.bin', 'f825fea8de9c527b6765ef435c9ae7ae'],
    [2 * HASH_CHUNK_BYTES + 2, '/deep/x.css', '1ec1412fd95e927c11aeb807f7e4a355']
  ])('matches b3sum for %i bytes as %s', (size, name, expected) => {
    expect(hasher.hash(content(size), name)).toBe(expected)
  })

  it('hashes a file without an extension with an empty extension', () => {
    const bytes = Buffer.from('foobar')
    expect(hasher.hash(bytes, '/_redirects-like/README')).toBe(hasher.hash(bytes, 'x'))
    expect(hasher.hash(bytes, '/.well-known/security')).not.toBe(hasher.hash(bytes, 'a.txt'))
  })
})

describe('assetExtension', () => {
  it.each([
    ['logo.png', 'png'],
    ['/a/b/archive.tar.gz', 'gz'],
    ['/README', ''],
    ['/.bashrc', ''],
    ['/trailing.', ''],
    ['/dir.d/file', ''],
    ['C:\\site\\page.HTML', 'HTML'],
    ['/café/über.svg', 'svg']
  ])('%s → %j', (name, ext) => {
    expect(assetExtension(name)).toBe(ext)
  })
})

describe('streaming', () => {
  it('gives the same hash whatever the piece sizes', async () => {
    const bytes = content(3 * 1024 * 1024 + 5)
    const whole = hasher.hash(bytes, '/app.js')
    for (const sizes of [[1], [2], [4], [7, 1, 65536], [HASH_CHUNK_BYTES - 1], [1_000_003]]) {
      const stream = await hasher.stream('/app.js')
      let offset = 0
      for (let i = 0; offset < bytes.length; i++) {
        const size = sizes[i % sizes.length] ?? 1
        // Pieces of 1 byte over 3 MiB would be slow; switch to large pieces after a while.
        const step = offset > 4096 && size < 16 ? 65537 : size
        stream.update(bytes.subarray(offset, offset + step))
        offset += step
      }
      expect(stream.digest()).toBe(whole)
    }
  })

  it('does not let concurrent streams mix their state', async () => {
    const a = await hasher.stream('/a.txt')
    const b = await hasher.stream('/b.txt')
    a.update(Buffer.from('foo'))
    b.update(Buffer.from('fo'))
    a.update(Buffer.from('bar'))
    b.update(Buffer.from('obar'))
    expect(a.digest()).toBe(hasher.hash(Buffer.from('foobar'), 'a.txt'))
    expect(b.digest()).toBe('1a98fb08af91aca4a7df1764a2c4ddb0')
  })

  it('is not affected by the caller reusing its buffer', async () => {
    const stream = await hasher.stream('/a.txt')
    const buffer = Buffer.from('foob')
    stream.update(buffer) // 'b' is carried over
    buffer.write('XXXX')
    stream.update(Buffer.from('ar'))
    expect(stream.digest()).toBe('1a98fb08af91aca4a7df1764a2c4ddb0')
  })

  it('refuses to be used after digest', async () => {
    const stream = await hasher.stream('/a.txt')
    stream.digest()
    expect(() => stream.update(Buffer.from('x'))).toThrow(/after digest/)
    expect(() => stream.digest()).toThrow(/twice/)
  })
})

describe('hashing files from disk', () => {
  it('equals the in-memory hash, for small and multi-chunk files', async () => {
    const small = join(dir, 'small.html')
    const large = join(dir, 'large.bin')
    await writeFile(small, content(33_000))
    await writeFile(large, content(2 * HASH_CHUNK_BYTES + 7))
    const hashed = await hashFiles(
      [
        { absolutePath: small, path: '/small.html', size: 33_000 },
        { absolutePath: large, path: '/large.bin', size: 2 * HASH_CHUNK_BYTES + 7 }
      ],
      { hasher, concurrency: 2 }
    )
    expect(hashed.map((f) => f.hash)).toEqual([
      hasher.hash(content(33_000), '/small.html'),
      hasher.hash(content(2 * HASH_CHUNK_BYTES + 7), '/large.bin')
    ])
  })

  it('hashes many small files, and a file that grew past the whole-read size since the walk', async () => {
    const grown = join(dir, 'grown.bin')
    await writeFile(grown, content(WHOLE_READ_BYTES + 5))
    const small = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const absolutePath = join(dir, `s${i}.txt`)
        await writeFile(absolutePath, content(i * 97))
        return { absolutePath, path: `/s${i}.txt`, size: i * 97 }
      })
    )
    const hashed = await hashFiles(
      [...small, { absolutePath: grown, path: '/grown.bin', size: 10 }],
      {
        hasher
      }
    )
    expect(hashed.map((f) => f.hash)).toEqual([
      ...small.map((f) => hasher.hash(content(f.size), f.path)),
      hasher.hash(content(WHOLE_READ_BYTES + 5), '/grown.bin')
    ])
  })

  it('stops when cancelled, and reports a missing file', async () => {
    const file = join(dir, 'one.txt')
    await writeFile(file, 'x')
    const files = [{ absolutePath: file, path: '/one.txt', size: 1 }]
    const controller = new AbortController()
    controller.abort()
    await expect(hashFiles(files, { hasher, signal: controller.signal })).rejects.toBeInstanceOf(
      CanceledError
    )
    await expect(
      hashFiles([...files, { absolutePath: join(dir, 'gone.txt'), path: '/gone.txt', size: 1 }], {
        hasher
      })
    ).rejects.toThrow(/ENOENT/)
  })

  it('rejects when the file cannot be read, and stays usable afterwards', async () => {
    await expect(hasher.hashFile(join(dir, 'missing.txt'))).rejects.toThrow(/ENOENT/)
    expect(hasher.hash(Buffer.from('foobar'), 'logo.txt')).toBe('1a98fb08af91aca4a7df1764a2c4ddb0')
  })
})
