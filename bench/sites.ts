/**
 * The generated sites the benches deploy: written once into `.bench/sites/` (git-ignored) and
 * reused. Content is deterministic pseudo-random (xorshift), text-like for text extensions and
 * raw bytes for the others, so that nothing compresses or deduplicates trivially.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = resolve(fileURLToPath(import.meta.url), '../..')
const SITES_DIR = join(ROOT, '.bench', 'sites')
const MIB = 1024 * 1024

const mb = (bytes: number): string => (bytes / 1_000_000).toFixed(1)
const seconds = (ms: number): string => (ms / 1000).toFixed(1)

// ---------------------------------------------------------------------------------------------
// Sites

export interface SiteSpec {
  name: string
  label: string
  /** Bumped when the generator changes, so an old copy on disk is regenerated. */
  version: number
  files: number
  /** Size of file `index` (deterministic). */
  size(index: number, random: () => number): number
}

export const SITE_A: SiteSpec = {
  name: 'a-3000-files-100mb',
  label: 'A: 3,000 files, ~100 MB',
  version: 1,
  files: 3_000,
  size: (index, random) => (index < 10 ? 2 * MIB : 512 + Math.floor(random() * 51_800))
}

export const SITE_B: SiteSpec = {
  name: 'b-20000-small-files',
  label: 'B: 20,000 small files',
  version: 1,
  files: 20_000,
  size: (_index, random) => 64 + Math.floor(random() * 1_985)
}

const TEXT_EXTENSIONS = ['html', 'css', 'js', 'json', 'svg', 'txt']
const BINARY_EXTENSIONS = ['png', 'jpg', 'woff2', 'webp', 'wasm']

/** xorshift32: fast, deterministic, incompressible enough for this purpose. */
export function xorshift(seed: number): () => number {
  let x = seed >>> 0 || 0x9e3779b9
  return () => {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    return (x >>> 0) / 0x1_0000_0000
  }
}

function fillRandom(buffer: Buffer, seed: number, text: boolean): void {
  let x = seed >>> 0 || 1
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 <>/=;{}\n'
  for (let i = 0; i < buffer.length; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    buffer[i] = text ? alphabet.charCodeAt((x >>> 0) % alphabet.length) : x & 0xff
  }
}

export interface SiteInfo {
  dir: string
  files: number
  bytes: number
}

/** The site's folder, generated unless a complete copy of this version is already there. */
export function ensureSite(spec: SiteSpec): SiteInfo {
  const dir = join(SITES_DIR, spec.name)
  const marker = join(SITES_DIR, `${spec.name}.json`)
  if (existsSync(marker) && existsSync(dir)) {
    const saved = JSON.parse(readFileSync(marker, 'utf8')) as SiteInfo & { version: number }
    if (saved.version === spec.version) return { dir, files: saved.files, bytes: saved.bytes }
  }
  const started = Date.now()
  rmSync(dir, { recursive: true, force: true })
  rmSync(marker, { force: true })
  const random = xorshift(spec.files * 7919 + spec.version)
  let bytes = 0
  for (let index = 0; index < spec.files; index++) {
    const size = spec.size(index, random)
    const binary = index < 10 || random() < 0.3
    const pool = binary ? BINARY_EXTENSIONS : TEXT_EXTENSIONS
    const extension = pool[Math.floor(random() * pool.length)] ?? 'bin'
    // Up to three levels of folders, ~50 files per leaf folder.
    const leaf = Math.floor(index / 50)
    const path =
      index === 0
        ? 'index.html'
        : join(`s${leaf % 7}`, `d${leaf % 13}`, `l${leaf}`, `f${index}.${extension}`)
    const content = Buffer.allocUnsafe(size)
    fillRandom(content, index * 2654435761 + spec.version, !binary)
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), content)
    bytes += size
  }
  writeFileSync(
    marker,
    JSON.stringify({ version: spec.version, files: spec.files, bytes, dir } satisfies SiteInfo & {
      version: number
    })
  )
  console.log(
    `generated ${spec.label} in ${dir} (${mb(bytes)} MB) in ${seconds(Date.now() - started)} s`
  )
  return { dir, files: spec.files, bytes }
}
