/**
 * The Pages asset hash, as Cloudflare's Direct Upload expects it: BLAKE3 over the base64 text
 * of the content followed by the file's extension without its dot, as hex, first 32 characters.
 *
 * The hash runs on hash-wasm's WebAssembly BLAKE3: portable to every runner (no native binary
 * per platform in dist/), and its incremental hashing runs at full speed, which streaming needs.
 */
import { closeSync, readSync } from 'node:fs'
import { posix } from 'node:path'
import type { IHasher } from 'hash-wasm'
import blake3Build from 'hash-wasm/dist/blake3.umd.min.js'
import { CanceledError } from '../util/canceled.js'
import { openRegularFile, openRegularFileSync, readRegularFile } from './regular-file.js'

/**
 * Bytes of content encoded per step. A multiple of 3, so that each step's base64 has no padding
 * and the concatenation of the steps' base64 equals the base64 of the whole content.
 */
export const HASH_CHUNK_BYTES = 3 * 256 * 1024

/** Characters of the hex digest Cloudflare keeps. */
const HASH_HEX_LENGTH = 32

/** The extension that goes into the hash: after the last dot of the base name, without it. */
export function assetExtension(fileName: string): string {
  return posix.extname(fileName.replace(/\\/g, '/')).slice(1)
}

/**
 * Computes Pages asset hashes. Create one with {@link PagesHasher.create} (WebAssembly is
 * instantiated asynchronously) and reuse it: whole-buffer hashing is synchronous, and
 * concurrent streaming hashes each borrow their own BLAKE3 state from a small pool.
 */
export class PagesHasher {
  private readonly idle: HashState[] = []
  /** Read buffers of {@link HASH_CHUNK_BYTES}, reused across files to spare the GC. */
  private readonly buffers: Buffer[] = []
  /** The buffer whole small files are read into by {@link hashSmallFileSync}. */
  private wholeBuffer: Buffer | undefined

  private constructor(private readonly main: HashState) {}

  static async create(): Promise<PagesHasher> {
    return new PagesHasher(await newState())
  }

  /** The hash of `content` stored as `fileName` (a base name or a manifest path). */
  hash(content: Uint8Array, fileName: string): string {
    const stream = new PagesHashStream(this.main, fileName)
    stream.update(content)
    return stream.digest()
  }

  /**
   * An incremental hash: feed the content in pieces of any size, then `digest()`. The caller
   * must call `digest()` or `abandon()` so that the BLAKE3 state returns to the pool.
   */
  async stream(fileName: string): Promise<PagesHashStream> {
    const state = this.idle.pop() ?? (await newState())
    return new PagesHashStream(state, fileName, (done) => this.idle.push(done))
  }

  /**
   * A BLAKE3 state of the pool kept for one caller's hashes, one after another (the files of
   * an upload request), so that each can start synchronously. Call `release()` when done.
   */
  async reserve(): Promise<HashLease> {
    const state = this.idle.pop() ?? (await newState())
    let released = false
    return {
      start: (fileName) => {
        if (released) throw new Error('HashLease: start() after release()')
        return new PagesHashStream(state, fileName)
      },
      release: () => {
        if (released) return
        released = true
        this.idle.push(state)
      }
    }
  }

  /**
   * Hashes a file from disk. Files up to {@link WHOLE_READ_BYTES} are read in one call (the
   * cheapest for the many small files of a site); larger ones in {@link HASH_CHUNK_BYTES}
   * pieces, so memory stays bounded whatever the file's size. `fileName` decides the
   * extension (pass the manifest path); `size` is a hint from an earlier `stat`.
   */
  async hashFile(
    absolutePath: string,
    fileName: string = absolutePath,
    size?: number
  ): Promise<string> {
    if (size !== undefined && size <= WHOLE_READ_BYTES) {
      return this.hash(await readRegularFile(absolutePath), fileName)
    }
    const file = await openRegularFile(absolutePath)
    const stream = await this.stream(fileName)
    const buffer = this.buffers.pop() ?? Buffer.allocUnsafe(HASH_CHUNK_BYTES)
    try {
      for (;;) {
        const { bytesRead } = await file.read(buffer, 0, buffer.length, null)
        if (bytesRead === 0) break
        stream.update(buffer.subarray(0, bytesRead))
      }
      return stream.digest()
    } catch (error) {
      stream.abandon()
      throw error
    } finally {
      this.buffers.push(buffer)
      await file.close()
    }
  }

  /**
   * Reads a file of at most {@link WHOLE_READ_BYTES} synchronously into a reused buffer and
   * hashes it; undefined when the file turns out to be larger (the caller streams it then).
   */
  hashSmallFileSync(absolutePath: string, fileName: string = absolutePath): string | undefined {
    // One byte more than the limit, to tell a file of exactly the limit from a larger one.
    this.wholeBuffer ??= Buffer.allocUnsafe(WHOLE_READ_BYTES + 1)
    const buffer = this.wholeBuffer
    const fd = openRegularFileSync(absolutePath)
    let length = 0
    try {
      for (;;) {
        const bytesRead = readSync(fd, buffer, length, buffer.length - length, null)
        if (bytesRead === 0) break
        length += bytesRead
        if (length === buffer.length) return undefined
      }
    } finally {
      closeSync(fd)
    }
    return this.hash(buffer.subarray(0, length), fileName)
  }
}

/** See {@link PagesHasher.reserve}. */
export interface HashLease {
  /** Starts the next hash; the previous one must be finished (digest or abandon) first. */
  start(fileName: string): PagesHashStream
  /** Gives the state back to the pool. */
  release(): void
}

/** Files up to this size are read whole before hashing. */
export const WHOLE_READ_BYTES = 4 * HASH_CHUNK_BYTES

/** A BLAKE3 state and the buffer its base64 text is written to (hashing bytes is faster than strings). */
interface HashState {
  blake3: IHasher
  text: Buffer
}

async function newState(): Promise<HashState> {
  return {
    blake3: await blake3Build.createBLAKE3(),
    text: Buffer.allocUnsafe((HASH_CHUNK_BYTES / 3) * 4)
  }
}

/**
 * One incremental Pages hash. Base64 works on groups of 3 bytes, so up to 2 bytes of each
 * piece are carried over to the next one; the last group is encoded (with padding) at the end.
 */
export class PagesHashStream {
  private carry: Buffer = Buffer.alloc(0)
  private finished = false

  constructor(
    private readonly state: HashState,
    private readonly fileName: string,
    private readonly release?: (state: HashState) => void
  ) {
    state.blake3.init()
  }

  /** Adds the next piece of the content. */
  update(piece: Uint8Array): void {
    if (this.finished) throw new Error('PagesHashStream: update() after digest()')
    let rest = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength)
    if (this.carry.length > 0) {
      const need = 3 - this.carry.length
      if (rest.length < need) {
        this.carry = Buffer.concat([this.carry, rest])
        return
      }
      this.add(Buffer.concat([this.carry, rest.subarray(0, need)]))
      rest = rest.subarray(need)
    }
    const whole = rest.length - (rest.length % 3)
    for (let offset = 0; offset < whole; offset += HASH_CHUNK_BYTES) {
      this.add(rest.subarray(offset, Math.min(whole, offset + HASH_CHUNK_BYTES)))
    }
    // Copied: the caller may reuse its buffer for the next piece.
    this.carry = Buffer.from(rest.subarray(whole))
  }

  /**
   * Adds the next piece as its base64 text, for a caller that encodes the content anyway (to
   * send it). Each piece but the last must be the encoding of a multiple of 3 bytes, so that
   * no padding falls in the middle; it cannot follow an `update()` that left bytes over.
   */
  updateBase64(text: string): void {
    if (this.finished) throw new Error('PagesHashStream: update() after digest()')
    if (this.carry.length > 0) {
      throw new Error('PagesHashStream: updateBase64() after update() left bytes over')
    }
    const { text: buffer, blake3 } = this.state
    for (let offset = 0; offset < text.length; offset += buffer.length) {
      const length = buffer.write(text.slice(offset, offset + buffer.length), 'latin1')
      blake3.update(buffer.subarray(0, length))
    }
  }

  /** The hash: 32 lowercase hex characters. Ends the stream. */
  digest(): string {
    if (this.finished) throw new Error('PagesHashStream: digest() called twice')
    if (this.carry.length > 0) this.add(this.carry)
    this.state.blake3.update(assetExtension(this.fileName))
    const hex = this.state.blake3.digest('hex').slice(0, HASH_HEX_LENGTH)
    this.end()
    return hex
  }

  /** Gives up on the hash (after a read error) and frees its state. */
  abandon(): void {
    if (!this.finished) this.end()
  }

  /** Hashes the base64 text of `bytes` (at most {@link HASH_CHUNK_BYTES}). */
  private add(bytes: Buffer): void {
    const { text, blake3 } = this.state
    const length = text.write(bytes.toString('base64'), 'latin1')
    blake3.update(text.subarray(0, length))
  }

  private end(): void {
    this.finished = true
    this.release?.(this.state)
  }
}

let shared: Promise<PagesHasher> | undefined

/** A process-wide hasher, created on first use. */
export function sharedPagesHasher(): Promise<PagesHasher> {
  shared ??= PagesHasher.create()
  return shared
}

/**
 * The Pages hash of `content` stored as `fileName`. Asynchronous only because the WebAssembly
 * is instantiated on first use; loops should `await sharedPagesHasher()` once and call `hash`.
 */
export async function pagesAssetHash(content: Uint8Array, fileName: string): Promise<string> {
  return (await sharedPagesHasher()).hash(content, fileName)
}

/** A file to hash: where it is read from and the name its extension is taken from. */
export interface HashableFile {
  absolutePath: string
  /** Manifest path, such as `/assets/app.js`. */
  path: string
  size: number
}

/**
 * Longest stretch of synchronous hashing before {@link hashFiles} lets the event loop run, so
 * that signals (SIGINT, cancellation) and timers are served while a large site is hashed.
 */
const YIELD_EVERY_MS = 50

/**
 * Hashes `files`; returns them with their `hash`, in the same order. Files up to
 * {@link WHOLE_READ_BYTES} (by the size the walk saw) are read and hashed synchronously, one
 * after another into one reused buffer: for the many small files of a site, the promise and
 * thread-pool round trips of asynchronous reads cost more than the reads. The event loop gets
 * a turn every {@link YIELD_EVERY_MS}, and `signal` is checked between files. Larger files are
 * streamed in the meantime, `concurrency` at a time.
 */
export async function hashFiles<T extends HashableFile>(
  files: readonly T[],
  options: { hasher?: PagesHasher; concurrency?: number; signal?: AbortSignal } = {}
): Promise<Array<T & { hash: string }>> {
  const { signal } = options
  const hasher = options.hasher ?? (await sharedPagesHasher())
  const concurrency = Math.max(1, options.concurrency ?? 8)
  const hashes: string[] = new Array<string>(files.length)
  const small: number[] = []
  const large: number[] = []
  for (const [index, file] of files.entries()) {
    ;(file.size <= WHOLE_READ_BYTES ? small : large).push(index)
  }

  let failed = false
  let next = 0
  async function worker(): Promise<void> {
    for (;;) {
      if (signal?.aborted) throw new CanceledError()
      if (failed) return
      const index = large[next++]
      const file = index === undefined ? undefined : files[index]
      if (index === undefined || !file) return
      hashes[index] = await hasher.hashFile(file.absolutePath, file.path, file.size)
    }
  }
  const streamed = Promise.all(
    Array.from({ length: Math.min(concurrency, large.length) }, worker)
  ).catch((error: unknown) => {
    failed = true
    throw error
  })
  // Rejections are collected below; this keeps an early one from being reported as unhandled.
  streamed.catch(() => undefined)

  try {
    let sliceStart = performance.now()
    for (const index of small) {
      if (signal?.aborted) throw new CanceledError()
      if (failed) break
      const file = files[index]
      if (!file) continue
      // Undefined when the file grew past the whole-read size since the walk: streamed then.
      hashes[index] =
        hasher.hashSmallFileSync(file.absolutePath, file.path) ??
        (await hasher.hashFile(file.absolutePath, file.path))
      if (performance.now() - sliceStart >= YIELD_EVERY_MS) {
        await yieldToEventLoop()
        sliceStart = performance.now()
      }
    }
  } catch (error) {
    failed = true
    throw error
  }
  await streamed
  if (signal?.aborted) throw new CanceledError()
  return files.map((file, index) => ({ ...file, hash: hashes[index] ?? '' }))
}

/** Lets pending I/O callbacks, timers and signal handlers run. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}
