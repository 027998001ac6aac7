/**
 * The body of one `POST /pages/assets/upload` request, produced as it is sent:
 *
 *   [{"key":"<hash>","value":"<base64>","metadata":{"contentType":"<type>"},"base64":true},...]
 *
 * Files are read from disk as the request consumes the body, in pieces of
 * {@link UPLOAD_CHUNK_BYTES} (a multiple of 3, so each piece's base64 needs no padding), so a
 * request in flight holds about one piece rather than its whole bucket (3 × 40 MiB of files,
 * their base64 and the JSON text, before). The exact length is known before the first byte:
 * base64 of `n` bytes is `4 * ceil(n / 3)` characters, and everything else is ASCII.
 *
 * Each file is hashed as it is read (when a hasher is given), so it is read once, not once to
 * hash and once to send: a file whose content or size no longer matches what was planned
 * fails the stream before the request's last bytes, and Cloudflare never gets a complete body.
 */
import { closeSync, readSync } from 'node:fs'
import { Readable } from 'node:stream'
import { CanceledError } from '../util/canceled.js'
import { HASH_CHUNK_BYTES, type HashLease, type PagesHashStream } from './hash.js'
import { openRegularFileSync } from './regular-file.js'

/** Bytes of a file read and encoded at a time. */
export const UPLOAD_CHUNK_BYTES = HASH_CHUNK_BYTES

/** Small files' JSON is gathered into pushes of about this many characters. */
const PUSH_BYTES = 256 * 1024

/** A file of the request. */
export interface BodyFile {
  /** Manifest path, for messages and the hash's extension. */
  path: string
  absolutePath: string
  size: number
  contentType: string
  /** The planned hash: the key the content is stored under. */
  hash: string
}

/** An open file, read from the current position. */
export interface UploadFileHandle {
  /** Reads up to `length` bytes into `buffer` at `offset`; 0 at the end of the file. */
  read(buffer: Buffer, offset: number, length: number): number
  close(): void
}

/**
 * Opens files without blocking, regular files only (see regular-file.ts); reads are
 * synchronous, see {@link UploadBody}.
 */
export function openFileSync(absolutePath: string): UploadFileHandle {
  const fd = openRegularFileSync(absolutePath)
  return {
    read: (buffer, offset, length) => readSync(fd, buffer, offset, length, null),
    close: () => closeSync(fd)
  }
}

export interface UploadBodyOptions {
  /** Opens a file for reading; default {@link openFileSync}. */
  openFile?: (absolutePath: string) => UploadFileHandle
  /** When given, each file is hashed as it is sent and must match its planned hash. */
  hashes?: HashLease
  /** Checked between pieces; an abort fails the stream with a {@link CanceledError}. */
  signal?: AbortSignal
  /** Makes the failure of a file (unreadable, changed) into the error the stream fails with. */
  fileError: (file: BodyFile, problem: 'unreadable' | 'changed', cause?: unknown) => Error
}

/**
 * A request body over `files`. `open()` gives a new stream for each attempt; `failure` is the
 * error the last stream failed with on its own (an unreadable or changed file, cancellation),
 * as opposed to the network failing under it.
 *
 * Reads are synchronous, in pieces of at most {@link UPLOAD_CHUNK_BYTES}: the stream produces
 * data only when the connection has room for it, so the event loop gets a turn between pieces,
 * and a synchronous read of a file the build just wrote (in the page cache) costs far less
 * than the promise and thread-pool round trips of an asynchronous one, over thousands of files.
 */
export class UploadBody {
  readonly length: number
  failure: Error | undefined
  private readonly heads: string[]
  private readonly tails: string[]

  constructor(
    private readonly files: readonly BodyFile[],
    private readonly options: UploadBodyOptions
  ) {
    this.heads = files.map(
      (file, index) => `${index === 0 ? '[' : ','}{"key":${asciiJson(file.hash)},"value":"`
    )
    this.tails = files.map(
      (file) => `","metadata":{"contentType":${asciiJson(file.contentType)}},"base64":true}`
    )
    let length = files.length === 0 ? 2 : 1 // `[]`, or the closing `]`
    for (const [index, file] of files.entries()) {
      length += (this.heads[index]?.length ?? 0) + base64Length(file.size)
      length += this.tails[index]?.length ?? 0
    }
    this.length = length
  }

  /** A fresh stream of the whole body. */
  open(): Readable {
    this.failure = undefined
    return new BodyStream(this, this.files, this.heads, this.tails, this.options)
  }
}

/** The current file of a {@link BodyStream}. */
interface OpenFile {
  file: BodyFile
  handle: UploadFileHandle
  hash: PagesHashStream | undefined
  bytesRead: number
}

class BodyStream extends Readable {
  private next = 0
  private current: OpenFile | undefined
  private done = false
  private readonly buffer = Buffer.allocUnsafe(UPLOAD_CHUNK_BYTES)
  private readonly onAbort = () => this.destroy(new CanceledError())

  constructor(
    private readonly body: UploadBody,
    private readonly files: readonly BodyFile[],
    private readonly heads: readonly string[],
    private readonly tails: readonly string[],
    private readonly options: UploadBodyOptions
  ) {
    super()
    options.signal?.addEventListener('abort', this.onAbort, { once: true })
  }

  override _read(): void {
    try {
      this.produce()
    } catch (error) {
      this.destroy(error instanceof Error ? error : new Error(String(error)))
    }
  }

  /** Pushes the body until the stream's buffer is full or the body is complete. */
  private produce(): void {
    let pending = ''
    const flush = (): boolean => {
      if (pending.length === 0) return true
      const more = this.push(Buffer.from(pending, 'latin1'))
      pending = ''
      return more
    }
    while (!this.done) {
      if (this.options.signal?.aborted) throw new CanceledError()
      if (!this.current) {
        const index = this.next
        const file = this.files[index]
        if (!file) {
          pending += this.files.length === 0 ? '[]' : ']'
          this.done = true
          break
        }
        this.next++
        let handle: UploadFileHandle
        try {
          handle = (this.options.openFile ?? openFileSync)(file.absolutePath)
        } catch (error) {
          throw this.options.fileError(file, 'unreadable', error)
        }
        this.current = { file, handle, hash: this.options.hashes?.start(file.path), bytesRead: 0 }
        pending += this.heads[index] ?? ''
      }
      const open = this.current
      const length = this.fill(open)
      if (length > 0) {
        const text = this.buffer.toString('base64', 0, length)
        open.hash?.updateBase64(text)
        pending += text
      }
      if (length < this.buffer.length) {
        // The end of the file: it must be what was planned before the JSON closes.
        this.closeCurrent()
        const digest = open.hash?.digest()
        if (
          open.bytesRead !== open.file.size ||
          (digest !== undefined && digest !== open.file.hash)
        ) {
          throw this.options.fileError(open.file, 'changed')
        }
        pending += this.tails[this.next - 1] ?? ''
      }
      if (pending.length >= PUSH_BYTES && !flush()) return
    }
    flush()
    if (this.done) this.push(null)
  }

  /** Fills the buffer from the current file; fewer bytes than its size means the end. */
  private fill(open: OpenFile): number {
    let length = 0
    while (length < this.buffer.length) {
      let read: number
      try {
        read = open.handle.read(this.buffer, length, this.buffer.length - length)
      } catch (error) {
        throw this.options.fileError(open.file, 'unreadable', error)
      }
      if (read === 0) break
      length += read
      open.bytesRead += read
      if (open.bytesRead > open.file.size) throw this.options.fileError(open.file, 'changed')
    }
    return length
  }

  private closeCurrent(): void {
    const open = this.current
    if (!open) return
    this.current = undefined
    try {
      open.handle.close()
    } catch {
      // Read to its end already; nothing to lose.
    }
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.options.signal?.removeEventListener('abort', this.onAbort)
    const open = this.current
    this.closeCurrent()
    open?.hash?.abandon()
    if (error && !this.done) this.body.failure ??= error
    callback(error)
  }
}

/** Characters of the base64 text of `bytes` bytes, padding included. */
export function base64Length(bytes: number): number {
  return 4 * Math.ceil(bytes / 3)
}

/** JSON text of `value` with every non-ASCII character escaped, so characters are bytes. */
function asciiJson(value: string): string {
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
  )
}
