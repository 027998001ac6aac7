/**
 * The end-to-end tests run dist/, so they must not pass on a stale one: dist/ is compared, file
 * by file, with a fresh build of the sources (as check-dist compares it in CI). The comparison
 * is remembered per content of the sources and dist/, so it runs once until either changes.
 */
import { createHash } from 'node:crypto'
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = resolve(fileURLToPath(import.meta.url), '../../../..')
const CACHE = join(ROOT, 'node_modules', '.cache', 'pages-pilot')
const INPUTS = [
  'src',
  'dist',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.build.json',
  'scripts/build.mjs',
  'scripts/licenses.mjs',
  'scripts/cli-flags.mjs',
  'action.yml'
]

export async function assertFreshBundle(): Promise<void> {
  mkdirSync(CACHE, { recursive: true })
  const stamp = join(CACHE, `fresh-${fingerprint()}`)
  if (existsSync(stamp)) return
  const lock = join(CACHE, 'bundle-check.lock')
  await acquire(lock)
  try {
    if (existsSync(stamp)) return
    const out = join(CACHE, 'dist-check')
    const { buildBundle } = (await import(join(ROOT, 'scripts', 'build.mjs'))) as {
      buildBundle: (outDir: string) => Promise<void>
    }
    await buildBundle(relative(ROOT, out))
    const stale = differences(join(ROOT, 'dist'), out)
    if (stale.length > 0) {
      throw new Error(
        `dist/ is not what src/ builds to (${stale.slice(0, 5).join(', ')}): run \`npm run build\` before the end-to-end tests.`
      )
    }
    writeFileSync(stamp, '')
  } finally {
    rmSync(lock, { recursive: true, force: true })
  }
}

/** Files that differ between two folders, by relative path. */
function differences(a: string, b: string): string[] {
  const left = files(a)
  const right = files(b)
  const names = new Set([...left.keys(), ...right.keys()])
  return [...names].filter((name) => !left.get(name)?.equals(right.get(name) ?? Buffer.alloc(0)))
}

function files(dir: string): Map<string, Buffer> {
  const found = new Map<string, Buffer>()
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const path = join(entry.parentPath, entry.name)
    found.set(relative(dir, path), readFileSync(path))
  }
  return found
}

function fingerprint(): string {
  const hash = createHash('sha256')
  for (const input of INPUTS) {
    const path = join(ROOT, input)
    if (!existsSync(path)) continue
    const contents = statSync(path).isDirectory()
      ? [...files(path)].sort(([a], [b]) => a.localeCompare(b))
      : [['', readFileSync(path)] as const]
    for (const [name, data] of contents) hash.update(`${input}/${name}\0`).update(data)
  }
  return hash.digest('hex').slice(0, 32)
}

/** A lock between test workers: a directory only one can create. */
async function acquire(lock: string): Promise<void> {
  for (let waited = 0; ; waited += 100) {
    try {
      mkdirSync(lock)
      return
    } catch {
      if (waited > 120_000) rmSync(lock, { recursive: true, force: true })
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
}
