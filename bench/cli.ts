/**
 * Command-line bench: the `pages-pilot` package against wrangler, the command other CIs use
 * today, measured side by side in one run against the bundled emulator. Nothing passes or
 * fails: it prints figures.
 *
 * - Install: `npm install` of each into a fresh project, from a warm npm cache (pages-pilot from
 *   its packed tarball), and the size of what lands in node_modules.
 * - Start-up: `--version`.
 * - A static deploy: `pages-pilot deploy --directory site` against `wrangler pages deploy site`.
 *
 * Each time is the median of `--runs` runs (default 5). Run: `npm run bench:cli -- [--runs 5]`
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { startEmulator, type Emulator } from '../emulator/server.js'
import { runProcess, WRANGLER_VERSION, wranglerHome } from './wrangler.js'
import { median } from './median.js'

const ROOT = resolve(fileURLToPath(import.meta.url), '../..')
const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } })
const RUNS = Math.max(1, Number(values.runs))
const STAGES = { queued: 1, initialize: 1, clone_repo: 1, build: 1, deploy: 1 }
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'

function folderBytes(dir: string): number {
  let total = 0
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += statSync(join(entry.parentPath, entry.name)).size
  }
  return total
}

function freshProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pages-pilot-bench-cli-'))
  writeFileSync(join(dir, 'package.json'), '{"name":"bench","private":true}')
  return dir
}

async function install(spec: string, offline: boolean): Promise<{ ms: number; dir: string }> {
  const dir = freshProject()
  const args = ['install', '--no-audit', '--no-fund', ...(offline ? ['--offline'] : []), spec]
  const run = await runProcess(npm, args, {
    env: { ...process.env } as Record<string, string>,
    cwd: dir,
    timeoutMs: 300_000
  })
  if (run.exitCode !== 0) throw new Error(`npm install ${spec} failed:\n${run.stderr}`)
  return { ms: run.durationMs, dir }
}

function site(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pages-pilot-bench-cli-site-'))
  mkdirSync(join(dir, 'assets'))
  for (let i = 0; i < 50; i++)
    writeFileSync(join(dir, 'assets', `page-${i}.html`), `<p>${i}</p>`.repeat(200))
  writeFileSync(join(dir, 'index.html'), '<h1>bench</h1>')
  return dir
}

async function emulatorWith(name: string): Promise<Emulator> {
  const emulator = await startEmulator({ stageDurationsMs: STAGES })
  emulator.addProject({ name, source: 'direct' })
  return emulator
}

const packDir = mkdtempSync(join(tmpdir(), 'pages-pilot-bench-pack-'))
const packedName = execFileSync(npm, ['pack', '--silent', '--pack-destination', packDir], {
  cwd: ROOT,
  encoding: 'utf8'
})
  .trim()
  .split('\n')
  .pop()
const tgz = join(packDir, packedName ?? '')

console.log(
  `pages-pilot (packed by npm pack) against wrangler ${WRANGLER_VERSION}, ${RUNS} runs each, medians.\n`
)

// Install: a first wrangler install fills the npm cache; the measured runs are offline.
await install(`wrangler@${WRANGLER_VERSION}`, false)
const pilotInstalls: number[] = []
const wranglerInstalls: number[] = []
let pilotDir = ''
let wranglerDir = ''
for (let i = 0; i < RUNS; i++) {
  const pilot = await install(tgz, true)
  pilotInstalls.push(pilot.ms)
  pilotDir = pilot.dir
  const wrangler = await install(`wrangler@${WRANGLER_VERSION}`, true)
  wranglerInstalls.push(wrangler.ms)
  wranglerDir = wrangler.dir
}
const pilotBytes = folderBytes(join(pilotDir, 'node_modules'))
const wranglerBytes = folderBytes(join(wranglerDir, 'node_modules'))
const pilotBin = join(pilotDir, 'node_modules', '.bin', 'pages-pilot')
const wranglerBin = join(wranglerDir, 'node_modules', '.bin', 'wrangler')

// Start-up.
const env = { PATH: process.env.PATH ?? '', WRANGLER_SEND_METRICS: 'false', CI: 'true' }
const pilotStarts: number[] = []
const wranglerStarts: number[] = []
for (let i = 0; i < RUNS; i++) {
  pilotStarts.push((await runProcess(pilotBin, ['--version'], { env, cwd: pilotDir })).durationMs)
  const home = mkdtempSync(join(tmpdir(), 'bench-home-'))
  wranglerStarts.push(
    (await runProcess(wranglerBin, ['--version'], { env: { ...env, HOME: home }, cwd: home }))
      .durationMs
  )
}

// A static deploy to the emulator.
const folder = site()
const pilotDeploys: number[] = []
const wranglerDeploys: number[] = []
for (let i = 0; i < RUNS; i++) {
  const name = `bench-cli-${i}`
  const forPilot = await emulatorWith(name)
  const forWrangler = await emulatorWith(name)
  try {
    const pilot = await runProcess(
      pilotBin,
      [
        'deploy',
        '--project-name',
        name,
        '--directory',
        folder,
        '--branch',
        'main',
        '--poll-interval',
        '200ms'
      ],
      {
        env: {
          ...env,
          HOME: pilotDir,
          CLOUDFLARE_API_BASE_URL: forPilot.apiBaseUrl,
          CLOUDFLARE_API_TOKEN: forPilot.token,
          CLOUDFLARE_ACCOUNT_ID: forPilot.accountId
        },
        cwd: pilotDir,
        timeoutMs: 120_000
      }
    )
    if (pilot.exitCode !== 0) throw new Error(`pages-pilot deploy failed:\n${pilot.stderr}`)
    pilotDeploys.push(pilot.durationMs)
    const home = wranglerHome(forWrangler)
    try {
      const wrangler = await runProcess(
        wranglerBin,
        ['pages', 'deploy', folder, '--project-name', name, '--branch', 'main'],
        { env: home.env, cwd: home.home, timeoutMs: 180_000 }
      )
      if (wrangler.exitCode !== 0)
        throw new Error(`wrangler pages deploy failed:\n${wrangler.stderr}`)
      wranglerDeploys.push(wrangler.durationMs)
    } finally {
      home.remove()
    }
  } finally {
    await Promise.all([forPilot.close(), forWrangler.close()])
  }
}

const mb = (bytes: number) => `${(bytes / 1_000_000).toFixed(1)} MB`
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`
const rows: Array<[string, string, string, string]> = [
  [
    'install (warm npm cache)',
    s(median(pilotInstalls)),
    s(median(wranglerInstalls)),
    (median(pilotInstalls) / median(wranglerInstalls)).toFixed(2)
  ],
  ['node_modules size', mb(pilotBytes), mb(wranglerBytes), (pilotBytes / wranglerBytes).toFixed(3)],
  [
    '--version',
    s(median(pilotStarts)),
    s(median(wranglerStarts)),
    (median(pilotStarts) / median(wranglerStarts)).toFixed(2)
  ],
  [
    'static deploy, 51 files',
    s(median(pilotDeploys)),
    s(median(wranglerDeploys)),
    (median(pilotDeploys) / median(wranglerDeploys)).toFixed(2)
  ]
]
console.log('| Measure | pages-pilot | wrangler | ratio |')
console.log('| --- | --- | --- | --- |')
for (const row of rows) console.log(`| ${row.join(' | ')} |`)
