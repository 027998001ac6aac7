/**
 * Full-stack conformance with wrangler: real `wrangler pages deploy` (4.86.0, installed on
 * demand) and pages-pilot deploy the same projects, each to a fresh emulator: Pages Functions
 * with params, middleware, TypeScript and an npm import; a `_worker.js` folder with a wasm
 * module; a `_worker.js` file importing code outside the output folder; a custom
 * `_routes.json`; a wrangler.toml with bindings; assets of many types. The two deployments must
 * carry the same content types, `_routes.json`, routing and Worker metadata, and their Workers,
 * run in workerd (miniflare, which comes with wrangler), must answer the same requests the same.
 *
 * pages-pilot starts with an empty tool cache, so its first run downloads esbuild from the npm
 * registry and checks it against the integrity pinned in the source.
 *
 * Run: `npm run build && npm run test:conformance` (needs the npm registry the first time).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import type { DeploymentUpload } from '../../emulator/types.js'
import type { StoredWorker } from '../../emulator/worker-bundle.js'
import { runAction } from '../../harness/run-action.js'
import { ADD_WASM, ASSETS, FUNCTIONS } from '../../bench/fullstack-project.js'
import {
  ensureWrangler,
  runProcess,
  WRANGLER_ENTRY,
  WRANGLER_PREFIX,
  wranglerHome
} from '../../bench/wrangler.js'

const STAGES = { queued: 30, initialize: 30, clone_repo: 30, build: 60, deploy: 30 }

interface Fixture {
  files: Record<string, string | Buffer>
  /** Requests both Workers must answer the same. */
  requests: Array<[string, RequestInit?]>
}

const FIXTURES: Record<string, Fixture> = {
  'Functions with params, middleware, TypeScript and an npm import': {
    files: { ...ASSETS, ...FUNCTIONS },
    requests: [
      ['/'],
      ['/about'],
      ['/api/hello'],
      ['/API/Hello/'],
      ['/api/greet/ada'],
      ['/api/greet/ada', { method: 'POST' }],
      ['/api/greet/b%20ob'],
      ['/api/files/a/b/c'],
      ['/api/files'],
      ['/api/env'],
      ['/missing']
    ]
  },
  'a custom _routes.json with Functions': {
    files: {
      ...ASSETS,
      ...FUNCTIONS,
      'public/_routes.json': '{"version":1,"include":["/api/*"],"exclude":["/api/files/*"]}'
    },
    requests: [['/api/hello'], ['/api/greet/x']]
  },
  'a _worker.js folder with a wasm module': {
    files: {
      ...ASSETS,
      'public/_worker.js/index.js': `
        import add from './add.wasm'
        import { message } from './chunks/message.js'
        import greeting from './greeting.txt'
        const { exports } = new WebAssembly.Instance(add)
        export default {
          async fetch(request, env) {
            const url = new URL(request.url)
            if (url.pathname === '/sum') return new Response(String(exports.add(2, 40)))
            if (url.pathname === '/message') return new Response(message + ' ' + greeting)
            return env.ASSETS.fetch(request)
          }
        }`,
      'public/_worker.js/add.wasm': ADD_WASM,
      'public/_worker.js/chunks/message.js': 'export const message = "from a chunk"',
      'public/_worker.js/greeting.txt': 'and a text module'
    },
    requests: [['/sum'], ['/message'], ['/'], ['/style.css']]
  },
  'a _worker.js file importing code outside the output folder': {
    files: {
      ...ASSETS,
      'public/_worker.js': `
        import { render } from '../server/render.js'
        export default { fetch: (request, env) => new URL(request.url).pathname === '/ssr' ? new Response(render()) : env.ASSETS.fetch(request) }`,
      'server/render.js': 'export const render = () => "rendered on the server"'
    },
    requests: [['/ssr'], ['/']]
  },
  'a wrangler.toml with bindings': {
    files: {
      ...ASSETS,
      ...FUNCTIONS,
      'wrangler.toml': `
name = "PROJECT"
pages_build_output_dir = "public"
compatibility_date = "2024-11-01"
compatibility_flags = ["nodejs_compat"]

[vars]
GREETING = "hello from the config"
LIMIT = 3

[[kv_namespaces]]
binding = "CACHE"
id = "0123456789abcdef0123456789abcdef"

[[d1_databases]]
binding = "DB"
database_name = "db"
database_id = "6c2f0c5e-1111-2222-3333-444455556666"

[[r2_buckets]]
binding = "BUCKET"
bucket_name = "media"
jurisdiction = "eu"

[[durable_objects.bindings]]
name = "COUNTER"
class_name = "Counter"
script_name = "counter-worker"

[[services]]
binding = "AUTH"
service = "auth-worker"
entrypoint = "Auth"

[ai]
binding = "AI"

[env.preview.vars]
GREETING = "preview"
`
    },
    requests: [['/api/env'], ['/api/hello']]
  },
  'Functions importing Node.js modules workerd has at their compatibility date': {
    files: NODE_PROJECT('2025-10-01'),
    requests: [['/api/node']]
  }
}

/** Functions that import `fs` and `node:os` (workerd has both from 2025-09-15). */
function NODE_PROJECT(date: string): Record<string, string> {
  return {
    ...ASSETS,
    'wrangler.toml': `name = "PROJECT"\npages_build_output_dir = "public"\ncompatibility_date = "${date}"\ncompatibility_flags = ["nodejs_compat"]\n`,
    'functions/api/node.js': `import { existsSync } from 'fs'
      import { platform } from 'node:os'
      export const onRequest = () => new Response(typeof existsSync + ' ' + typeof platform)`
  }
}

interface Miniflare {
  dispatchFetch(url: string, init?: RequestInit): Promise<Response>
  dispose(): Promise<void>
}
type MiniflareClass = new (options: Record<string, unknown>) => Miniflare
let MiniflareCtor: MiniflareClass | undefined
let wranglerReady = false
const toolCache = mkdtempSync(join(tmpdir(), 'pages-pilot-conformance-tools-'))
const projects: string[] = []

beforeAll(async () => {
  wranglerReady = await ensureWrangler(true)
  if (!wranglerReady) return
  const entry = join(WRANGLER_PREFIX, 'node_modules', 'miniflare', 'dist', 'src', 'index.js')
  MiniflareCtor = ((await import(pathToFileURL(entry).href)) as { Miniflare: MiniflareClass })
    .Miniflare
}, 240_000)

afterAll(() => {
  rmSync(toolCache, { recursive: true, force: true })
  for (const dir of projects) rmSync(dir, { recursive: true, force: true })
})

function project(files: Record<string, string | Buffer>, name: string): string {
  const root = mkdtempSync(join(tmpdir(), 'pages-pilot-conformance-project-'))
  projects.push(root)
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(
      join(root, path),
      typeof content === 'string' ? content.replace('PROJECT', name) : content
    )
  }
  return root
}

async function freshEmulator(name: string): Promise<Emulator> {
  const emulator = await startEmulator({ stageDurationsMs: STAGES })
  emulator.addProject({ name, source: 'direct' })
  return emulator
}

/** `wrangler pages deploy public` from the project folder, as wrangler-action runs it. */
async function wranglerDeploy(
  emulator: Emulator,
  dir: string,
  name: string
): Promise<DeploymentUpload> {
  const home = wranglerHome(emulator)
  try {
    const run = await runProcess(
      process.execPath,
      [WRANGLER_ENTRY, 'pages', 'deploy', 'public', '--project-name', name, '--branch', 'main'],
      { env: home.env, cwd: dir, timeoutMs: 180_000 }
    )
    if (run.exitCode !== 0) throw new Error(`wrangler failed:\n${run.stdout}\n${run.stderr}`)
  } finally {
    home.remove()
  }
  return onlyUpload(emulator, name)
}

async function pilotDeploy(
  emulator: Emulator,
  dir: string,
  name: string
): Promise<DeploymentUpload> {
  const result = await runAction({
    inputs: {
      'api-token': emulator.token,
      'account-id': emulator.accountId,
      'project-name': name,
      directory: 'public',
      branch: 'main',
      'poll-interval': '100ms'
    },
    env: {
      CLOUDFLARE_API_BASE_URL: emulator.apiBaseUrl,
      GITHUB_WORKSPACE: dir,
      RUNNER_TOOL_CACHE: toolCache
    }
  })
  if (result.exitCode !== 0) throw new Error(`pages-pilot failed:\n${result.stdout}`)
  return onlyUpload(emulator, name)
}

function onlyUpload(emulator: Emulator, name: string): DeploymentUpload {
  const [deployment] = emulator.listDeployments(name)
  const upload = deployment && emulator.getUpload(deployment.id)
  if (!upload) throw new Error('no Direct Upload deployment was made')
  return upload
}

/** Path → content type of every asset of a deployment. */
function contentTypes(emulator: Emulator, upload: DeploymentUpload): Record<string, string> {
  return Object.fromEntries(
    Object.entries(upload.manifest).map(([path, hash]) => [
      path,
      emulator.assets.get(hash)?.contentType ?? '?'
    ])
  )
}

/** Runs a deployed Worker in workerd with its bindings and an ASSETS binding over its assets. */
function workerd(emulator: Emulator, upload: DeploymentUpload): Miniflare {
  const worker = upload.worker as StoredWorker
  const types: Record<string, string> = {
    'application/javascript+module': 'ESModule',
    'application/javascript': 'CommonJS',
    'application/wasm': 'CompiledWasm',
    'text/plain': 'Text',
    'application/octet-stream': 'Data'
  }
  const metadata = worker.metadata as {
    compatibility_date?: string
    compatibility_flags?: string[]
    bindings?: Array<{
      name: string
      type: string
      text?: string
      json?: unknown
      namespace_id?: string
    }>
  }
  const bindings: Record<string, unknown> = {}
  const kvNamespaces: Record<string, string> = {}
  for (const binding of metadata.bindings ?? []) {
    if (binding.type === 'plain_text') bindings[binding.name] = binding.text
    if (binding.type === 'json') bindings[binding.name] = binding.json
    if (binding.type === 'kv_namespace') kvNamespaces[binding.name] = binding.namespace_id ?? ''
  }
  const asset = (path: string): Response => {
    for (const candidate of [path, `${path.replace(/\/$/, '')}/index.html`, `${path}.html`]) {
      const hash = upload.manifest[candidate]
      const stored = hash ? emulator.assets.get(hash) : undefined
      if (stored)
        return new Response(stored.content, { headers: { 'content-type': stored.contentType } })
    }
    return new Response('not found', { status: 404 })
  }
  if (!MiniflareCtor) throw new Error('miniflare is not loaded')
  return new MiniflareCtor({
    modulesRoot: '/worker',
    modules: worker.modules.map((module) => ({
      type: types[module.contentType],
      path: `/worker/${module.name}`,
      contents:
        module.contentType.startsWith('application/javascript') ||
        module.contentType === 'text/plain'
          ? module.content.toString('utf8')
          : new Uint8Array(module.content)
    })),
    compatibilityDate: metadata.compatibility_date ?? '2024-11-01',
    compatibilityFlags: metadata.compatibility_flags ?? [],
    bindings,
    kvNamespaces,
    serviceBindings: { ASSETS: async (request: Request) => asset(new URL(request.url).pathname) }
  })
}

async function answers(mf: Miniflare, requests: Fixture['requests']): Promise<unknown[]> {
  const out: unknown[] = []
  for (const [path, init] of requests) {
    const response = await mf.dispatchFetch(`http://localhost${path}`, init)
    out.push({
      request: `${init?.method ?? 'GET'} ${path}`,
      status: response.status,
      type: response.headers.get('content-type'),
      middleware: response.headers.get('x-middleware'),
      body: await response.text()
    })
  }
  return out
}

/** `record` without `key`, its other keys in their order. */
function omit(record: Record<string, unknown>, key: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([name]) => name !== key))
}

/** The Worker metadata but the main module's name, which each tool chooses. */
const withoutMain = (worker: StoredWorker | undefined): string =>
  JSON.stringify(omit(worker?.metadata ?? {}, 'main_module'))

describe('Node.js modules and the compatibility date', () => {
  it('workerd starts the Worker at the date pages-pilot allows, and not at the date it refuses', async () => {
    const name = `conf-${Math.random().toString(36).slice(2, 8)}`
    const emulator = await freshEmulator(name)
    try {
      const upload = await pilotDeploy(emulator, project(NODE_PROJECT('2025-10-01'), name), name)
      const allowed = workerd(emulator, upload)
      try {
        expect(await answers(allowed, [['/api/node']])).toMatchObject([
          { status: 200, body: 'function function' }
        ])
      } finally {
        await allowed.dispose()
      }
      // The same modules at the date pages-pilot refuses (see node-compat.test.ts): the runtime
      // agrees that node:fs is not there.
      const metadata = upload.worker?.metadata as { compatibility_date?: string }
      metadata.compatibility_date = '2025-04-01'
      const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined)
      const refused = workerd(emulator, upload)
      try {
        await expect(refused.dispatchFetch('http://localhost/api/node')).rejects.toThrow()
        expect(logged.mock.calls.flat().join('\n')).toContain('No such module "node:fs"')
      } finally {
        logged.mockRestore()
        await refused.dispose().catch(() => undefined)
      }
    } finally {
      await emulator.close()
    }
  }, 120_000)
})

describe.each(Object.entries(FIXTURES))('wrangler and pages-pilot deploy %s', (_label, fixture) => {
  it('to the same deployment, whose Workers answer alike', async () => {
    if (!wranglerReady) throw new Error('wrangler could not be installed')
    const name = `conf-${Math.random().toString(36).slice(2, 8)}`
    const [forWrangler, forPilot] = await Promise.all([freshEmulator(name), freshEmulator(name)])
    try {
      const wrangler = await wranglerDeploy(forWrangler, project(fixture.files, name), name)
      const pilot = await pilotDeploy(forPilot, project(fixture.files, name), name)

      expect(Object.keys(pilot.manifest).sort()).toEqual(Object.keys(wrangler.manifest).sort())
      expect(contentTypes(forPilot, pilot)).toEqual(contentTypes(forWrangler, wrangler))
      expect(Object.keys(pilot.files).sort()).toEqual(Object.keys(wrangler.files).sort())
      const routes = (upload: DeploymentUpload) => {
        const text = upload.files['_routes.json']?.toString()
        if (text === undefined) return undefined
        // The description names the tool that generated the file.
        return omit(JSON.parse(text) as Record<string, unknown>, 'description')
      }
      expect(routes(pilot)).toEqual(routes(wrangler))
      const routing = (upload: DeploymentUpload) =>
        upload.files['functions-filepath-routing-config.json']?.toString()
      expect(routing(pilot)).toEqual(routing(wrangler))
      expect(withoutMain(pilot.worker)).toBe(withoutMain(wrangler.worker))
      expect(pilot.fields.wrangler_config_hash).toBe(wrangler.fields.wrangler_config_hash)
      expect(pilot.fields.pages_build_output_dir).toBe(wrangler.fields.pages_build_output_dir)
      const moduleTypes = (upload: DeploymentUpload) =>
        upload.worker?.modules
          .slice(1)
          .map((m) => m.contentType)
          .sort()
      expect(moduleTypes(pilot)).toEqual(moduleTypes(wrangler))

      const [a, b] = [workerd(forWrangler, wrangler), workerd(forPilot, pilot)]
      try {
        const expected = await answers(a, fixture.requests)
        expect(await answers(b, fixture.requests)).toEqual(expected)
      } finally {
        await Promise.all([a.dispose(), b.dispose()])
      }
    } finally {
      await Promise.all([forWrangler.close(), forPilot.close()])
    }
  }, 240_000)
})
