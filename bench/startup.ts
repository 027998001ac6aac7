/**
 * Start-up bench: how long a whole pages-pilot process takes, as a runner or a shell starts it,
 * against bare Node (`node -e 0`) measured in the same run, interleaved round by round so that
 * the machine's load falls on every command alike. Nothing passes or fails: it prints figures.
 *
 * - `node -e 0`: the floor, Node starting and exiting.
 * - `pages-pilot --version` and `--help` (dist/cli/index.js).
 * - `operation: status` through the action's entry (dist/index.js, inputs as INPUT_* variables,
 *   as the runner passes them), against the bundled emulator.
 * - `pages-pilot status` through the command, against the same emulator.
 * - the floor of `status` (bench/startup-floor.mjs): the least a Node program does for the same
 *   job (`https` loaded, the same two requests, outputs and a summary line). A status can be no
 *   quicker than that; the last column says how far above it each status is.
 *
 * Then, once, the JavaScript each of them loads (a module hook records the files): the chunks
 * of dist/ and the largest of them, the "main chunk".
 *
 * Run: `npm run bench:startup` (builds dist/ first), or
 * `npx tsx bench/startup.ts [--runs 21] [--node /path/to/node] [--also /tmp/old/dist]`: `--node`
 * runs every command with that Node (the runner runs the action with Node 24, as action.yml
 * says); `--also` measures an earlier build beside this one, in the same run.
 */
import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { startEmulator, type Emulator } from '../emulator/server.js'
import { DIST, loadedCode } from '../harness/loaded-code.js'
import { median } from './median.js'

const FLOOR = fileURLToPath(new URL('./startup-floor.mjs', import.meta.url))
const PROJECT = 'bench-startup'
const NODE_E_0 = 'node -e 0'
const STATUS_FLOOR = 'status floor (bench/startup-floor.mjs)'

interface Command {
  name: string
  args: string[]
  env: (scratch: string) => Record<string, string>
}

/** The commands of one build of dist/; an earlier build's are named with its folder. */
function commands(emulator: Emulator, dist: string, label: string): Command[] {
  const ACTION = join(dist, 'index.js')
  const CLI = join(dist, 'cli', 'index.js')
  const named = (name: string): string => (label ? `${name} [${label}]` : name)
  const base = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir() }
  const api = {
    CLOUDFLARE_API_BASE_URL: emulator.apiBaseUrl,
    CLOUDFLARE_API_TOKEN: emulator.token,
    CLOUDFLARE_ACCOUNT_ID: emulator.accountId
  }
  const runner = (scratch: string): Record<string, string> => {
    const output = join(scratch, 'output')
    const summary = join(scratch, 'summary.md')
    writeFileSync(output, '')
    writeFileSync(summary, '')
    return {
      ...base,
      CLOUDFLARE_API_BASE_URL: emulator.apiBaseUrl,
      GITHUB_ACTIONS: 'true',
      GITHUB_OUTPUT: output,
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_EVENT_NAME: 'push',
      GITHUB_REPOSITORY: 'acme/site',
      RUNNER_TEMP: scratch,
      INPUT_OPERATION: 'status',
      'INPUT_PROJECT-NAME': PROJECT,
      'INPUT_API-TOKEN': emulator.token,
      'INPUT_ACCOUNT-ID': emulator.accountId
    }
  }
  const floor: Command[] = label
    ? []
    : [
        { name: NODE_E_0, args: ['-e', '0'], env: () => base },
        { name: STATUS_FLOOR, args: [FLOOR], env: runner }
      ]
  return [
    ...floor,
    { name: named('pages-pilot --version'), args: [CLI, '--version'], env: () => base },
    { name: named('pages-pilot --help'), args: [CLI, '--help'], env: () => base },
    { name: named('action, operation: status'), args: [ACTION], env: runner },
    {
      name: named('pages-pilot status'),
      args: [CLI, 'status', '--project-name', PROJECT],
      env: () => ({ ...base, ...api })
    }
  ]
}

interface Sample {
  ms: number
  exitCode: number | null
}

/** One whole process, spawn to exit, with its output piped (as a runner reads it). */
function time(node: string, command: Command): Promise<Sample> {
  const scratch = mkdtempSync(join(tmpdir(), 'pages-pilot-bench-startup-'))
  const started = process.hrtime.bigint()
  return new Promise((done, fail) => {
    const child = spawn(node, command.args, {
      env: command.env(scratch),
      cwd: scratch,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    child.stdout.resume()
    child.stderr.resume()
    child.on('error', fail)
    child.on('close', (exitCode) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6
      rmSync(scratch, { recursive: true, force: true })
      done({ ms, exitCode })
    })
  })
}

const kB = (bytes: number): string => `${(bytes / 1000).toFixed(1)} kB`

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '21' },
      // An earlier build measured in the same run: `git archive <commit> dist | tar -x -C /tmp/old`
      // then `--also /tmp/old/dist`. Repeatable.
      also: { type: 'string', multiple: true, default: [] },
      node: { type: 'string', default: process.execPath }
    }
  })
  const runs = Math.max(3, Number(values.runs))
  const node = values.node
  const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim()
  const emulator = await startEmulator()
  try {
    emulator.addProject({ name: PROJECT })
    emulator.seedDeployment(PROJECT)
    const current = commands(emulator, DIST, '')
    const all = [
      ...current,
      ...values.also.map((dir) => commands(emulator, resolve(dir), dir)).flat()
    ]
    const samples = new Map(all.map((command) => [command.name, [] as Sample[]]))
    // A warm-up round, not counted: the first spawn pays for the disk cache.
    for (const command of all) await time(node, command)
    for (let round = 0; round < runs; round++) {
      for (const command of all) samples.get(command.name)?.push(await time(node, command))
    }
    const medianOf = (name: string): number => median((samples.get(name) ?? []).map((s) => s.ms))
    const bare = medianOf(NODE_E_0)
    const statusFloor = medianOf(STATUS_FLOOR)
    console.log(`Start-up, whole process, median of ${runs} interleaved runs (Node ${version})`)
    console.log('| command | median | × node -e 0 | × status floor | exit codes |')
    console.log('|---|---:|---:|---:|---|')
    for (const command of all) {
      const list = samples.get(command.name) ?? []
      const ms = medianOf(command.name)
      const codes = [...new Set(list.map((s) => s.exitCode))].join(', ')
      const overFloor = /status/.test(command.name) ? `${(ms / statusFloor).toFixed(2)}×` : ''
      console.log(
        `| ${command.name} | ${ms.toFixed(0)} ms | ${(ms / bare).toFixed(2)}× | ${overFloor} | ${codes} |`
      )
    }
    console.log('\nCode loaded from dist/ (once each, by a module hook)')
    console.log('| command | files | bytes | largest |')
    console.log('|---|---:|---:|---|')
    for (const command of current.filter((c) => c.name !== NODE_E_0 && c.name !== STATUS_FLOOR)) {
      const scratch = mkdtempSync(join(tmpdir(), 'pages-pilot-bench-startup-'))
      const files = await loadedCode(command.args, command.env(scratch), scratch)
      rmSync(scratch, { recursive: true, force: true })
      const bytes = files.reduce((sum, f) => sum + f.bytes, 0)
      const largest = files.reduce((a, b) => (b.bytes > a.bytes ? b : a), { file: '-', bytes: 0 })
      console.log(
        `| ${command.name} | ${files.length} | ${kB(bytes)} | ${largest.file} (${kB(largest.bytes)}) |`
      )
    }
  } finally {
    await emulator.close()
  }
}

await main()
