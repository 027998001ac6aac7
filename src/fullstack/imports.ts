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
import { runEsbuild } from '../bundler/esbuild.js'
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
  const dir = join(tmpDir, 'imports')
  for (const module of [main, ...modules]) {
    const file = join(dir, 'src', module.name)
    await mkdir(dirname(file), { recursive: true })
    await writeFile(file, module.content)
  }
  const metafile = join(dir, 'meta.json')
  const outcome = await runEsbuild(
    esbuild,
    [
      join('src', main.name),
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
  if (!outcome.ok) return undefined
  const { inputs } = JSON.parse(await readFile(metafile, 'utf8')) as Metafile
  const linked = new Set<string>()
  const seen = new Set<string>()
  const queue = [join('src', main.name).split('\\').join('/')]
  for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
    if (seen.has(path)) continue
    seen.add(path)
    for (const entry of inputs[path]?.imports ?? []) {
      if (entry.kind !== 'import-statement') continue
      if (entry.external) linked.add(entry.path)
      else queue.push(entry.path)
    }
  }
  return linked
}
