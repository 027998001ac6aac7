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
 *   --with-wrangler  install wrangler (WRANGLER_VERSION) into .bench/wrangler when missing (used whenever present)
 *   --skip-large     skip site B (20,000 files)
 */
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { parseArgs } from 'node:util'
import { Worker } from 'node:worker_threads'
import { startEmulator, type Emulator, type RecordedRequest } from '../emulator/server.js'
import { ACTION_ENTRY, runAction } from '../harness/run-action.js'
import { hashFiles, PagesHasher } from '../src/upload/hash.js'
import { walkDirectory } from '../src/upload/walk.js'
import { ensureSite, SITE_A, SITE_B, type SiteInfo, type SiteSpec } from './sites.js'
import {
  ensureWrangler,
  runProcess,
  WRANGLER_ENTRY,
  wranglerHome,
  wranglerVersion
} from './wrangler.js'

const SHA = 'b'.repeat(40)
const RUN_TIMEOUT_MS = 15 * 60_000
/** Deployments finish at once: the bench measures uploads, not builds. */
const INSTANT_STAGES = { queued: 1, initialize: 1, clone_repo: 1, build: 1, deploy: 1 }

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

// ---------------------------------------------------------------------------------------------
// Runs

type Tool = 'pages-pilot' | 'wrangler'

interface RunFigures {
  tool: Tool
  site: SiteSpec
  /** `fresh` (new project, empty asset store) or `redeploy` (same project, unchanged site). */
  kind: 'fresh' | 'redeploy'
  exitCode: number | null
  wallMs: number
  /** Spawn to the deployment-creation request. */
  toCreateMs: number | undefined
  /** When the process was spawned (ms since the epoch). */
  started: number
  /** CPU time of this process (the emulator, plus the idle sampler thread) during the run. */
  emulatorCpuMs: number
  memory: MemoryPeak
  requests: RecordedRequest[]
  filesUploaded: number
  bytesUploaded: number
  output: string
}

let projectCounter = 0

async function measure(
  emulator: Emulator,
  tool: Tool,
  spec: SiteSpec,
  site: SiteInfo,
  kind: RunFigures['kind'],
  project: string
): Promise<RunFigures> {
  const mark = emulator.requests.length
  const before = { ...emulator.assets.stats }
  const sampler = await TreeSampler.start()
  const cpuBefore = process.cpuUsage()
  const started = Date.now()
  let exitCode: number | null
  let output: string
  if (tool === 'pages-pilot') {
    const result = await runAction({
      inputs: {
        'api-token': emulator.token,
        'account-id': emulator.accountId,
        operation: 'deploy',
        'project-name': project,
        directory: site.dir,
        branch: 'main',
        'commit-hash': SHA,
        'commit-message': 'bench'
      },
      env: { CLOUDFLARE_API_BASE_URL: emulator.apiBaseUrl },
      killAfterMs: RUN_TIMEOUT_MS
    })
    rmSync(result.dir, { recursive: true, force: true })
    exitCode = result.exitCode
    output = `${result.stdout}\n${result.stderr}`
  } else {
    const home = wranglerHome(emulator)
    const args = ['pages', 'deploy', site.dir, '--project-name', project, '--branch', 'main']
    args.push('--commit-hash', SHA, '--commit-message', 'bench', '--commit-dirty=false')
    const result = await runProcess(process.execPath, [WRANGLER_ENTRY, ...args], {
      env: home.env,
      cwd: home.home,
      timeoutMs: RUN_TIMEOUT_MS
    })
    home.remove()
    exitCode = result.exitCode
    output = `${result.stdout}\n${result.stderr}`
  }
  const wallMs = Date.now() - started
  const cpu = process.cpuUsage(cpuBefore)
  const memory = await sampler.stop()
  const requests = emulator.requests.slice(mark)
  const creation = requests.find(
    (r) => r.method === 'POST' && r.path.endsWith(`/projects/${project}/deployments`)
  )
  const after = emulator.assets.stats
  return {
    tool,
    site: spec,
    kind,
    exitCode,
    wallMs,
    toCreateMs: creation && creation.time - started,
    started,
    emulatorCpuMs: (cpu.user + cpu.system) / 1000,
    memory,
    requests,
    filesUploaded: after.filesUploaded - before.filesUploaded,
    bytesUploaded: after.bytesUploaded - before.bytesUploaded,
    output
  }
}

/** A fresh project and an empty asset store, so the tool uploads everything. */
function freshProject(emulator: Emulator, tool: Tool, spec: SiteSpec): string {
  emulator.assets.reset()
  const name = `bench-${tool}-${spec.name}-${++projectCounter}`.slice(0, 58).replace(/-+$/, '')
  emulator.addProject({ name, source: 'direct' })
  return name
}

/** Reads every file once so that no tool pays for a cold page cache. */
async function warmCache(site: SiteInfo): Promise<void> {
  const walked = await walkDirectory(site.dir)
  for (const file of walked.files) readFileSync(file.absolutePath)
}

// ---------------------------------------------------------------------------------------------
// Hashing throughput

interface HashFigures {
  bytes: number
  files: number
  pilotMs: number
  b3sumMs: number | undefined
  b3sumOneThreadMs: number | undefined
}

async function measureHashing(site: SiteInfo): Promise<HashFigures> {
  const walked = await walkDirectory(site.dir)
  const hasher = await PagesHasher.create()
  await hashFiles(walked.files, { hasher }) // warm-up: WebAssembly tiers, page cache
  const times: number[] = []
  for (let i = 0; i < 3; i++) {
    const started = performance.now()
    await hashFiles(walked.files, { hasher })
    times.push(performance.now() - started)
  }
  const paths = walked.files.map((f) => f.path.slice(1))
  const b3sum = await b3sumMs(site.dir, paths, [])
  const b3sumOne =
    b3sum === undefined ? undefined : await b3sumMs(site.dir, paths, ['--num-threads', '1'])
  return {
    bytes: walked.totalBytes,
    files: walked.files.length,
    pilotMs: median(times),
    b3sumMs: b3sum,
    b3sumOneThreadMs: b3sumOne
  }
}

/** Median of three runs of `b3sum [flags] paths…` in `cwd`; undefined when b3sum is missing. */
async function b3sumMs(cwd: string, paths: string[], flags: string[]): Promise<number | undefined> {
  const times: number[] = []
  for (let i = 0; i < 3; i++) {
    const started = performance.now()
    const status = await new Promise<number | null>((done) => {
      const child = spawn('b3sum', [...flags, '--', ...paths], { cwd, stdio: 'ignore' })
      child.on('error', () => done(null))
      child.on('close', done)
    })
    if (status !== 0) return undefined
    times.push(performance.now() - started)
  }
  return median(times)
}

// ---------------------------------------------------------------------------------------------
// Printing

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
}

function seconds(ms: number | undefined): string {
  return ms === undefined ? 'n/a' : (ms / 1000).toFixed(2)
}

function mb(bytes: number): string {
  return (bytes / 1_000_000).toFixed(1)
}

function mib(kb: number): string {
  return (kb / 1024).toFixed(0)
}

function isUpload(r: RecordedRequest): boolean {
  return r.path.endsWith('/pages/assets/upload')
}

function printRuns(runs: RunFigures[]): void {
  const rows = runs.map((r) => [
    `${r.tool}${r.kind === 'redeploy' ? ' (unchanged redeploy)' : ''}`,
    r.site.name.slice(0, 1).toUpperCase(),
    String(r.exitCode),
    seconds(r.wallMs),
    seconds(r.toCreateMs),
    mib(r.memory.treeKb),
    `${mib(r.memory.largestKb)} (${r.memory.largestName})`,
    String(r.memory.processes),
    String(r.requests.length),
    String(r.requests.filter(isUpload).length),
    r.filesUploaded.toLocaleString('en-US'),
    mb(r.bytesUploaded)
  ])
  console.log(
    table(
      [
        'tool',
        'site',
        'exit',
        'wall s',
        'to create s',
        'tree peak MiB',
        'largest process MiB',
        'procs',
        'API calls',
        'upload reqs',
        'files sent',
        'MB sent'
      ],
      rows
    )
  )
  for (const run of runs.filter((r) => r.exitCode !== 0)) {
    console.log(`\n${run.tool} on ${run.site.label} failed; output tail:`)
    console.log(run.output.trim().split('\n').slice(-20).join('\n'))
  }
}

function printRatios(runs: RunFigures[]): void {
  const rows: string[][] = []
  for (const site of new Set(runs.map((r) => r.site))) {
    const ours = runs.find((r) => r.site === site && r.tool === 'pages-pilot' && r.kind === 'fresh')
    const theirs = runs.find((r) => r.site === site && r.tool === 'wrangler')
    if (!ours || !theirs) continue
    const ratio = (a: number | undefined, b: number | undefined) =>
      a === undefined || b === undefined ? 'n/a' : `${(a / b).toFixed(2)}x`
    rows.push([
      site.label,
      ratio(ours.wallMs, theirs.wallMs),
      ratio(ours.toCreateMs, theirs.toCreateMs),
      ratio(ours.memory.treeKb, theirs.memory.treeKb),
      ratio(ours.memory.largestKb, theirs.memory.largestKb),
      ratio(ours.requests.length, theirs.requests.length)
    ])
  }
  if (rows.length === 0) return
  console.log('\nratios pages-pilot / wrangler (targets: wall <= 0.5x, peak memory <= 0.25x)')
  console.log(
    table(['site', 'wall', 'to create', 'tree peak', 'largest process', 'API calls'], rows)
  )
}

function printRequests(runs: RunFigures[]): void {
  for (const run of runs.filter((r) => r.kind === 'fresh')) {
    const counts = new Map<string, number>()
    for (const r of run.requests) {
      const key = `${r.method} ${r.path
        .replace(/\/accounts\/[^/]+/, '/accounts/{a}')
        .replace(/\/projects\/[^/]+/, '/projects/{p}')
        .replace(/\/deployments\/[^/?]+/, '/deployments/{id}')} -> ${r.status ?? '?'}`
      counts.set(key, (counts.get(key) ?? 0) + 1)
    }
    console.log(`\n${run.tool}, ${run.site.label}: requests`)
    for (const [key, n] of counts) console.log(`  ${String(n).padStart(4)}  ${key}`)
  }
}

/**
 * When each step's request reached the emulator (its body fully received), in seconds after
 * the spawn: where the time goes, for both tools alike.
 */
function printTimeline(runs: RunFigures[]): void {
  const at = (run: RunFigures, pick: (r: RecordedRequest) => boolean, last = false) => {
    const matching = run.requests.filter(pick)
    const request = last ? matching[matching.length - 1] : matching[0]
    return request ? seconds(request.time - run.started) : '-'
  }
  const path = (suffix: string) => (r: RecordedRequest) => r.path.endsWith(suffix)
  const creation = (r: RecordedRequest) => r.method === 'POST' && /\/deployments$/.test(r.path)
  const rows = runs.map((run) => [
    `${run.tool}${run.kind === 'redeploy' ? ' (redeploy)' : ''}`,
    run.site.name.slice(0, 1).toUpperCase(),
    at(run, () => true),
    at(run, path('/upload-token')),
    at(run, path('/check-missing')),
    at(run, isUpload),
    at(run, isUpload, true),
    at(run, path('/upsert-hashes')),
    at(run, creation),
    seconds(run.wallMs),
    seconds(run.emulatorCpuMs)
  ])
  console.log('\ntimeline, s after spawn (request fully received by the emulator)')
  console.log(
    table(
      [
        'tool',
        'site',
        'first req',
        'token',
        'check-missing',
        'first upload',
        'last upload',
        'upsert',
        'create',
        'exit',
        'emulator CPU s'
      ],
      rows
    )
  )
}

function printHashing(figures: HashFigures): void {
  const rate = (ms: number | undefined) =>
    ms === undefined ? 'n/a' : (figures.bytes / 1_000_000 / (ms / 1000)).toFixed(0)
  console.log(
    `\nhashing ${figures.files.toLocaleString('en-US')} files, ${mb(figures.bytes)} MB (site A, page cache warm, median of 3)`
  )
  const rows = [
    [
      'pages-pilot hashFiles (base64 + ext, hash-wasm BLAKE3)',
      seconds(figures.pilotMs),
      rate(figures.pilotMs)
    ],
    ['b3sum, raw bytes, default threads', seconds(figures.b3sumMs), rate(figures.b3sumMs)],
    [
      'b3sum, raw bytes, 1 thread',
      seconds(figures.b3sumOneThreadMs),
      rate(figures.b3sumOneThreadMs)
    ]
  ]
  console.log(table(['hasher', 's', 'MB/s of file bytes'], rows))
  if (figures.b3sumOneThreadMs !== undefined) {
    // The Pages hash runs BLAKE3 over base64 text: 4/3 of the bytes, plus the encoding.
    const ceiling = (figures.bytes / 1_000_000 / (figures.b3sumOneThreadMs / 1000)) * 0.75
    const ours = figures.bytes / 1_000_000 / (figures.pilotMs / 1000)
    console.log(
      `theoretical: the Pages hash feeds BLAKE3 4/3 of the bytes (base64), so a native one-thread ` +
        `hasher would reach at most ${ceiling.toFixed(0)} MB/s of file bytes here; ` +
        `pages-pilot reaches ${ours.toFixed(0)} MB/s = ${((ours / ceiling) * 100).toFixed(0)}% of that`
    )
  }
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      'with-wrangler': { type: 'boolean', default: false },
      'skip-large': { type: 'boolean', default: false }
    }
  })
  if (!existsSync(ACTION_ENTRY)) throw new Error(`${ACTION_ENTRY} is missing: run npm run build`)
  if (process.platform !== 'linux') throw new Error('memory is sampled from /proc: Linux only')
  const withWrangler = await ensureWrangler(values['with-wrangler'])
  const cpu = cpus()
  console.log(
    `node ${process.version}, ${cpu.length} CPUs (${cpu[0]?.model.trim() ?? 'unknown'}), ` +
      `${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM`
  )
  console.log(
    withWrangler ? `wrangler ${wranglerVersion()}` : 'wrangler: not installed (--with-wrangler)'
  )
  const specs = values['skip-large'] ? [SITE_A] : [SITE_A, SITE_B]
  const sites = new Map(specs.map((spec) => [spec, ensureSite(spec)]))
  for (const [spec, site] of sites) {
    console.log(
      `${spec.label}: ${site.files.toLocaleString('en-US')} files, ${mb(site.bytes)} MB in ${site.dir}`
    )
  }

  const emulator = await startEmulator({ stageDurationsMs: INSTANT_STAGES })
  const runs: RunFigures[] = []
  try {
    for (const [spec, site] of sites) {
      await warmCache(site)
      const tools: Tool[] = withWrangler ? ['pages-pilot', 'wrangler'] : ['pages-pilot']
      for (const tool of tools) {
        const project = freshProject(emulator, tool, spec)
        console.log(`running ${tool} on ${spec.label} (project ${project}) ...`)
        runs.push(await measure(emulator, tool, spec, site, 'fresh', project))
        if (tool === 'pages-pilot') {
          console.log(`running pages-pilot again on the unchanged site ...`)
          runs.push(await measure(emulator, tool, spec, site, 'redeploy', project))
        }
      }
    }
  } finally {
    await emulator.close()
  }

  console.log(
    '\nwall: spawn to exit; to create: spawn to the deployment-creation request; tree peak: ' +
      'largest sum of VmRSS over the process tree (sampled every 20 ms); largest process: its VmHWM'
  )
  printRuns(runs)
  printRatios(runs)
  printTimeline(runs)
  printRequests(runs)

  const siteA = sites.get(SITE_A)
  if (siteA) printHashing(await measureHashing(siteA))
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error)
  process.exitCode = 1
})
