/**
 * Advanced mode: a `_worker.js` in the output folder is the whole Worker, as a file or as a
 * folder of modules (`_worker.js/index.js` and the modules beside it). By default it is bundled
 * (its imports resolved, as wrangler does); with bundling off it is sent as it is.
 */
import {
  dynamicImports,
  READ_MODULE_PREFIX,
  readModules,
  staticImports,
  type ModuleReading
} from './imports.js'
import { withNodeHints } from './node-compat.js'
import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import { BuildError, runEsbuild } from '../bundler/esbuild.js'
import type { VerifiedBinary } from '../bundler/verified-binary.js'
import { symlinkLoop, symlinkTarget } from '../upload/walk.js'
import { bundleFlags, readOutputs, type CompatSettings } from './esbuild-flags.js'
import { moduleTypeOf, type WorkerModule } from './modules.js'
import { checkBuildInputs, type ProjectBounds } from './project-bounds.js'
import { input } from '../util/input-names.js'

export interface AdvancedOptions {
  /** `<output folder>/_worker.js`. */
  workerPath: string
  isDirectory: boolean
  bundle: boolean
  /** Gets esbuild when a build needs it; bundling off needs none. */
  esbuild: () => Promise<VerifiedBinary>
  cwd: string
  tmpDir: string
  compat: CompatSettings
  signal: AbortSignal | undefined
  /** The output folder as a real path: symlinks in `_worker.js/` may not lead out of it. */
  outputRoot: string
  /** Where the modules a bundle pulls in may come from. */
  bounds: ProjectBounds
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
  const metafile = join(options.tmpDir, 'worker-meta.json')
  const outcome = await runEsbuild(
    await options.esbuild(),
    [
      options.workerPath,
      ...bundleFlags(options.compat),
      `--outdir=${outdir}`,
      '--entry-names=bundledWorker',
      `--metafile=${metafile}`
    ],
    { cwd: options.cwd, signal: options.signal }
  )
  if (!outcome.ok) {
    throw new BuildError('Bundling _worker.js', withNodeHints(outcome.errors, options.compat))
  }
  await checkBuildInputs(
    metafile,
    options.cwd,
    options.bounds,
    options.tmpDir,
    'Bundling _worker.js'
  )
  const { main, modules } = await readOutputs(outdir, 'bundledWorker.js', BUNDLED_MAIN_MODULE)
  return { main, modules, ignored: [] }
}

async function workerFolder(options: AdvancedOptions): Promise<AdvancedBuild> {
  const root = options.workerPath
  const { entry, modules, ignored } = await folderModules(root, options.outputRoot)
  if (!options.bundle) {
    return {
      main: { name: 'index.js', type: 'esm', content: await readFile(entry) },
      modules,
      ignored
    }
  }
  // The folder's modules stay modules: marked external by path, their imports keep the
  // specifiers as written, which the bundle (at the folder's root) resolves the same way. That
  // holds only for a bundle written to standard output (an output file would have them
  // rewritten relative to itself), so the list of files read comes from a second run beside it.
  const esbuild = await options.esbuild()
  const flags = [
    'index.js',
    ...bundleFlags(options.compat, false),
    ...modules.map((module) => `--external:${join(root, module.name)}`)
  ]
  const metafile = join(options.tmpDir, 'worker-meta.json')
  const run = (extra: string[]) =>
    runEsbuild(esbuild, [...flags, ...extra], { cwd: root, signal: options.signal })
  const [outcome, probe] = await Promise.all([
    run([]),
    run([`--outfile=${join(options.tmpDir, 'worker-probe.js')}`, `--metafile=${metafile}`])
  ])
  if (!outcome.ok) {
    throw new BuildError(
      'Bundling _worker.js/index.js',
      withNodeHints(outcome.errors, options.compat)
    )
  }
  if (!probe.ok) throw new BuildError('Bundling _worker.js/index.js', probe.errors)
  await checkBuildInputs(metafile, root, options.bounds, options.tmpDir, 'Bundling _worker.js/')
  return {
    main: { name: BUNDLED_MAIN_MODULE, type: 'esm', content: outcome.stdout },
    modules,
    ignored
  }
}

/**
 * Has esbuild parse the modules that are sent as they are: all of them with bundling off, a
 * folder's own beside its bundle. One that does not parse would deploy and fail at its first
 * request, so it is refused with its file, line and column (relative to the working directory,
 * as a bundle's errors are). The reading serves the check of Node.js imports.
 *
 * @throws BuildError when esbuild finds an error in the Worker's files
 */
export async function parseSentModules(
  built: AdvancedBuild,
  options: Pick<AdvancedOptions, 'workerPath' | 'isDirectory' | 'cwd' | 'tmpDir' | 'signal'>,
  esbuild: VerifiedBinary
): Promise<ModuleReading> {
  const reading = await readModules(
    built.main,
    built.modules,
    esbuild,
    options.tmpDir,
    options.signal
  )
  if (reading.ok || !reading.errors.some((error) => error.file !== undefined)) return reading
  const shown = relative(options.cwd, options.workerPath).split(sep).join('/')
  const errors = reading.errors.map((error) => {
    if (!error.file?.startsWith(READ_MODULE_PREFIX)) return error
    const name = error.file.slice(READ_MODULE_PREFIX.length)
    return { ...error, file: options.isDirectory ? `${shown}/${name}` : shown }
  })
  throw new BuildError(`Parsing ${options.isDirectory ? '_worker.js/' : '_worker.js'}`, errors)
}

/**
 * The modules of a `_worker.js/` folder, by their path in it, sorted; its `index.js` is the
 * entry. A symlink is followed only where the output folder's own rule allows it (to a file or
 * folder inside the output folder), so a module can never be a file from elsewhere.
 */
async function folderModules(
  root: string,
  outputRoot: string
): Promise<{ entry: string; modules: WorkerModule[]; ignored: string[] }> {
  const modules: WorkerModule[] = []
  const ignored: string[] = []
  let entry = join(root, 'index.js')
  const shown = `the output folder's _worker.js/`
  const visit = async (dir: string, prefix: string, chain: string[]): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true })
    for (const item of entries) {
      const path = join(dir, item.name)
      const name = `${prefix}${item.name}`
      let real = path
      let kind: 'file' | 'directory' | 'other' = item.isFile()
        ? 'file'
        : item.isDirectory()
          ? 'directory'
          : 'other'
      if (item.isSymbolicLink() || (kind === 'other' && (await lstat(path)).isSymbolicLink())) {
        real = await symlinkTarget(path, outputRoot, shown, `_worker.js/${name}`)
        const target = await stat(real)
        kind = target.isFile() ? 'file' : target.isDirectory() ? 'directory' : 'other'
      }
      if (kind === 'directory') {
        if (chain.includes(real)) throw symlinkLoop(shown, `_worker.js/${name}`, path, real)
        await visit(path, `${name}/`, [...chain, real])
      } else if (kind === 'file' && name === 'index.js') {
        entry = real
      } else if (kind === 'file') {
        const type = moduleTypeOf(name)
        if (type) modules.push({ name, type, content: await readFile(real) })
        else ignored.push(name)
      }
    }
  }
  await visit(root, '', [await realpath(root)])
  modules.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  return { entry, modules, ignored }
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
      `_worker.js imports "${other}", and bundling is off (${input('bundle', 'false')}), so that file would not be deployed and the Worker would fail. Leave bundling on, bundle the Worker in a build step, or remove the import.`
    )
  }
}
