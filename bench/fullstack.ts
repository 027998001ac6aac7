/**
 * Full-stack bench: a Pages Functions project deployed the way wrangler-action deploys it
 * (install wrangler with npm, then `wrangler pages deploy`) against pages-pilot (`node
 * dist/index.js` as the runner runs it, installing esbuild on demand), both to the bundled
 * emulator, measured side by side in one run. Nothing passes or fails: it prints figures.
 *
 * Cold: an empty npm cache for wrangler, an empty tool cache for pages-pilot (both download
 * what they need from the npm registry). Warm: the npm cache and the tool cache kept from the
 * cold run. Each figure is the median of `--runs` runs (default 3).
 *
 * Run: `npm run bench:fullstack -- [--runs 3]`
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { parseArgs } from 'node:util'
import { startEmulator, type Emulator } from '../emulator/server.js'
import { runAction } from '../harness/run-action.js'
import { ASSETS, FUNCTIONS } from './fullstack-project.js'
import { runProcess, WRANGLER_VERSION, wranglerHome } from './wrangler.js'

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } })
const RUNS = Math.max(1, Number(values.runs))
const STAGES = { queued: 1, initialize: 1, clone_repo: 1, build: 1, deploy: 1 }

/** A project a little closer to a real one: the fixture plus a 300 kB dependency. */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pages-pilot-bench-fullstack-'))
  const big = Array.from(
    { length: 6_000 },
    (_, i) => `exports.helper${i} = (x) => x * ${i} + ${i % 7}`
  )
  const files: Record<string, string | Buffer> = {
    ...ASSETS,
    ...FUNCTIONS,
    'node_modules/big-lib/package.json': '{"name":"big-lib","main":"index.js"}',
    'node_modules/big-lib/index.js': big.join('\n'),
    'functions/api/big.ts': `import { helper42 } from 'big-lib'\nexport const onRequest = () => new Response(String(helper42(1)))`
  }
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), content)
  }
  return dir
}

async function emulatorWith(name: string): Promise<Emulator> {
  const emulator = await startEmulator({ stageDurationsMs: STAGES })
  emulator.addProject({ name, source: 'direct' })
  return emulator
}

interface Timing {
  installMs: number
  totalMs: number
}

/** wrangler-action's path: npm install wrangler into a fresh folder, then wrangler pages deploy. */
async function wranglerAction(npmCache: string): Promise<Timing> {
  const prefix = mkdtempSync(join(tmpdir(), 'pages-pilot-bench-wrangler-'))
  const dir = project()
  const name = 'bench-fullstack'
  const emulator = await emulatorWith(name)
  try {
    const started = Date.now()
    const install = spawnSync(
      'npm',
      [
        'install',
        '--prefix',
        prefix,
        '--no-save',
        '--no-audit',
        '--no-fund',
        '--cache',
        npmCache,
        `wrangler@${WRANGLER_VERSION}`
      ],
      { stdio: 'ignore' }
    )
    if (install.status !== 0) throw new Error('npm install wrangler failed')
    const installMs = Date.now() - started
    const home = wranglerHome(emulator)
    const run = await runProcess(
      process.execPath,
      [
        join(prefix, 'node_modules', 'wrangler', 'bin', 'wrangler.js'),
        'pages',
        'deploy',
        'public',
        '--project-name',
        name,
        '--branch',
        'main'
      ],
      { env: home.env, cwd: dir, timeoutMs: 300_000 }
    )
    home.remove()
    if (run.exitCode !== 0) throw new Error(`wrangler failed:\n${run.stderr}`)
    return { installMs, totalMs: Date.now() - started }
  } finally {
    await emulator.close()
    rmSync(prefix, { recursive: true, force: true })
    rmSync(dir, { recursive: true, force: true })
  }
}

/** pages-pilot: the bundled action, installing esbuild into `toolCache` when it lacks it. */
async function pagesPilot(toolCache: string): Promise<Timing> {
  const dir = project()
  const name = 'bench-fullstack'
  const emulator = await emulatorWith(name)
  try {
    const result = await runAction({
      inputs: {
        'api-token': emulator.token,
        'account-id': emulator.accountId,
        'project-name': name,
        directory: 'public',
        branch: 'main',
        'poll-interval': '100ms'
      },
      env: {
        CLOUDFLARE_API_BASE_URL: emulator.apiBaseUrl,
        GITHUB_WORKSPACE: dir,
        RUNNER_TOOL_CACHE: toolCache
      }
    })
    if (result.exitCode !== 0) throw new Error(`pages-pilot failed:\n${result.stdout}`)
    const installed = /esbuild 0\.27\.3 (?:in |from the [a-z ]+ \()(\d+(?:\.\d+)?)(ms|s)/.exec(
      result.stdout
    )
    const installMs = installed ? Number(installed[1]) * (installed[2] === 's' ? 1000 : 1) : 0
    return { installMs, totalMs: result.durationMs }
  } finally {
    await emulator.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? 0
}

async function series(run: () => Promise<Timing>): Promise<Timing> {
  const timings: Timing[] = []
  for (let i = 0; i < RUNS; i++) timings.push(await run())
  return {
    installMs: median(timings.map((t) => t.installMs)),
    totalMs: median(timings.map((t) => t.totalMs))
  }
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`

console.log(`Full-stack bench: a Functions project, ${RUNS} run(s) each, medians\n`)
const caches: string[] = []
const fresh = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'pages-pilot-bench-cache-'))
  caches.push(dir)
  return dir
}
const wranglerCold = await series(() => wranglerAction(fresh()))
const pilotCold = await series(() => pagesPilot(fresh()))
const npmCache = fresh()
const toolCache = fresh()
await wranglerAction(npmCache)
await pagesPilot(toolCache)
const wranglerWarm = await series(() => wranglerAction(npmCache))
const pilotWarm = await series(() => pagesPilot(toolCache))
for (const dir of caches) rmSync(dir, { recursive: true, force: true })

console.log(
  '| cache | wrangler-action (install + deploy) | of which installing | pages-pilot | of which installing esbuild | ratio |'
)
console.log('|---|---|---|---|---|---|')
for (const [label, w, p] of [
  ['cold', wranglerCold, pilotCold],
  ['warm', wranglerWarm, pilotWarm]
] as const) {
  console.log(
    `| ${label} | ${seconds(w.totalMs)} | ${seconds(w.installMs)} | ${seconds(p.totalMs)} | ${seconds(p.installMs)} | ${(p.totalMs / w.totalMs).toFixed(2)}× |`
  )
}
