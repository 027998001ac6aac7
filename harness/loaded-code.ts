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
export async function loadedCode(
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd: string
): Promise<LoadedFile[]> {
  const scratch = mkdtempSync(join(tmpdir(), 'pages-pilot-loaded-'))
  const record = join(scratch, 'loaded')
  writeFileSync(record, '')
  try {
    await new Promise<void>((done, fail) => {
      const child = spawn(process.execPath, ['--import', pathToFileURL(PRELOAD).href, ...args], {
        env: { ...env, PAGES_PILOT_LOADED: record },
        cwd,
        stdio: 'ignore'
      })
      child.on('error', fail)
      child.on('close', () => done())
    })
    const prefix = `${pathToFileURL(DIST).href}/`
    return [...new Set(readFileSync(record, 'utf8').split('\n'))]
      .filter((url) => url.startsWith(prefix))
      .map((url) => fileURLToPath(url))
      .map((path) => ({ file: path.slice(DIST.length + 1), bytes: statSync(path).size }))
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
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
export async function loadedModules(
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd: string
): Promise<LoadedModules> {
  const scratch = mkdtempSync(join(tmpdir(), 'pages-pilot-modules-'))
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
  try {
    await new Promise<void>((done, fail) => {
      const child = spawn(process.execPath, ['--require', probe, ...args], {
        env,
        cwd,
        stdio: 'ignore'
      })
      child.on('error', fail)
      child.on('close', () => done())
    })
    const { builtins, required } = JSON.parse(readFileSync(record, 'utf8')) as LoadedModules
    return {
      builtins,
      required: required
        .filter((path) => path !== probe)
        .map((path) => (path.startsWith(`${DIST}/`) ? path.slice(DIST.length + 1) : path))
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}
