/**
 * Reads one file out of a gzipped tar archive (an npm package tarball) in memory: enough to take
 * esbuild's binary out of its package without a tar dependency.
 */
import { gunzipSync } from 'node:zlib'

const BLOCK = 512

/** The content of the entry named `wanted` (e.g. `package/bin/esbuild`), or undefined. */
export function extractFromTgz(archive: Buffer, wanted: string): Buffer | undefined {
  const tar = gunzipSync(archive)
  let longName: string | undefined
  for (let offset = 0; offset + BLOCK <= tar.length;) {
    const header = tar.subarray(offset, offset + BLOCK)
    if (header.every((byte) => byte === 0)) return undefined
    const size = Number.parseInt(field(header, 124, 12) || '0', 8)
    const type = String.fromCharCode(header[156] ?? 0)
    const prefix = field(header, 345, 155)
    const name = longName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100))
    longName = undefined
    const body = tar.subarray(offset + BLOCK, offset + BLOCK + size)
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK
    // A PAX header may carry the next entry's long path.
    if (type === 'x') longName = paxPath(body)
    else if ((type === '0' || type === '\0') && name === wanted) return Buffer.from(body)
  }
  return undefined
}

function field(header: Buffer, start: number, length: number): string {
  const raw = header.subarray(start, start + length)
  const end = raw.indexOf(0)
  return raw
    .subarray(0, end === -1 ? length : end)
    .toString('utf8')
    .trim()
}

function paxPath(body: Buffer): string | undefined {
  for (const record of body.toString('utf8').split('\n')) {
    const match = /^\d+ path=(.*)$/.exec(record)
    if (match?.[1]) return match[1]
  }
  return undefined
}
