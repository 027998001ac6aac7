/**
 * Direct Upload benchmark: pages-pilot (`node dist/index.js` through harness/run-action, as the
 * GitHub runner runs it) against `wrangler pages deploy`, both deploying to the bundled
 * emulator. Nothing here passes or fails: it prints figures.
 *
 * Sites, generated once into `.bench/sites/` (git-ignored) and reused:
 *   A  3,000 files, ~100 MB: ten 2 MiB files, the rest 0.5-52 KB
 *   B  20,000 small files (64 B - 2 KB), the most a deployment may have
 * Content is deterministic pseudo-random (xorshift), text-like for text extensions and raw bytes
 * for the others, so that nothing compresses or deduplicates trivially.
 *
 * For each site and tool, a FRESH project (and an emptied asset store), so both upload
 * everything; then pages-pilot deploys the unchanged site again ("unchanged redeploy").
 * Measured per run:
 *   - wall time: spawn to exit; and spawn to the deployment-creation request (the upload part:
 *     start-up, walk, hash, check-missing, upload, upsert; wrangler then sleeps 1 s before its
 *     first status poll, pages-pilot polls at once)
 *   - peak memory of the whole process tree: a worker thread of this process reads
 *     /proc/<pid>/status of every descendant process every 20 ms; "tree" is the largest sum of
 *     VmRSS seen, "largest" the largest VmHWM of a single process (the kernel's own peak; what
 *     `/usr/bin/time -f %M` would print for the biggest process). The emulator runs in this
 *     process and is not counted; the sampler runs on its own thread, so a busy emulator does
 *     not delay the samples.
 *   - API calls: requests the emulator recorded during the run
 * Then hashing throughput: pages-pilot's `hashFiles` in this process over site A, and b3sum
 * (raw bytes, when installed) over the same files.
 *
 * Run: `npm run bench:upload -- [--with-wrangler] [--skip-large]`
 *   --with-wrangler  install wrangler@4 into .bench/wrangler when missing (used whenever present)
 *   --skip-large     skip site B (20,000 files)
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { Worker } from 'node:worker_threads'
import { startEmulator, type Emulator, type RecordedRequest } from '../emulator/server.js'
import { ACTION_ENTRY, runAction } from '../harness/run-action.js'
import { hashFiles, PagesHasher } from '../src/upload/hash.js'
import { walkDirectory } from '../src/upload/walk.js'
import {
  ensureWrangler,
  runProcess,
  WRANGLER_ENTRY,
  wranglerHome,
  wranglerVersion
} from './wrangler.js'

const ROOT = resolve(fileURLToPath(import.meta.url), '../..')
const SITES_DIR = join(ROOT, '.bench', 'sites')
const SHA = 'b'.repeat(40)
const RUN_TIMEOUT_MS = 15 * 60_000
/** Deployments finish at once: the bench measures uploads, not builds. */
const INSTANT_STAGES = { queued: 1, initialize: 1, clone_repo: 1, build: 1, deploy: 1 }
const MIB = 1024 * 1024

// ---------------------------------------------------------------------------------------------
// Sites

interface SiteSpec {
  name: string
  label: string
  /** Bumped when the generator changes, so an old copy on disk is regenerated. */
  version: number
  files: number
  /** Size of file `index` (deterministic). */
  size(index: number, random: () => number): number
}

const SITE_A: SiteSpec = {
  name: 'a-3000-files-100mb',
  label: 'A: 3,000 files, ~100 MB',
  version: 1,
  files: 3_000,
  size: (index, random) => (index < 10 ? 2 * MIB : 512 + Math.floor(random() * 51_800))
}

const SITE_B: SiteSpec = {
  name: 'b-20000-small-files',
  label: 'B: 20,000 small files',
  version: 1,
  files: 20_000,
  size: (_index, random) => 64 + Math.floor(random() * 1_985)
}

const TEXT_EXTENSIONS = ['html', 'css', 'js', 'json', 'svg', 'txt']
const BINARY_EXTENSIONS = ['png', 'jpg', 'woff2', 'webp', 'wasm']

/** xorshift32: fast, deterministic, incompressible enough for this purpose. */
function xorshift(seed: number): () => number {
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

interface SiteInfo {
  dir: string
  files: number
  bytes: number
}

/** The site's folder, generated unless a complete copy of this version is already there. */
function ensureSite(spec: SiteSpec): SiteInfo {
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

// ---------------------------------------------------------------------------------------------
// Memory of a process tree

interface MemoryPeak {
  /** Largest sum of VmRSS over the tree's processes at one sample, KiB. */
  treeKb: number
  /** Largest VmHWM of a single process, KiB. */
  largestKb: number
  /** Name (comm) of that process. */
  largestName: string
  /** Processes seen in the tree. */
  processes: number
  samples: number
}

/**
 * Samples the descendants of this process (except `exclude`, which were there before the run)
 * every `intervalMs` from a worker thread. CommonJS source, evaluated by the worker.
 */
const SAMPLER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const { readFileSync, readdirSync } = require('node:fs')
const { root, exclude, intervalMs } = workerData
const excluded = new Set(exclude)
const hwm = new Map()
const names = new Map()
let treeKb = 0
let samples = 0
function children(pid) {
  const out = []
  let tasks = []
  try { tasks = readdirSync('/proc/' + pid + '/task') } catch { return out }
  for (const task of tasks) {
    try {
      for (const c of readFileSync('/proc/' + pid + '/task/' + task + '/children', 'utf8').split(' ')) {
        if (c.trim()) out.push(Number(c))
      }
    } catch {}
  }
  return out
}
function field(status, name) {
  const m = new RegExp('^' + name + ':\\\\s+(\\\\d+)', 'm').exec(status)
  return m ? Number(m[1]) : 0
}
function sample() {
  const stack = children(root)
  let sum = 0
  while (stack.length > 0) {
    const pid = stack.pop()
    stack.push(...children(pid))
    if (excluded.has(pid)) continue
    let status
    try { status = readFileSync('/proc/' + pid + '/status', 'utf8') } catch { continue }
    sum += field(status, 'VmRSS')
    const peak = field(status, 'VmHWM')
    if (peak >= (hwm.get(pid) || 0)) hwm.set(pid, peak)
    const name = /^Name:\\s+(.*)$/m.exec(status)
    if (name) names.set(pid, name[1])
  }
  samples++
  if (sum > treeKb) treeKb = sum
}
const timer = setInterval(sample, intervalMs)
parentPort.on('message', () => {
  clearInterval(timer)
  sample()
  let largestKb = 0
  let largestName = ''
  for (const [pid, kb] of hwm) if (kb > largestKb) { largestKb = kb; largestName = names.get(pid) || '?' }
  parentPort.postMessage({ treeKb, largestKb, largestName, processes: hwm.size, samples })
})
parentPort.postMessage('ready')
`

class TreeSampler {
  private constructor(private readonly worker: Worker) {}

  static async start(intervalMs = 20): Promise<TreeSampler> {
    const worker = new Worker(SAMPLER_SOURCE, {
      eval: true,
      workerData: { root: process.pid, exclude: descendants(process.pid), intervalMs }
    })
    await new Promise<void>((ready, reject) => {
      worker.once('message', () => ready())
      worker.once('error', reject)
    })
    return new TreeSampler(worker)
  }

  async stop(): Promise<MemoryPeak> {
    const peak = new Promise<MemoryPeak>((done) =>
      this.worker.once('message', (value: MemoryPeak) => done(value))
    )
    this.worker.postMessage('stop')
    const result = await peak
    await this.worker.terminate()
    return result
  }
}

/** Descendant pids of `pid` right now (to leave out helpers this process already had). */
function descendants(pid: number): number[] {
  const out: number[] = []
  const stack = [pid]
  while (stack.length > 0) {
    const current = stack.pop() as number
    let tasks: string[] = []
    try {
      tasks = readdirSync(`/proc/${current}/task`)
    } catch {
      continue
    }
    for (const task of tasks) {
      try {
        const text = readFileSync(`/proc/${current}/task/${task}/children`, 'utf8')
        for (const child of text.split(' ').filter((c) => c.trim())) {
          out.push(Number(child))
          stack.push(Number(child))
        }
      } catch {
        // The task ended meanwhile.
      }
    }
  }
  return out
}

