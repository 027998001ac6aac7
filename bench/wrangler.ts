/**
 * Wrangler for the benchmarks and the conformance test: installed on demand into the
 * git-ignored `.bench/wrangler` (never a dependency of the project), and run against the
 * emulator with a throw-away HOME, so that nothing is read from or written to the user's home
 * and no metrics leave the machine.
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = resolve(fileURLToPath(import.meta.url), '../..')
export const WRANGLER_PREFIX = join(ROOT, '.bench', 'wrangler')
export const WRANGLER_ENTRY = join(
  WRANGLER_PREFIX,
  'node_modules',
  'wrangler',
  'bin',
  'wrangler.js'
)

/** Where wrangler sends its API requests: the emulator's base URL and credentials. */
export interface WranglerTarget {
  apiBaseUrl: string
  token: string
  accountId: string
}

/** The wrangler release the conformance test and the benches were checked against. */
export const WRANGLER_VERSION = '4.86.0'

/**
 * Whether wrangler can be used. When it is missing and `install` is true, runs
 * `npm install wrangler@WRANGLER_VERSION` into `.bench/wrangler` (asynchronously, so an emulator already
 * running in this process keeps answering).
 */
export async function ensureWrangler(install: boolean): Promise<boolean> {
  if (existsSync(WRANGLER_ENTRY)) return true
  if (!install) return false
  console.log(`Installing wrangler@${WRANGLER_VERSION} into ${WRANGLER_PREFIX} ...`)
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  const args = ['install', '--prefix', WRANGLER_PREFIX, '--no-save', '--no-audit', '--no-fund']
  const status = await new Promise<number | null>((done, reject) => {
    const child = spawn(npm, [...args, `wrangler@${WRANGLER_VERSION}`], {
      cwd: ROOT,
      stdio: 'inherit'
    })
    child.on('error', reject)
    child.on('close', done)
  })
  return status === 0 && existsSync(WRANGLER_ENTRY)
}

/** `wrangler --version`, e.g. `4.86.0`. */
export function wranglerVersion(): string {
  const result = spawnSync(process.execPath, [WRANGLER_ENTRY, '--version'], {
    encoding: 'utf8',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' }
  })
  return result.stdout.trim().split('\n').pop() ?? 'unknown'
}

/** A throw-away HOME for one wrangler run, and the environment that points it at `target`. */
export interface WranglerHome {
  home: string
  env: Record<string, string>
  /** Deletes the HOME (wrangler writes its logs and caches there). */
  remove(): void
}

export function wranglerHome(target: WranglerTarget): WranglerHome {
  const home = mkdtempSync(join(tmpdir(), 'pages-pilot-wrangler-home-'))
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    CI: 'true',
    WRANGLER_SEND_METRICS: 'false',
    CLOUDFLARE_API_BASE_URL: target.apiBaseUrl,
    CLOUDFLARE_API_TOKEN: target.token,
    CLOUDFLARE_ACCOUNT_ID: target.accountId
  }
  return { home, env, remove: () => rmSync(home, { recursive: true, force: true }) }
}

export interface ProcessResult {
  exitCode: number | null
  stdout: string
  stderr: string
  durationMs: number
  /** Process id of the spawned process (to sample its memory while it runs). */
  pid: number | undefined
}

/**
 * Spawns `command args` and collects its output; kills it after `timeoutMs`. `onSpawn` gets the
 * pid as soon as the process exists.
 */
export function runProcess(
  command: string,
  args: string[],
  options: {
    env: Record<string, string>
    cwd: string
    timeoutMs?: number
    onSpawn?: (pid: number | undefined) => void
    /** Written to standard input, which is then closed; without it, stdin is /dev/null. */
    input?: string
  }
): Promise<ProcessResult> {
  const started = Date.now()
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      env: options.env,
      cwd: options.cwd,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe']
    })
    if (options.input !== undefined) child.stdin?.end(options.input)
    options.onSpawn?.(child.pid)
    let stdout = ''
    let stderr = ''
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000)
    child.on('error', reject)
    child.on('close', (exitCode) => {
      clearTimeout(timer)
      resolvePromise({ exitCode, stdout, stderr, durationMs: Date.now() - started, pid: child.pid })
    })
  })
}

/**
 * Runs `wrangler <args>` against `target` in a throw-away HOME (also its working directory, so
 * no wrangler.toml or Git repository around it is picked up), then deletes the HOME.
 */
export async function runWrangler(
  target: WranglerTarget,
  args: string[],
  options: {
    timeoutMs?: number
    onSpawn?: (pid: number | undefined) => void
    /** Piped to wrangler's standard input (a secret's value for `pages secret put`). */
    input?: string
  } = {}
): Promise<ProcessResult> {
  const home = wranglerHome(target)
  try {
    return await runProcess(process.execPath, [WRANGLER_ENTRY, ...args], {
      env: home.env,
      cwd: home.home,
      ...options
    })
  } finally {
    home.remove()
  }
}
