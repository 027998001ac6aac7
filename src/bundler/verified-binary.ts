/**
 * An executable that runs only while it is the file it was checked to be. esbuild is found in
 * places others may write to (a tool cache shared between jobs, a project's `node_modules`
 * that a fork's artifact can fill), so its SHA-256 is compared with the published binary's
 * before its first run, and its file identity (device, inode, size, times) before every later
 * one: any change to the file, a replacement included, means hashing it again.
 */
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'

/** The binary changed since it was checked, or never matched; it was not run. */
export class UnverifiedBinaryError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UnverifiedBinaryError'
  }
}

export class VerifiedBinary {
  /** The file's identity when it last matched the expected hash. */
  private identity: string | undefined

  constructor(
    readonly path: string,
    /** The SHA-256 (hex) of the published binary. */
    readonly sha256: string
  ) {}

  /** Whether the file is the published binary: a `stat` when unchanged, else a fresh hash. */
  async matches(): Promise<boolean> {
    const now = await identityOf(this.path)
    if (now === undefined) return false
    if (now === this.identity) return true
    const actual = await sha256Of(this.path)
    // The identity is read again after hashing, so a file swapped meanwhile is not trusted.
    if (actual !== this.sha256 || (await identityOf(this.path)) !== now) {
      this.identity = undefined
      return false
    }
    this.identity = now
    return true
  }

  /** @throws UnverifiedBinaryError when the file is no longer the binary that was checked */
  async assertUnchanged(name: string): Promise<void> {
    if (await this.matches()) return
    throw new UnverifiedBinaryError(
      `${name} at ${this.path} changed after pages-pilot checked it (it is no longer the published binary, sha256 ${this.sha256.slice(0, 12)}…), so it was not run. Something else on the runner writes to that folder: remove it, or give each job a tool cache of its own.`
    )
  }
}

export async function sha256Of(path: string): Promise<string | undefined> {
  const hash = createHash('sha256')
  try {
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  } catch {
    return undefined
  }
  return hash.digest('hex')
}

async function identityOf(path: string): Promise<string | undefined> {
  try {
    const s = await stat(path, { bigint: true })
    if (!s.isFile()) return undefined
    return `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`
  } catch {
    return undefined
  }
}
