/**
 * Compiles a Pages Functions folder into a Worker the way Pages does: the files' exports give
 * the routes, a generated entry module hands them to the Functions runtime, and esbuild bundles
 * it all, TypeScript and npm imports included.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { BuildError, runEsbuild } from '../../bundler/esbuild.js'
import type { VerifiedBinary } from '../../bundler/verified-binary.js'
import { bundleFlags, readOutputs, type CompatSettings } from '../esbuild-flags.js'
import type { WorkerModule } from '../modules.js'
import { withNodeHints } from '../node-compat.js'
import { checkBuildInputs, type ProjectBounds } from '../project-bounds.js'
import {
  deriveRoutes,
  isFunctionFile,
  routingConfigJson,
  type FunctionFile,
  type RouteEntry
} from './routes.js'
import { FUNCTIONS_RUNTIME_SOURCE } from './runtime.js'

export interface FunctionsBuild {
  routes: RouteEntry[]
  /** `functions-filepath-routing-config.json`. */
  routingConfig: string
  main: WorkerModule
  modules: WorkerModule[]
}

export interface CompileOptions {
  functionsDir: string
  /** Where paths in messages are relative to: the working directory. */
  cwd: string
  esbuild: VerifiedBinary
  /** A scratch folder of this build. */
  tmpDir: string
  compat: CompatSettings
  signal: AbortSignal | undefined
  /** Where the modules the Functions pull in may come from. */
  bounds: ProjectBounds
}

/** The main module's name in `_worker.bundle`. */
export const FUNCTIONS_MAIN_MODULE = 'functionsWorker.js'

/** The Worker of a functions folder, or `undefined` when it has no route. */
export async function compileFunctions(
  options: CompileOptions
): Promise<FunctionsBuild | undefined> {
  const paths = await functionFiles(options.functionsDir)
  if (paths.length === 0) return undefined
  const files = await exportsOf(paths, options)
  const routes = deriveRoutes(files)
  if (routes.length === 0) return undefined

  const runtime = join(options.tmpDir, 'pages-functions-runtime.mjs')
  const entry = join(options.tmpDir, 'functions-entry.mjs')
  await writeFile(runtime, FUNCTIONS_RUNTIME_SOURCE)
  await writeFile(entry, entrySource(routes, options.functionsDir))
  const outdir = join(options.tmpDir, 'functions-out')
  const metafile = join(options.tmpDir, 'functions-meta.json')
  const outcome = await runEsbuild(
    options.esbuild,
    [
      entry,
      ...bundleFlags(options.compat),
      `--outdir=${outdir}`,
      '--entry-names=functionsWorker',
      `--metafile=${metafile}`
    ],
    { cwd: options.cwd, signal: options.signal }
  )
  if (!outcome.ok) {
    throw new BuildError(
      `Compiling the Functions in ${shown(options)}`,
      withNodeHints(outcome.errors, options.compat)
    )
  }
  // The generated entry and runtime live in the scratch folder; everything else must be the project's.
  await checkBuildInputs(
    metafile,
    options.cwd,
    options.bounds,
    options.tmpDir,
    `Compiling the Functions in ${shown(options)}`
  )
  const { main, modules } = await readOutputs(outdir, 'functionsWorker.js', FUNCTIONS_MAIN_MODULE)
  return { routes, routingConfig: routingConfigJson(routes), main, modules }
}

/**
 * The files that may hold routes, as Cloudflare's tooling finds them: breadth first, each
 * folder's entries in byte order, so that route ties keep the same order.
 */
async function functionFiles(root: string): Promise<string[]> {
  const found: string[] = []
  const queue = [root]
  for (let dir = queue.shift(); dir !== undefined; dir = queue.shift()) {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0
    )
    for (const entry of entries) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) queue.push(path)
      else if (entry.isFile() && isFunctionFile(entry.name)) {
        found.push(relative(root, path).split('\\').join('/'))
      }
    }
  }
  return found
}

/** Each file's exports, from one esbuild pass over all of them (no bundling). */
async function exportsOf(paths: string[], options: CompileOptions): Promise<FunctionFile[]> {
  const outdir = join(options.tmpDir, 'exports')
  const metafile = join(options.tmpDir, 'exports-meta.json')
  const outcome = await runEsbuild(
    options.esbuild,
    [
      ...paths,
      '--format=esm',
      '--loader:.js=jsx',
      '--loader:.mjs=jsx',
      `--outdir=${outdir}`,
      `--outbase=.`,
      `--metafile=${metafile}`
    ],
    { cwd: options.functionsDir, signal: options.signal }
  )
  if (!outcome.ok) {
    throw new BuildError(
      `Reading the Functions in ${shown(options)}`,
      outcome.errors.map((e) => (e.file ? { ...e, file: `${shown(options)}/${e.file}` } : e))
    )
  }
  const meta = JSON.parse(await readFile(metafile, 'utf8')) as {
    outputs: Record<string, { entryPoint?: string; exports?: string[] }>
  }
  const byEntry = new Map<string, string[]>()
  for (const output of Object.values(meta.outputs)) {
    if (output.entryPoint) byEntry.set(output.entryPoint, output.exports ?? [])
  }
  return paths.map((path) => ({ path, exports: [...(byEntry.get(path) ?? [])].sort() }))
}

/** The entry module: every handler imported by absolute path, the routes handed to the runtime. */
function entrySource(routes: RouteEntry[], functionsDir: string): string {
  const imports: string[] = [
    `import { createPagesFunctions } from ${JSON.stringify('./pages-functions-runtime.mjs')}`
  ]
  const names = new Map<string, string>()
  const handler = (reference: string): string => {
    const existing = names.get(reference)
    if (existing) return existing
    const colon = reference.lastIndexOf(':')
    const file = join(functionsDir, reference.slice(0, colon))
    const exported = reference.slice(colon + 1)
    const local = `handler${names.size}`
    names.set(reference, local)
    imports.push(`import { ${exported} as ${local} } from ${JSON.stringify(file)}`)
    return local
  }
  const table = routes.map((route) => {
    const middlewares = (route.middleware ?? []).map(handler)
    const modules = (route.module ?? []).map(handler)
    return `  { routePath: ${JSON.stringify(route.routePath)}, mountPath: ${JSON.stringify(route.mountPath)}, method: ${JSON.stringify(route.method)}, middlewares: [${middlewares.join(', ')}], modules: [${modules.join(', ')}] }`
  })
  return `${imports.join('\n')}\n\nexport default createPagesFunctions([\n${table.join(',\n')}\n])\n`
}

function shown(options: CompileOptions): string {
  return relative(options.cwd, options.functionsDir).split('\\').join('/') || 'functions'
}
