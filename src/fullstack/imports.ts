/**
 * The modules a Worker imports. `staticImports` and `dynamicImports` read an ES module's text:
 * quick, and generous (an import written inside a string or a comment counts too), so they serve
 * to decide whether a closer look is needed. `loadTimeImports` is that look: esbuild parses the
 * Worker's modules and says which imports each makes and how, and only the imports reached from
 * the main module through static imports count, since those are what the runtime links before
 * the Worker starts (a chunk loaded by `import()` is linked only when it is reached).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { runEsbuild, type BuildMessage } from '../bundler/esbuild.js'
import type { VerifiedBinary } from '../bundler/verified-binary.js'
import type { WorkerModule } from './modules.js'

/** Specifiers a module may import at load time, read from its text (generously). */
export function staticImports(source: string): string[] {
  return [
    ...source.matchAll(/\b(?:import|export)\b\s*[^;'"`()]*?\bfrom\s*['"]([^'"]+)['"]/g),
    ...source.matchAll(/\bimport\s*['"]([^'"]+)['"]/g)
  ].map((match) => match[1] ?? '')
}

/** Specifiers of `import('…')` calls with a literal: loaded when reached. */
export function dynamicImports(source: string): string[] {
  return [...source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map((match) => match[1] ?? '')
}

interface Metafile {
  inputs: Record<string, { imports?: Array<{ path: string; kind: string; external?: boolean }> }>
}

/**
 * What esbuild read of a Worker's modules: each module's imports, or the errors that stopped it,
 * each naming its module as `src/<module name>`.
 */
export type ModuleReading =
  { ok: true; inputs: Metafile['inputs'] } | { ok: false; errors: BuildMessage[] }

/** Where {@link readModules} puts the module named `name`, as esbuild's messages name it. */
export const READ_MODULE_PREFIX = 'src/'

/**
 * Has esbuild parse the Worker's modules as the runtime links them (the main module first, the
 * other modules found by their names), without bundling anything into what is sent.
 */
export async function readModules(
  main: WorkerModule,
  modules: readonly WorkerModule[],
  esbuild: VerifiedBinary,
  tmpDir: string,
  signal: AbortSignal | undefined
): Promise<ModuleReading> {
  const dir = join(tmpDir, 'imports')
  for (const module of [main, ...modules]) {
    const file = join(dir, READ_MODULE_PREFIX, module.name)
    await mkdir(dirname(file), { recursive: true })
    await writeFile(file, module.content)
  }
  const metafile = join(dir, 'meta.json')
  const outcome = await runEsbuild(
    esbuild,
    [
      READ_MODULE_PREFIX + main.name,
      '--bundle',
      '--format=esm',
      '--platform=neutral',
      '--packages=external',
      '--external:node:*',
      '--external:cloudflare:*',
      ...['.wasm', '.txt', '.html', '.sql', '.bin'].map(
        (extension) => `--loader:${extension}=empty`
      ),
      `--metafile=${metafile}`,
      `--outfile=${join(dir, 'out.js')}`
    ],
    { cwd: dir, signal }
  )
  if (!outcome.ok) return { ok: false, errors: outcome.errors }
  const { inputs } = JSON.parse(await readFile(metafile, 'utf8')) as Metafile
  return { ok: true, inputs }
}

/**
 * The specifiers outside the Worker (such as `node:fs`, `cloudflare:sockets`) that the runtime
 * must link before the Worker starts, as esbuild parses them; `undefined` when esbuild could
 * not read the modules.
 */
export async function loadTimeImports(
  main: WorkerModule,
  modules: readonly WorkerModule[],
  esbuild: VerifiedBinary,
  tmpDir: string,
  signal: AbortSignal | undefined
): Promise<Set<string> | undefined> {
  return linkedAtLoad(await readModules(main, modules, esbuild, tmpDir, signal), main)
}

/** The load-time imports of a reading of {@link readModules}; `undefined` when it failed. */
export function linkedAtLoad(reading: ModuleReading, main: WorkerModule): Set<string> | undefined {
  if (!reading.ok) return undefined
  const linked = new Set<string>()
  const seen = new Set<string>()
  const queue = [READ_MODULE_PREFIX + main.name]
  for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
    if (seen.has(path)) continue
    seen.add(path)
    for (const entry of reading.inputs[path]?.imports ?? []) {
      if (entry.kind !== 'import-statement') continue
      if (entry.external) linked.add(entry.path)
      else queue.push(entry.path)
    }
  }
  return linked
}
