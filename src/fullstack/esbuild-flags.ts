/**
 * How a Worker is bundled for Pages, as wrangler 4.86 bundles it: an ES module for workerd,
 * imported `.wasm`, `.txt`, `.html`, `.sql` and `.bin` files kept as modules of their own (the
 * copy loader writes them beside the bundle and rewrites the import), `cloudflare:` and `node:`
 * modules left to the runtime.
 */
import { builtinModules } from 'node:module'
import { readdir, readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { moduleTypeOf, type WorkerModule } from './modules.js'

/** What the Worker's compatibility settings change in the build. */
export interface CompatSettings {
  date: string | undefined
  flags: string[]
}

const COPIED_MODULES = ['.wasm', '.txt', '.html', '.sql', '.bin']

/**
 * The flags of a Worker build. `copyModules` off suits a build written to standard output, whose
 * non-JavaScript modules are already modules of their own (a `_worker.js/` folder's).
 */
export function bundleFlags(compat: CompatSettings, copyModules = true): string[] {
  const nodeCompat = compat.flags.some((flag) => /^nodejs_compat(_v2)?$/.test(flag))
  const navigator =
    compat.flags.includes('global_navigator') ||
    (compat.date !== undefined &&
      compat.date >= '2022-03-21' &&
      !compat.flags.includes('no_global_navigator'))
  const nodeEnv = JSON.stringify(process.env.NODE_ENV || 'production')
  return [
    '--bundle',
    '--format=esm',
    '--target=es2024',
    '--supported:import-source=true',
    '--conditions=workerd,worker,browser',
    '--loader:.js=jsx',
    '--loader:.mjs=jsx',
    '--loader:.cjs=jsx',
    ...(copyModules
      ? [
          ...COPIED_MODULES.map((extension) => `--loader:${extension}=copy`),
          '--asset-names=[name]-[hash]'
        ]
      : []),
    '--external:cloudflare:*',
    '--external:node:*',
    '--external:__STATIC_CONTENT_MANIFEST',
    '--keep-names',
    `--define:process.env.NODE_ENV=${nodeEnv}`,
    `--define:global.process.env.NODE_ENV=${nodeEnv}`,
    `--define:globalThis.process.env.NODE_ENV=${nodeEnv}`,
    ...(navigator ? ['--define:navigator.userAgent="Cloudflare-Workers"'] : []),
    // With nodejs_compat, the runtime provides Node's modules: `fs` is `node:fs`.
    ...(nodeCompat
      ? builtinModules
          .filter((name) => !name.startsWith('_') && !name.includes(':'))
          .map((name) => `--alias:${name}=node:${name}`)
      : [])
  ]
}

/**
 * The modules a build wrote to `outdir`: its entry output `entryFile` as the main module named
 * `mainName`, and every copied module by its name beside it.
 */
export async function readOutputs(
  outdir: string,
  entryFile: string,
  mainName: string
): Promise<{ main: WorkerModule; modules: WorkerModule[] }> {
  let main: WorkerModule | undefined
  const modules: WorkerModule[] = []
  for (const entry of await readdir(outdir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const path = join(entry.parentPath, entry.name)
    const name = relative(outdir, path).split('\\').join('/')
    const content = await readFile(path)
    if (name === entryFile) main = { name: mainName, type: 'esm', content }
    else {
      const type = moduleTypeOf(name)
      if (type) modules.push({ name, type, content })
    }
  }
  if (!main) throw new Error(`the build wrote no ${entryFile}`)
  return { main, modules }
}
