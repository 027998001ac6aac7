/**
 * Runs a deployed Worker's modules in Node, enough to ask it a request: modules are written to
 * a folder as the bundle names them (text and binary modules as their own small ES modules), the
 * main one imported, and `fetch` called with an `ASSETS` binding that answers from the
 * deployment's assets. The conformance test runs the same bundles in workerd (miniflare).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { StoredWorker } from '../../emulator/worker-bundle.js'

export interface RunningWorker {
  fetch(path: string, init?: RequestInit): Promise<Response>
}

/** Loads `worker`; `assets` answers what `env.ASSETS.fetch` gets (by path). */
export async function loadWorker(
  worker: StoredWorker,
  assets: (path: string) => Response = () => new Response('asset', { status: 200 })
): Promise<RunningWorker> {
  const dir = mkdtempSync(join(tmpdir(), 'pages-pilot-worker-run-'))
  for (const module of worker.modules) {
    const file = join(dir, module.name)
    mkdirSync(dirname(file), { recursive: true })
    if (module.contentType.startsWith('application/javascript')) writeFileSync(file, module.content)
    else if (module.contentType === 'text/plain') {
      writeFileSync(file, `export default ${JSON.stringify(module.content.toString('utf8'))}`)
    } else {
      writeFileSync(
        file,
        `export default Buffer.from(${JSON.stringify(module.content.toString('base64'))}, 'base64')`
      )
    }
  }
  const main = worker.modules[0]
  if (!main) throw new Error('the Worker has no module')
  // Node decides module or script by extension: give the main module an .mjs name to import.
  const entry = join(dir, `${main.name}.entry.mjs`)
  writeFileSync(entry, main.content)
  const loaded = (await import(pathToFileURL(entry).href)) as {
    default: { fetch(request: Request, env: unknown, ctx: unknown): Promise<Response> }
  }
  const env = {
    ASSETS: { fetch: async (request: Request) => assets(new URL(request.url).pathname) }
  }
  const ctx = { waitUntil: () => undefined, passThroughOnException: () => undefined }
  return {
    fetch: (path, init) =>
      loaded.default.fetch(new Request(`https://site.pages.dev${path}`, init), env, ctx)
  }
}
