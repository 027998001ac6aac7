/**
 * Start-up and polling benchmark for pages-pilot, against the bundled emulator of the Pages API.
 * Nothing here passes or fails: it prints figures.
 *
 * 1. Start-up: spawns `node dist/index.js` with `operation: status` (through harness/run-action,
 *    exactly as the GitHub runner does) and measures the time from just before the spawn to the
 *    first request the emulator records, plus the total run time. Repeated `--runs` times.
 * 2. The same for `wrangler pages deployment list`, pointed at the emulator through
 *    CLOUDFLARE_API_BASE_URL, with a throw-away HOME so nothing is written to the user's home.
 *    Time to its first request of any kind and to its first Pages request are reported apart.
 *    Wrangler is only used when installed in `.bench/wrangler` (git-ignored); `--with-wrangler`
 *    installs it there on demand.
 * 3. API calls per waited minute: `operation: wait` on a deployment whose build stage lasts
 *    `--build-seconds`, with the default poll-interval (2s). The requests of that run are counted
 *    and compared with what fixed 2 s polling would send over the same span (computed, not run:
 *    no input makes the action poll at a fixed 2 s).
 *
 * Run: `npm run bench` (builds dist/ first) or, with dist/ already built,
 *   npx tsx bench/startup-and-polling.ts [--runs 15] [--build-seconds 45] [--with-wrangler]
 */
import { existsSync, rmSync } from 'node:fs'
import { cpus } from 'node:os'
import { parseArgs } from 'node:util'
import { startEmulator, type Emulator, type RecordedRequest } from '../emulator/server.js'
import { ACTION_ENTRY, runAction } from '../harness/run-action.js'
import { ensureWrangler, runWrangler, wranglerVersion } from './wrangler.js'

const STATUS_PROJECT = 'bench-status'
const WAIT_PROJECT = 'bench-wait'
/** Same, but with an earlier build of the same length that the action takes as its guide. */
const WAIT_PROJECT_WITH_HISTORY = 'bench-wait-history'
const DEFAULT_POLL_MS = 2_000

interface BenchOptions {
  runs: number
  buildSeconds: number
  withWrangler: boolean
}

/** One timed process run against the emulator. */
interface StartupSample {
  /** Spawn to the first recorded request of any kind; undefined when it sent none. */
  firstRequestMs: number | undefined
  /** Spawn to the first request under `/pages/`; undefined when it sent none. */
  firstPagesRequestMs: number | undefined
  totalMs: number
  exitCode: number | null
  stderr: string
  requests: RecordedRequest[]
}

interface Summary {
  median: number
  p90: number
}

interface WaitFigures {
  exitCode: number | null
  totalMs: number
  /** First to last request of the run. */
  waitedMs: number
  requests: number
  polls: number
  perMinute: number
  fixedRequests: number
  fixedPerMinute: number
  /** From the deployment's last stage ending to the run's last request. */
  noticedAfterMs: number | undefined
}

// ---------------------------------------------------------------------------------------------
// Command line and statistics

function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      runs: { type: 'string', default: '15' },
      'build-seconds': { type: 'string', default: '45' },
      'with-wrangler': { type: 'boolean', default: false }
    }
  })
  return {
    runs: positiveNumber('--runs', values.runs),
    buildSeconds: positiveNumber('--build-seconds', values['build-seconds']),
    withWrangler: values['with-wrangler']
  }
}

function positiveNumber(name: string, text: string): number {
  const value = Number(text)
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`)
  return value
}

/** Nearest-rank percentile of the defined values; undefined when there are none. */
function percentile(values: Array<number | undefined>, p: number): number | undefined {
  const sorted = values.filter((v): v is number => v !== undefined).sort((a, b) => a - b)
  if (sorted.length === 0) return undefined
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}

function summarize(values: Array<number | undefined>): Summary | undefined {
  const median = percentile(values, 50)
  const p90 = percentile(values, 90)
  return median === undefined || p90 === undefined ? undefined : { median, p90 }
}

// ---------------------------------------------------------------------------------------------
// Measuring runs

/** Requests recorded since `mark` (an index into `emulator.requests`). */
function requestsSince(emulator: Emulator, mark: number): RecordedRequest[] {
  return emulator.requests.slice(mark)
}

function isPagesRequest(request: RecordedRequest): boolean {
  return request.path.includes('/pages/')
}

function sampleOf(
  started: number,
  requests: RecordedRequest[],
  run: { totalMs: number; exitCode: number | null; stderr: string }
): StartupSample {
  const first = requests[0]
  const firstPages = requests.find(isPagesRequest)
  return {
    firstRequestMs: first && first.time - started,
    firstPagesRequestMs: firstPages && firstPages.time - started,
    ...run,
    requests
  }
}

/** Runs `operation: status` once; the clock starts right before runAction spawns the action. */
async function measureActionStatus(emulator: Emulator): Promise<StartupSample> {
  const mark = emulator.requests.length
  const started = Date.now()
  const result = await runAction({
    inputs: actionInputs(emulator, { operation: 'status', 'project-name': STATUS_PROJECT }),
    env: { CLOUDFLARE_API_BASE_URL: emulator.apiBaseUrl }
  })
  rmSync(result.dir, { recursive: true, force: true })
  return sampleOf(started, requestsSince(emulator, mark), {
    totalMs: result.durationMs,
    exitCode: result.exitCode,
    stderr: result.stderr
  })
}

function actionInputs(emulator: Emulator, inputs: Record<string, string>): Record<string, string> {
  return { 'api-token': emulator.token, 'account-id': emulator.accountId, ...inputs }
}

/** Runs `wrangler pages deployment list` once with a throw-away HOME. */
async function measureWrangler(emulator: Emulator): Promise<StartupSample> {
  const args = ['pages', 'deployment', 'list', '--project-name', STATUS_PROJECT]
  const mark = emulator.requests.length
  const started = Date.now()
  const run = await runWrangler(emulator, args)
  return sampleOf(started, requestsSince(emulator, mark), {
    totalMs: run.durationMs,
    exitCode: run.exitCode,
    stderr: run.stderr
  })
}

async function repeat<T>(runs: number, measure: () => Promise<T>): Promise<T[]> {
  const samples: T[] = []
  for (let i = 0; i < runs; i++) samples.push(await measure())
  return samples
}

/** Runs `operation: wait` on a fresh deployment whose build lasts `buildSeconds`. */
async function measureWait(
  emulator: Emulator,
  buildSeconds: number,
  project: string
): Promise<WaitFigures> {
  const buildMs = buildSeconds * 1000
  emulator.scriptNextDeployments(project, { stageDurationsMs: { build: buildMs } })
  const deployment = emulator.simulatePush(project, { branch: 'main' })
  const mark = emulator.requests.length
  const result = await runAction({
    inputs: actionInputs(emulator, {
      operation: 'wait',
      'project-name': project,
      'deployment-id': deployment.id
    }),
    env: { CLOUDFLARE_API_BASE_URL: emulator.apiBaseUrl },
    killAfterMs: buildMs + 120_000
  })
  rmSync(result.dir, { recursive: true, force: true })
  const requests = requestsSince(emulator, mark).filter((r) =>
    r.path.includes(`/pages/projects/${project}`)
  )
  const figures = waitFigures(requests, deployment.id, result.exitCode, result.durationMs)
  const endedOn = emulator.getDeployment(deployment.id)?.latest_stage.ended_on
  const lastRequest = requests[requests.length - 1]
  if (endedOn && lastRequest) figures.noticedAfterMs = lastRequest.time - Date.parse(endedOn)
  return figures
}

function waitFigures(
  requests: RecordedRequest[],
  deploymentId: string,
  exitCode: number | null,
  totalMs: number
): WaitFigures {
  const first = requests[0]?.time ?? 0
  const last = requests[requests.length - 1]?.time ?? first
  const waitedMs = last - first
  const minutes = waitedMs / 60_000
  const polls = requests.filter((r) => r.method === 'GET' && r.path.endsWith(deploymentId)).length
  // Fixed polling would send the same non-poll requests plus one poll every 2 s.
  const fixedRequests = requests.length - polls + Math.floor(waitedMs / DEFAULT_POLL_MS) + 1
  return {
    exitCode,
    totalMs,
    waitedMs,
    requests: requests.length,
    polls,
    perMinute: requests.length / minutes,
    fixedRequests,
    fixedPerMinute: fixedRequests / minutes,
    noticedAfterMs: undefined
  }
}

// ---------------------------------------------------------------------------------------------
// Printing

function ms(value: number | undefined): string {
  return value === undefined ? 'n/a' : `${Math.round(value)} ms`
}

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}

function startupRow(name: string, values: Array<number | undefined>): string[] {
  const summary = summarize(values)
  const count = values.filter((v) => v !== undefined).length
  return [name, ms(summary?.median), ms(summary?.p90), `${count}/${values.length}`]
}

function printStartup(action: StartupSample[], wrangler: StartupSample[] | undefined): void {
  const rows = [
    startupRow(
      'pages-pilot: spawn -> first request',
      action.map((s) => s.firstRequestMs)
    ),
    startupRow(
      'pages-pilot: total (status)',
      action.map((s) => s.totalMs)
    )
  ]
  if (wrangler) {
    rows.push(
      startupRow(
        'wrangler: spawn -> first request',
        wrangler.map((s) => s.firstRequestMs)
      ),
      startupRow(
        'wrangler: spawn -> first Pages request',
        wrangler.map((s) => s.firstPagesRequestMs)
      ),
      startupRow(
        'wrangler: total (deployment list)',
        wrangler.map((s) => s.totalMs)
      )
    )
  }
  console.log(table(['measure', 'median', 'p90', 'samples'], rows))
  console.log(`pages-pilot exit codes: ${exitCodes(action)}`)
  if (!wrangler) {
    console.log('wrangler: not installed (run with --with-wrangler)')
    return
  }
  console.log(`wrangler exit codes:    ${exitCodes(wrangler)}`)
  printRatio(action, wrangler)
  printWranglerRequests(wrangler)
  printFailures('wrangler', wrangler)
}

function exitCodes(samples: StartupSample[]): string {
  const counts = new Map<string, number>()
  for (const s of samples) counts.set(String(s.exitCode), (counts.get(String(s.exitCode)) ?? 0) + 1)
  return [...counts].map(([code, n]) => `${code} x${n}`).join(', ')
}

function printRatio(action: StartupSample[], wrangler: StartupSample[]): void {
  const ours = summarize(action.map((s) => s.firstRequestMs))?.median
  const first = summarize(wrangler.map((s) => s.firstRequestMs))?.median
  const pages = summarize(wrangler.map((s) => s.firstPagesRequestMs))?.median
  const ratio = (theirs: number | undefined): string =>
    ours && theirs !== undefined ? `${(theirs / ours).toFixed(1)}x` : 'n/a'
  console.log(`ratio wrangler/pages-pilot, median start-up (first request):       ${ratio(first)}`)
  console.log(`ratio wrangler/pages-pilot, median start-up (first Pages request): ${ratio(pages)}`)
}

/** Every distinct request wrangler made, with the status the emulator answered. */
function printWranglerRequests(samples: StartupSample[]): void {
  const seen = new Map<string, number>()
  for (const request of samples.flatMap((s) => s.requests)) {
    const key = `${request.method} ${request.path} -> ${request.status ?? '?'}`
    seen.set(key, (seen.get(key) ?? 0) + 1)
  }
  console.log('wrangler requests (method path -> status, times over all runs):')
  for (const [key, n] of seen) console.log(`  ${key}  x${n}`)
}

function printFailures(name: string, samples: StartupSample[]): void {
  const failed = samples.find((s) => s.exitCode !== 0)
  if (!failed) return
  const tail = failed.stderr.trim().split('\n').slice(-15).join('\n')
  console.log(
    `${name} failed (exit ${failed.exitCode}); stderr tail of the first failure:\n${tail}`
  )
}

function printWait(figures: WaitFigures, guided: WaitFigures, buildSeconds: number): void {
  const rows = [
    ['pages-pilot (adaptive, measured)', String(figures.requests), figures.perMinute.toFixed(1)],
    [
      'pages-pilot (adaptive + earlier build)',
      String(guided.requests),
      guided.perMinute.toFixed(1)
    ],
    [
      'fixed 2 s polling (computed)',
      String(figures.fixedRequests),
      figures.fixedPerMinute.toFixed(1)
    ]
  ]
  console.log(
    `operation: wait, build stage ${buildSeconds} s, poll-interval 2s (default); ` +
      `exit ${figures.exitCode}, run ${ms(figures.totalMs)}, waited ${ms(figures.waitedMs)} ` +
      `(first to last request)`
  )
  console.log(table(['polling', 'API requests', 'per waited minute'], rows))
  console.log(`of which deployment polls (pages-pilot): ${figures.polls}`)
  console.log(
    `fixed 2 s is computed, not run: same non-poll requests + floor(waited_ms / 2000) + 1 polls`
  )
  console.log(`ratio fixed/adaptive: ${(figures.fixedRequests / figures.requests).toFixed(1)}x`)
  console.log(
    `ratio fixed/adaptive with an earlier build as guide: ${(figures.fixedRequests / guided.requests).toFixed(1)}x`
  )
  console.log(
    `pages-pilot noticed the finish ${ms(figures.noticedAfterMs)} after the last stage ended ` +
      `without history, ${ms(guided.noticedAfterMs)} with an earlier build as guide ` +
      `(fixed 2 s polling: at most 2000 ms)`
  )
}

function heading(title: string): void {
  console.log(`\n== ${title} ==`)
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2))
  if (!existsSync(ACTION_ENTRY)) throw new Error(`${ACTION_ENTRY} is missing: run npm run build`)
  const withWrangler = await ensureWrangler(options.withWrangler)
  const cpu = cpus()
  console.log(`node ${process.version}, ${cpu.length} CPUs (${cpu[0]?.model.trim() ?? 'unknown'})`)
  console.log(`runs: ${options.runs}, build-seconds: ${options.buildSeconds}`)
  if (withWrangler) console.log(`wrangler ${wranglerVersion()}`)

  const emulator = await startEmulator()
  try {
    emulator.addProject({ name: STATUS_PROJECT })
    emulator.seedDeployment(STATUS_PROJECT)
    emulator.addProject({ name: WAIT_PROJECT })
    emulator.addProject({ name: WAIT_PROJECT_WITH_HISTORY })
    emulator.seedDeployment(WAIT_PROJECT_WITH_HISTORY, {
      branch: 'main',
      createdAgoMs: 86_400_000,
      // The same stage lengths as the build it will guide (the emulator's defaults + the build).
      stageDurationsMs: {
        queued: 200,
        initialize: 200,
        clone_repo: 200,
        build: options.buildSeconds * 1000,
        deploy: 200
      }
    })

    heading(`Start-up to first API request (${options.runs} runs each)`)
    const action = await repeat(options.runs, () => measureActionStatus(emulator))
    const wrangler = withWrangler
      ? await repeat(options.runs, () => measureWrangler(emulator))
      : undefined
    printStartup(action, wrangler)

    heading('API calls per waited minute')
    const plain = await measureWait(emulator, options.buildSeconds, WAIT_PROJECT)
    const guided = await measureWait(emulator, options.buildSeconds, WAIT_PROJECT_WITH_HISTORY)
    printWait(plain, guided, options.buildSeconds)
  } finally {
    await emulator.close()
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
})
