/**
 * Runs the bundled action (`node dist/index.js`) as a child process, the way the GitHub runner
 * does: inputs as INPUT_* variables, outputs and the job summary through the files named by
 * GITHUB_OUTPUT and GITHUB_STEP_SUMMARY. Used by the end-to-end tests, the demo and the bench.
 */
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ACTION_ENTRY = resolve(fileURLToPath(import.meta.url), '../../dist/index.js')

/** Proxies and certificate authorities of the machine the tests run on. */
const NETWORK_VARIABLES = [
  'NODE_EXTRA_CA_CERTS',
  'HTTPS_PROXY',
  'https_proxy',
  'HTTP_PROXY',
  'http_proxy',
  'NO_PROXY',
  'no_proxy'
]

export interface ActionRun {
  /** Inputs by their action.yml names (`project-name`, ...). */
  inputs: Record<string, string>
  /** Extra environment, e.g. CLOUDFLARE_API_BASE_URL or GITHUB_EVENT_NAME. */
  env?: Record<string, string>
  /** A GitHub event payload, written to GITHUB_EVENT_PATH. */
  event?: unknown
  /** Sends SIGINT (or `cancelSignal`) after this many milliseconds, as a cancelled job would. */
  cancelAfterMs?: number
  /** Sends SIGINT (or `cancelSignal`) when this settles: a cancel at an exact point of the run. */
  cancelOn?: Promise<unknown>
  cancelSignal?: NodeJS.Signals
  /**
   * Sends `cancelSignal` (default SIGINT) this many milliseconds after the action added its
   * first listener for it (a preloaded probe says so on fd 3): the earliest moment a program can
   * answer a signal, since before it Node is still starting and the default ends the process.
   */
  cancelAfterHandlerMs?: number
  /** Kills the process if it has not exited after this long (a test safety net). */
  killAfterMs?: number
  /** Streams stdout here as it arrives (the demo prints it live). */
  onStdout?: (chunk: string) => void
}

export interface ActionResult {
  exitCode: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  /** In-process runs: the outputs set before the run ended, as they were set. */
  published?: Record<string, string>
  summary: string
  /** Everything the action wrote, for secret scans: stdout, stderr, outputs, summary and RUNNER_TEMP files. */
  allText: string
  durationMs: number
  /** How long the process ran on after it was sent the cancel signal, when it was. */
  afterCancelMs?: number
  /** The workspace directory (RUNNER_TEMP lives inside it). */
  dir: string
}

/** A step's files and environment as the runner prepares them, in a folder of its own. */
export interface RunnerStep {
  /** The workspace directory (RUNNER_TEMP lives inside it). */
  dir: string
  outputFile: string
  summaryFile: string
  runnerTemp: string
  env: Record<string, string>
}

/**
 * The files (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, the event, RUNNER_TEMP) and the environment of
 * one step of the action: inputs as INPUT_* variables, `extra` over the runner's own variables.
 */
export function runnerStep(
  inputs: Record<string, string>,
  extra: Record<string, string> = {},
  event: unknown = {}
): RunnerStep {
  const dir = mkdtempSync(join(tmpdir(), 'pages-pilot-run-'))
  const outputFile = join(dir, 'output')
  const summaryFile = join(dir, 'summary.md')
  const eventFile = join(dir, 'event.json')
  const runnerTemp = join(dir, 'runner-temp')
  for (const file of [outputFile, summaryFile]) writeFileSync(file, '')
  writeFileSync(eventFile, JSON.stringify(event))
  mkdirSync(runnerTemp)

  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    // The machine's network settings, which a runner passes on to every step too.
    ...Object.fromEntries(
      NETWORK_VARIABLES.flatMap((name) => {
        const value = process.env[name]
        return value === undefined ? [] : [[name, value]]
      })
    ),
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_EVENT_NAME: 'push',
    GITHUB_REPOSITORY: 'acme/site',
    GITHUB_RUN_ID: '4242',
    GITHUB_SERVER_URL: 'https://github.com',
    RUNNER_TEMP: runnerTemp,
    ...extra
  }
  for (const [name, value] of Object.entries(inputs)) {
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
  }
  return { dir, outputFile, summaryFile, runnerTemp, env }
}

/** Runs the action once and collects everything it wrote. */
export function runAction(run: ActionRun): Promise<ActionResult> {
  const { dir, outputFile, summaryFile, runnerTemp, env } = runnerStep(
    run.inputs,
    run.env,
    run.event
  )

  const started = Date.now()
  return new Promise((resolvePromise, reject) => {
    const probe = run.cancelAfterHandlerMs === undefined ? [] : ['--require', handlerProbe(dir)]
    const child = spawn(process.execPath, [...probe, ACTION_ENTRY], {
      env,
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk
      run.onStdout?.(chunk)
    })
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const timers: NodeJS.Timeout[] = []
    let cancelledAt: number | undefined
    const cancel = (signal: NodeJS.Signals): void => {
      cancelledAt ??= Date.now()
      child.kill(signal)
    }
    if (run.cancelAfterMs !== undefined)
      timers.push(setTimeout(() => cancel(run.cancelSignal ?? 'SIGINT'), run.cancelAfterMs))
    void run.cancelOn?.then(() => cancel(run.cancelSignal ?? 'SIGINT'))
    if (run.cancelAfterHandlerMs !== undefined) {
      const signal = run.cancelSignal ?? 'SIGINT'
      const ready = child.stdio[3] as NodeJS.ReadableStream | null
      ready?.once('data', () => {
        timers.push(setTimeout(() => cancel(signal), run.cancelAfterHandlerMs))
      })
    }
    timers.push(setTimeout(() => child.kill('SIGKILL'), run.killAfterMs ?? 60_000))
    child.on('error', reject)
    child.on('close', (exitCode, signal) => {
      for (const timer of timers) clearTimeout(timer)
      const outputText = readFileSync(outputFile, 'utf8')
      const summary = readFileSync(summaryFile, 'utf8')
      resolvePromise({
        exitCode,
        signal,
        stdout,
        stderr,
        outputs: parseOutputs(outputText),
        summary,
        allText: [stdout, stderr, outputText, summary, ...filesIn(runnerTemp)].join('\n'),
        durationMs: Date.now() - started,
        ...(cancelledAt === undefined ? {} : { afterCancelMs: Date.now() - cancelledAt }),
        dir
      })
    })
  })
}

/** Parses the `name<<delimiter` blocks that @actions/core writes to GITHUB_OUTPUT. */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<]+)<<(.+)$/.exec(lines[i] ?? '')
    if (!match) continue
    const [, name, delimiter] = match
    const value: string[] = []
    while (++i < lines.length && lines[i] !== delimiter) value.push(lines[i] ?? '')
    outputs[name as string] = value.join('\n')
  }
  return outputs
}

function filesIn(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8'))
}

/** A preload that writes a line to fd 3 when the action adds its first signal listener. */
function handlerProbe(dir: string): string {
  const file = join(dir, 'handler-probe.cjs')
  writeFileSync(
    file,
    `const { writeSync } = require('node:fs')
const on = process.on.bind(process)
let told = false
process.on = (name, listener) => {
  const result = on(name, listener)
  if (!told && (name === 'SIGINT' || name === 'SIGTERM')) {
    told = true
    try { writeSync(3, 'listening\\n') } catch {}
  }
  return result
}
`
  )
  return file
}
