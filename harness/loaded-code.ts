/**
 * Which files of dist/ a process loads: the process is started with a module hook
 * (loaded-code-preload.mjs) that records every module it loads. Used by the start-up bench and the
 * test that keeps `--version` and `--help` from loading the operations' code.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

export const DIST = resolve(fileURLToPath(import.meta.url), '../../dist')
const PRELOAD = resolve(fileURLToPath(import.meta.url), '../loaded-code-preload.mjs')

export interface LoadedFile {
  /** Relative to dist/. */
  file: string
  bytes: number
}

/** Runs `node <args>` to its end and returns the files of dist/ it loaded, in load order. */
export function loadedCode(
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd: string
): Promise<LoadedFile[]> {
  return inScratch('pages-pilot-loaded-', async (scratch) => {
    const record = join(scratch, 'loaded')
    writeFileSync(record, '')
    await runNode(['--import', pathToFileURL(PRELOAD).href, ...args], {
      env: { ...env, PAGES_PILOT_LOADED: record },
      cwd
    })
    const prefix = `${pathToFileURL(DIST).href}/`
    return [...new Set(readFileSync(record, 'utf8').split('\n'))]
      .filter((url) => url.startsWith(prefix))
      .map((url) => fileURLToPath(url))
      .map((path) => ({ file: path.slice(DIST.length + 1), bytes: statSync(path).size }))
  })
}

export interface LoadedModules {
  /** Node's own modules the process loaded beyond what bare Node loads: `child_process`, `tls`. */
  builtins: string[]
  /** Files loaded through `require` (CommonJS), relative to dist/ when inside it. */
  required: string[]
}

/**
 * Runs `node <args>` to its end and returns Node's own modules it loaded and the CommonJS files
 * it required (a preloaded probe writes `process.moduleLoadList` and the require cache at exit;
 * the module hook of {@link loadedCode} sees only ES modules).
 */
export function loadedModules(
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd: string
): Promise<LoadedModules> {
  return inScratch('pages-pilot-modules-', async (scratch) => {
    const probe = join(scratch, 'probe.cjs')
    const record = join(scratch, 'modules.json')
    writeFileSync(
      probe,
      `const { writeFileSync } = require('node:fs')
const bare = new Set(process.moduleLoadList)
process.on('exit', () => {
  const builtins = process.moduleLoadList
    .filter((entry) => !bare.has(entry) && entry.startsWith('NativeModule '))
    .map((entry) => entry.slice('NativeModule '.length))
  writeFileSync(${JSON.stringify(record)}, JSON.stringify({ builtins, required: Object.keys(require.cache) }))
})
`
    )
    await runNode(['--require', probe, ...args], { env, cwd })
    const { builtins, required } = JSON.parse(readFileSync(record, 'utf8')) as LoadedModules
    return {
      builtins,
      required: required
        .filter((path) => path !== probe)
        .map((path) => (path.startsWith(`${DIST}/`) ? path.slice(DIST.length + 1) : path))
    }
  })
}

/** Runs `body` with a scratch folder of its own, removed afterwards. */
async function inScratch<T>(prefix: string, body: (scratch: string) => Promise<T>): Promise<T> {
  const scratch = mkdtempSync(join(tmpdir(), prefix))
  try {
    return await body(scratch)
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

/** Runs `node <args>` to its end, its output ignored: what it loaded is in its record. */
function runNode(args: string[], options: { env: NodeJS.ProcessEnv; cwd: string }): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, { ...options, stdio: 'ignore' })
    child.on('error', fail)
    child.on('close', () => done())
  })
}
