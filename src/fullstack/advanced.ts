/**
 * Advanced mode: a `_worker.js` in the output folder is the whole Worker, as a file or as a
 * folder of modules (`_worker.js/index.js` and the modules beside it). By default it is bundled
 * (its imports resolved, as wrangler does); with bundling off it is sent as it is.
 */
import { dynamicImports, staticImports } from './imports.js'
import { withNodeHints } from './node-compat.js'
import { readdir, readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { BuildError, runEsbuild } from '../bundler/esbuild.js'
import { bundleFlags, readOutputs, type CompatSettings } from './esbuild-flags.js'
import { moduleTypeOf, type WorkerModule } from './modules.js'

export interface AdvancedOptions {
  /** `<output folder>/_worker.js`. */
  workerPath: string
  isDirectory: boolean
  bundle: boolean
  /** Gets esbuild when a build needs it; bundling off needs none. */
  esbuild: () => Promise<string>
  cwd: string
  tmpDir: string
  compat: CompatSettings
  signal: AbortSignal | undefined
}

export interface AdvancedBuild {
  main: WorkerModule
  modules: WorkerModule[]
  /** Files of a `_worker.js/` folder that are not modules and were left out. */
  ignored: string[]
}

/** The main module's name when pages-pilot bundled the Worker. */
export const BUNDLED_MAIN_MODULE = 'bundledWorker.mjs'

/** A `_worker.js` that cannot be sent as it is; the message says what to change. */
export class WorkerImportError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'WorkerImportError'
  }
}

export async function buildAdvancedWorker(options: AdvancedOptions): Promise<AdvancedBuild> {
  return options.isDirectory ? workerFolder(options) : workerFile(options)
}

async function workerFile(options: AdvancedOptions): Promise<AdvancedBuild> {
  if (!options.bundle) {
    const content = await readFile(options.workerPath)
    refuseImports(content.toString('utf8'))
    return { main: { name: '_worker.js', type: 'esm', content }, modules: [], ignored: [] }
  }
  const outdir = join(options.tmpDir, 'worker-out')
  const outcome = await runEsbuild(
    await options.esbuild(),
    [
      options.workerPath,
      ...bundleFlags(options.compat),
      `--outdir=${outdir}`,
      '--entry-names=bundledWorker'
    ],
    { cwd: options.cwd, signal: options.signal }
  )
  if (!outcome.ok) {
    throw new BuildError('Bundling _worker.js', withNodeHints(outcome.errors, options.compat))
  }
  const { main, modules } = await readOutputs(outdir, 'bundledWorker.js', BUNDLED_MAIN_MODULE)
  return { main, modules, ignored: [] }
}

async function workerFolder(options: AdvancedOptions): Promise<AdvancedBuild> {
  const root = options.workerPath
  const entry = join(root, 'index.js')
  const modules: WorkerModule[] = []
  const ignored: string[] = []
  for (const item of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!item.isFile()) continue
    const path = join(item.parentPath, item.name)
    const name = relative(root, path).split('\\').join('/')
    if (name === 'index.js') continue
    const type = moduleTypeOf(name)
    if (type) modules.push({ name, type, content: await readFile(path) })
    else ignored.push(name)
  }
  modules.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  if (!options.bundle) {
    return {
      main: { name: 'index.js', type: 'esm', content: await readFile(entry) },
      modules,
      ignored
    }
  }
  // The folder's modules stay modules: marked external by path, their imports keep the
  // specifiers as written, which the bundle (at the folder's root) resolves the same way.
  const outcome = await runEsbuild(
    await options.esbuild(),
    [
      'index.js',
      ...bundleFlags(options.compat, false),
      ...modules.map((module) => `--external:${join(root, module.name)}`)
    ],
    { cwd: root, signal: options.signal }
  )
  if (!outcome.ok) {
    throw new BuildError(
      'Bundling _worker.js/index.js',
      withNodeHints(outcome.errors, options.compat)
    )
  }
  return {
    main: { name: BUNDLED_MAIN_MODULE, type: 'esm', content: outcome.stdout },
    modules,
    ignored
  }
}

/**
 * A Worker sent without bundling must not import other files: Cloudflare would not find them.
 * Only the runtime's own modules (`cloudflare:`, `node:`) may be imported.
 */
function refuseImports(source: string): void {
  const specifiers = [...staticImports(source), ...dynamicImports(source)]
  const other = specifiers.find((s) => !s.startsWith('cloudflare:') && !s.startsWith('node:'))
  if (other !== undefined) {
    throw new WorkerImportError(
      `_worker.js imports "${other}", and bundling is off (bundle: false), so that file would not be deployed and the Worker would fail. Leave bundling on, bundle the Worker in a build step, or remove the import.`
    )
  }
}
