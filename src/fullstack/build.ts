/**
 * The Worker of a Direct Upload, when the project has one: a `_worker.js` in the output folder
 * (advanced mode), or else a `functions/` folder in the working directory (Pages Functions).
 * Returns what the deployment form carries besides the assets: `_worker.bundle`, the routing
 * config of Functions, and `_routes.json`.
 */
import { lstat, mkdtemp, readFile, realpath, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { gzipSync } from 'node:zlib'
import type { VerifiedBinary } from '../bundler/verified-binary.js'
import { buildAdvancedWorker, parseSentModules } from './advanced.js'
import type { CompatSettings } from './esbuild-flags.js'
import { compileFunctions } from './functions/compile.js'
import { generateRoutesJson, routesJsonText, validateRoutesJson } from './functions/routes-json.js'
import type { WorkerModule } from './modules.js'
import { linkedAtLoad, loadTimeImports, type ModuleReading } from './imports.js'
import { checkNodeImports } from './node-compat.js'
import { projectBounds } from './project-bounds.js'
import { symlinkTarget } from '../upload/walk.js'
import { formatMebibytes } from '../util/size.js'
import { workerBundleBody, type WorkerBundle, type WorkerMetadataFields } from './worker-bundle.js'

/** Cloudflare's limit on a Worker's compressed size, on every plan (Workers Paid). */
export const MAX_WORKER_GZIP_BYTES = 10 * 1024 * 1024
/** The Workers Free plan's limit. */
export const FREE_WORKER_GZIP_BYTES = 3 * 1024 * 1024
/**
 * The most `_worker.bundle` may weigh as sent, uncompressed: "Maximum size: 25 MiB" in
 * Cloudflare's SDK (resources/pages/projects/deployments). wrangler 4.86 does not check it.
 */
export const MAX_WORKER_BUNDLE_BYTES = 25 * 1024 * 1024

export interface WorkerBuildOptions {
  outputDir: string
  workingDirectory: string
  /** The checkout: a Worker's dependencies may come from node_modules folders up to it. */
  workspace: string
  /** The run deploys a fork's pull request: its Worker may use only its own files. */
  forkCode: boolean
  /** `bundle` input, else the configuration's `no_bundle`; on by default. */
  bundle: boolean
  compat: CompatSettings
  /** From the wrangler configuration; without one, Cloudflare uses the project's settings. */
  metadata: WorkerMetadataFields | undefined
  /** Gets esbuild (installing it on first use). */
  esbuild: () => Promise<VerifiedBinary>
  signal: AbortSignal | undefined
  /** Told what the build decided (Functions ignored, files left out). */
  notice: (message: string) => void
  warn: (message: string) => void
}

export interface WorkerBuild {
  kind: 'functions' | 'advanced'
  bundle: WorkerBundle
  /** The `_worker.bundle` file. */
  body: Buffer
  /** `functions-filepath-routing-config.json`, for Functions. */
  routingConfig: string | undefined
  /** How many routes the Functions have. */
  routes: number | undefined
  /** The `_routes.json` to send: the output folder's own, or the one generated for Functions. */
  routesJson: string | undefined
  /** Whether `routesJson` is the output folder's own. */
  routesCustom: boolean
  /** Sum of the modules' sizes, and gzipped. */
  bytes: number
  gzipBytes: number
}

/** A Worker over Cloudflare's size limit; the message names the limit. */
export class WorkerTooLargeError extends Error {
  constructor(gzipBytesOrMessage: number | string) {
    super(
      typeof gzipBytesOrMessage === 'string'
        ? gzipBytesOrMessage
        : `the Worker is ${formatMebibytes(gzipBytesOrMessage, MAX_WORKER_GZIP_BYTES)} compressed, over Cloudflare's limit of ${formatMebibytes(MAX_WORKER_GZIP_BYTES)} (${formatMebibytes(FREE_WORKER_GZIP_BYTES)} on the Workers Free plan), so it was not uploaded. Make it smaller: drop unused dependencies, or move large data to assets or R2.`
    )
    this.name = 'WorkerTooLargeError'
  }
}

export async function buildWorker(options: WorkerBuildOptions): Promise<WorkerBuild | undefined> {
  const workerPath = join(options.outputDir, '_worker.js')
  const worker = await kindOf(workerPath)
  const functionsDir = join(options.workingDirectory, 'functions')
  const hasFunctions = (await kindOf(functionsDir)) === 'directory'
  if (worker === undefined && !hasFunctions) return undefined
  const outputRoot = await realpath(options.outputDir)
  // The Worker's own files follow the output folder's symlink rule before anything reads them.
  if (worker !== undefined) await refuseOutsideLink(workerPath, outputRoot)
  const bounds = await projectBounds(options)

  const tmpDir = await mkdtemp(join(tmpdir(), 'pages-pilot-worker-'))
  try {
    let kind: WorkerBuild['kind']
    let main: WorkerModule
    let modules: WorkerModule[]
    let routingConfig: string | undefined
    let routes: number | undefined
    let generated: string | undefined
    /** What esbuild read of modules sent unbundled, for the check of Node.js imports. */
    let reading: ModuleReading | undefined
    // Without esbuild (a Worker sent unbundled, offline), the checks that need it only warn;
    // `unchecked` says what goes unchecked, before the reason.
    const esbuildOrNothing = (unchecked?: string): Promise<VerifiedBinary | undefined> =>
      options.esbuild().catch((error: unknown) => {
        if (options.signal?.aborted) throw error
        if (unchecked !== undefined) {
          options.warn(`${unchecked} ${error instanceof Error ? error.message : String(error)}`)
        }
        return undefined
      })
    if (worker !== undefined) {
      if (hasFunctions) {
        options.notice(
          'The output folder has a _worker.js, so it is the Worker (advanced mode) and functions/ is not compiled.'
        )
      }
      const advanced = {
        workerPath,
        isDirectory: worker === 'directory',
        bundle: options.bundle,
        esbuild: options.esbuild,
        cwd: options.workingDirectory,
        tmpDir,
        compat: options.compat,
        signal: options.signal,
        outputRoot,
        bounds
      }
      const built = await buildAdvancedWorker(advanced)
      if (!options.bundle || advanced.isDirectory) {
        const esbuild = await esbuildOrNothing(
          '_worker.js is sent as it is, without the check that it parses:'
        )
        if (esbuild) reading = await parseSentModules(built, advanced, esbuild)
      }
      // Source maps are left out without a word, as wrangler leaves them: frameworks write them.
      const ignored = built.ignored.filter((name) => !name.endsWith('.map'))
      if (ignored.length > 0) {
        options.warn(
          `_worker.js/ holds files that are not Worker modules and were not uploaded: ${ignored.slice(0, 10).join(', ')}${ignored.length > 10 ? ', …' : ''}. Modules are .js and .mjs (ES modules), .wasm, .txt, .html, .sql and .bin.`
        )
      }
      kind = 'advanced'
      ;({ main, modules } = built)
    } else {
      const built = await compileFunctions({
        functionsDir,
        cwd: options.workingDirectory,
        esbuild: await options.esbuild(),
        tmpDir,
        compat: options.compat,
        signal: options.signal,
        bounds
      })
      if (!built) {
        options.warn(
          'functions/ has no route (no file exports onRequest or onRequestGet, onRequestPost, …), so the site is deployed without Functions.'
        )
        return undefined
      }
      kind = 'functions'
      ;({ main, modules, routingConfig } = built)
      routes = built.routes.length
      generated = routesJsonText(generateRoutesJson(built.routes))
    }
    await checkNodeImports(
      [main, ...modules],
      options.compat,
      async () => {
        if (reading) return linkedAtLoad(reading, main)
        const esbuild = await esbuildOrNothing()
        return esbuild === undefined
          ? undefined
          : loadTimeImports(main, modules, esbuild, tmpDir, options.signal)
      },
      options.warn
    )
    const custom = await customRoutesJson(options.outputDir, outputRoot)
    const routesJson = custom ?? generated
    const bundle: WorkerBundle = { main, modules, metadata: options.metadata }
    const all = [main, ...modules].map((module) => module.content)
    const bytes = all.reduce((sum, content) => sum + content.length, 0)
    const gzipBytes = gzipSync(Buffer.concat(all)).length
    if (gzipBytes > MAX_WORKER_GZIP_BYTES) throw new WorkerTooLargeError(gzipBytes)
    if (gzipBytes > FREE_WORKER_GZIP_BYTES) {
      options.warn(
        `The Worker is ${formatMebibytes(gzipBytes, FREE_WORKER_GZIP_BYTES)} compressed: over the Workers Free plan's ${formatMebibytes(FREE_WORKER_GZIP_BYTES)}, so it deploys only on Workers Paid.`
      )
    }
    const body = workerBundleBody(bundle)
    if (body.length > MAX_WORKER_BUNDLE_BYTES) {
      throw new WorkerTooLargeError(
        `the Worker's _worker.bundle is ${formatMebibytes(body.length, MAX_WORKER_BUNDLE_BYTES)} uncompressed, over the ${formatMebibytes(MAX_WORKER_BUNDLE_BYTES)} Cloudflare accepts for it, so it was not uploaded. Make it smaller: drop unused dependencies, or move large data (wasm, text) to assets or R2.`
      )
    }
    return {
      kind,
      bundle,
      body,
      routingConfig,
      routes,
      routesJson,
      routesCustom: custom !== undefined,
      bytes,
      gzipBytes
    }
  } finally {
    await rm(tmpDir, { recursive: true, force: true })
  }
}

/** The output folder's own `_routes.json`, checked, or `undefined` when it has none. */
async function customRoutesJson(
  outputDir: string,
  outputRoot: string
): Promise<string | undefined> {
  const file = join(outputDir, '_routes.json')
  if ((await kindOf(file)) !== 'file') return undefined
  await refuseOutsideLink(file, outputRoot)
  const text = await readFile(file, 'utf8')
  validateRoutesJson(text, '_routes.json')
  return text
}

/** A special file that is a symlink must point inside the output folder, as assets must. */
async function refuseOutsideLink(path: string, outputRoot: string): Promise<void> {
  if (!(await lstat(path)).isSymbolicLink()) return
  await symlinkTarget(path, outputRoot, 'the output folder', basename(path))
}

async function kindOf(path: string): Promise<'file' | 'directory' | undefined> {
  try {
    const stats = await stat(path)
    if (stats.isDirectory()) return 'directory'
    // An empty _worker.js is no Worker, as Cloudflare's tooling treats it.
    if (stats.isFile() && stats.size > 0) return 'file'
    return undefined
  } catch {
    return undefined
  }
}
