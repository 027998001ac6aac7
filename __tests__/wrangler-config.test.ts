/**
 * Reading a project's wrangler configuration as `wrangler pages deploy` 4.86.0 does: which file
 * is used, what is refused, how env.production / env.preview resolve, and the Worker metadata
 * keys, compared as JSON text with what wrangler was observed to send.
 */
import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { ConfigError } from '../src/config/config-error.js'
import type { PagesEnvironment } from '../src/config/env-sections.js'
import { configFor } from '../src/config/environment-config.js'
import { workerMetadata } from '../src/config/worker-metadata.js'
import { readPagesConfig, type PagesConfigFile } from '../src/config/wrangler-config.js'

let base: string

beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'pp-wrangler-'))
})

afterEach(async () => {
  await rm(base, { recursive: true, force: true })
})

/** Writes `files` under a fresh folder of `base` and returns the folder. */
async function project(files: Record<string, string | Buffer>, folder = 'site'): Promise<string> {
  const dir = join(base, folder)
  await mkdir(dir, { recursive: true })
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content)
  return dir
}

async function load(dir: string): Promise<PagesConfigFile> {
  const { config } = await readPagesConfig(dir)
  if (config === undefined) throw new Error(`no Pages configuration in ${dir}`)
  return config
}

async function toml(text: string): Promise<PagesConfigFile> {
  return load(await project({ 'wrangler.toml': text }))
}

/** The metadata text wrangler would send for `environment`, with a fixed main module. */
function metadataText(
  config: PagesConfigFile,
  environment: PagesEnvironment,
  main = 'functionsWorker-0.7728618216021259.js'
): string {
  return JSON.stringify({ main_module: main, ...workerMetadata(configFor(config, environment)) })
}

async function configError(
  files: Record<string, string | Buffer>,
  folder = 'site'
): Promise<ConfigError> {
  const dir = await project(files, folder)
  const error = await readPagesConfig(dir).then(
    () => undefined,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(ConfigError)
  return error as ConfigError
}

/** The problems of a wrangler.toml made of a valid head plus `body`. */
async function tomlProblems(body: string): Promise<readonly string[]> {
  const error = await configError({
    'wrangler.toml': `name = "foo"\npages_build_output_dir = "./public"\n${body}`
  })
  return error.problems
}

/** The configuration of /work/scratch/proj1, deployed with wrangler 4.86.0 (note section 4.4). */
const OBSERVED_TOML = `name = "foo"
pages_build_output_dir = "./public"
compatibility_date = "2024-10-01"
upload_source_maps = true
compatibility_flags = ["nodejs_compat"]

[vars]
STR = "s"
NUM = 42
OBJ = { a = 1, b = [true] }

[[kv_namespaces]]
binding = "KV"
id = "kv-id-1"

[[d1_databases]]
binding = "DB"
database_name = "db"
database_id = "d1-id"

[[r2_buckets]]
binding = "R2"
bucket_name = "bucket"
jurisdiction = "eu"

[[durable_objects.bindings]]
name = "DO"
class_name = "Counter"
script_name = "do-worker"
environment = "production"

[[services]]
binding = "SVC"
service = "svc-worker"
entrypoint = "MyEntry"

[[queues.producers]]
binding = "Q"
queue = "my-queue"

[[vectorize]]
binding = "VEC"
index_name = "idx"

[[hyperdrive]]
binding = "HD"
id = "hd-id"

[[analytics_engine_datasets]]
binding = "AE"
dataset = "ds"

[ai]
binding = "AI"

[browser]
binding = "BROWSER"

[version_metadata]
binding = "VM"

[placement]
mode = "smart"

[limits]
cpu_ms = 100

[env.preview]
compatibility_flags = []
[env.preview.vars]
STR = "preview"
`

/** Captured in /work/scratch/fakeapi/cap1/010-…deployments.txt (production deploy). */
const OBSERVED_PRODUCTION =
  '{"main_module":"functionsWorker-0.7728618216021259.js","bindings":[{"name":"STR","type":"plain_text","text":"s"},{"name":"NUM","type":"json","json":42},{"name":"OBJ","type":"json","json":{"a":1,"b":[true]}},{"name":"KV","type":"kv_namespace","namespace_id":"kv-id-1"},{"name":"DO","type":"durable_object_namespace","class_name":"Counter","script_name":"do-worker","environment":"production"},{"type":"queue","name":"Q","queue_name":"my-queue"},{"name":"R2","type":"r2_bucket","bucket_name":"bucket","jurisdiction":"eu"},{"name":"DB","type":"d1","id":"d1-id"},{"name":"VEC","type":"vectorize","index_name":"idx"},{"name":"HD","type":"hyperdrive","id":"hd-id"},{"name":"SVC","type":"service","service":"svc-worker","entrypoint":"MyEntry"},{"name":"AE","type":"analytics_engine","dataset":"ds"},{"name":"BROWSER","type":"browser"},{"name":"AI","type":"ai"},{"name":"VM","type":"version_metadata"}],"compatibility_date":"2024-10-01","compatibility_flags":["nodejs_compat"],"placement":{"mode":"smart"},"limits":{"cpu_ms":100}}'

/** Captured in /work/scratch/fakeapi/cap1/021-…deployments.txt (`--branch=dev`, preview). */
const OBSERVED_PREVIEW =
  '{"main_module":"functionsWorker-0.8968542423038837.js","bindings":[{"name":"STR","type":"plain_text","text":"preview"}],"compatibility_date":"2024-10-01","compatibility_flags":[],"placement":{"mode":"smart"},"limits":{"cpu_ms":100}}'

describe('the observed wrangler 4.86.0 deployments', () => {
  it('sends the full example of section 4.4 for production, byte for byte', async () => {
    const config = await toml(OBSERVED_TOML)
    expect(metadataText(config, 'production')).toBe(OBSERVED_PRODUCTION)
    // There is no [env.production], so the top level is used unchanged and nothing is warned.
    const resolved = configFor(config, 'production')
    expect(resolved.fromEnvSection).toBe(false)
    expect(resolved.warnings).toEqual([])
    expect(resolved.uploadSourceMaps).toBe(true)
  })

  it('sends only the preview vars for a preview deployment (section 4.3)', async () => {
    const config = await toml(OBSERVED_TOML)
    expect(metadataText(config, 'preview', 'functionsWorker-0.8968542423038837.js')).toBe(
      OBSERVED_PREVIEW
    )
    const resolved = configFor(config, 'preview')
    expect(resolved.fromEnvSection).toBe(true)
    // Inherited: upload_source_maps like the date, placement and limits.
    expect(resolved.uploadSourceMaps).toBe(true)
  })

  it('warns like wrangler for each top-level binding and var the preview environment lacks', async () => {
    const { warnings } = configFor(await toml(OBSERVED_TOML), 'preview')
    expect(warnings[0]).toBe(
      'wrangler.toml: "vars.NUM" exists at the top level, but not on "env.preview.vars".\n' +
        'This is not what you probably want, since "vars" configuration is not inherited by environments.\n' +
        'Please add "vars.NUM" to "env.preview".'
    )
    expect(warnings[2]).toBe(
      'wrangler.toml: "durable_objects" exists at the top level, but not on "env.preview".\n' +
        'This is not what you probably want, since "durable_objects" is not inherited by environments.\n' +
        'Please add "durable_objects" to "env.preview".'
    )
    // In wrangler's field order; STR is redefined, so it is not warned about.
    expect(warnings.map((w) => /"([\w.]+)" exists/.exec(w)?.[1])).toEqual([
      'vars.NUM',
      'vars.OBJ',
      'durable_objects',
      'kv_namespaces',
      'queues',
      'r2_buckets',
      'd1_databases',
      'vectorize',
      'hyperdrive',
      'services',
      'analytics_engine_datasets',
      'browser',
      'ai',
      'version_metadata'
    ])
  })

  it('reads the same configuration written as JSONC to the same metadata', async () => {
    const json = `// the proj1 configuration, as JSONC
{
  "name": "foo",
  "pages_build_output_dir": "./public",
  "compatibility_date": "2024-10-01",
  "upload_source_maps": true,
  "compatibility_flags": ["nodejs_compat"],
  /* bindings */
  "vars": { "STR": "s", "NUM": 42, "OBJ": { "a": 1, "b": [true] } },
  "kv_namespaces": [{ "binding": "KV", "id": "kv-id-1" }],
  "d1_databases": [{ "binding": "DB", "database_name": "db", "database_id": "d1-id" }],
  "r2_buckets": [{ "binding": "R2", "bucket_name": "bucket", "jurisdiction": "eu" }],
  "durable_objects": { "bindings": [
    { "name": "DO", "class_name": "Counter", "script_name": "do-worker", "environment": "production" }
  ] },
  "services": [{ "binding": "SVC", "service": "svc-worker", "entrypoint": "MyEntry" }],
  "queues": { "producers": [{ "binding": "Q", "queue": "my-queue" }] },
  "vectorize": [{ "binding": "VEC", "index_name": "idx" }],
  "hyperdrive": [{ "binding": "HD", "id": "hd-id" }],
  "analytics_engine_datasets": [{ "binding": "AE", "dataset": "ds" }],
  "ai": { "binding": "AI" },
  "browser": { "binding": "BROWSER" },
  "version_metadata": { "binding": "VM" },
  "placement": { "mode": "smart" },
  "limits": { "cpu_ms": 100 },
  "env": { "preview": { "compatibility_flags": [], "vars": { "STR": "preview" }, }, },
}
`
    const config = await load(await project({ 'wrangler.jsonc': json }))
    expect(metadataText(config, 'production')).toBe(OBSERVED_PRODUCTION)
    expect(metadataText(config, 'preview', 'functionsWorker-0.8968542423038837.js')).toBe(
      OBSERVED_PREVIEW
    )
  })
})

describe('finding the file', () => {
  const pages = (name: string): string =>
    name.endsWith('.toml')
      ? `name = "from-toml"\npages_build_output_dir = "out"\n`
      : `{ "name": "from-${name.slice(9)}", "pages_build_output_dir": "out" }`

  it('prefers wrangler.json, then wrangler.jsonc, then wrangler.toml, and says which are ignored', async () => {
    const all = await project({
      'wrangler.json': pages('wrangler.json'),
      'wrangler.jsonc': pages('wrangler.jsonc'),
      'wrangler.toml': pages('wrangler.toml')
    })
    const { config, warnings } = await readPagesConfig(all)
    expect(config?.fileName).toBe('wrangler.json')
    expect(config?.name).toBe('from-json')
    expect(warnings).toEqual([
      `"wrangler.jsonc", "wrangler.toml" are ignored because wrangler.json is read first (wrangler's order: wrangler.json, wrangler.jsonc, wrangler.toml). Remove the files that are not used, to avoid editing the wrong one.`
    ])

    const two = await project(
      { 'wrangler.jsonc': pages('wrangler.jsonc'), 'wrangler.toml': pages('wrangler.toml') },
      'two'
    )
    const second = await readPagesConfig(two)
    expect(second.config?.fileName).toBe('wrangler.jsonc')
    expect(second.config?.name).toBe('from-jsonc')
    expect(second.warnings[0]).toMatch(/^"wrangler.toml" is ignored because wrangler.jsonc/)

    const one = await project({ 'wrangler.toml': pages('wrangler.toml') }, 'one')
    expect(await readPagesConfig(one)).toMatchObject({
      config: { fileName: 'wrangler.toml', name: 'from-toml' },
      warnings: []
    })
  })

  it('has no configuration when there is no file, and does not look in parent folders', async () => {
    await writeFile(join(base, 'wrangler.toml'), pages('wrangler.toml'))
    const dir = await project({ 'index.html': '<p>hi</p>' })
    expect(await readPagesConfig(dir)).toEqual({ config: undefined, warnings: [] })
  })

  it('ignores a folder named like a configuration file', async () => {
    const dir = await project({ 'wrangler.toml': pages('wrangler.toml') })
    await mkdir(join(dir, 'wrangler.json'))
    expect((await load(dir)).fileName).toBe('wrangler.toml')
  })

  it('ignores a file without pages_build_output_dir, with wrangler’s warning', async () => {
    const dir = await project({ 'wrangler.toml': 'name = "worker"\nmain = "src/index.ts"\n' })
    const { config, warnings } = await readPagesConfig(dir)
    expect(config).toBeUndefined()
    expect(warnings).toEqual([
      'Pages now has wrangler.toml support.\n' +
        `We detected a configuration file at ${join(dir, 'wrangler.toml')} but it is missing the "pages_build_output_dir" field, required by Pages.\n` +
        'If you would like to use this configuration file to deploy your project, please use "pages_build_output_dir" to specify the directory of static files to upload.\n' +
        'Ignoring configuration file for now, and proceeding with project deploy.'
    ])
  })

  it('does not fall back to the next file when the first one is not a Pages configuration', async () => {
    const dir = await project({
      'wrangler.json': '{ "name": "worker", "main": "src/index.ts" }',
      'wrangler.toml': pages('wrangler.toml')
    })
    const { config, warnings } = await readPagesConfig(dir)
    expect(config).toBeUndefined()
    expect(warnings).toHaveLength(2)
    expect(warnings[1]).toContain('Pages now has wrangler.json support.')
  })
})

describe('values of the file', () => {
  it('resolves pages_build_output_dir against the file’s folder, not the working directory', async () => {
    const dir = await project(
      { 'wrangler.toml': 'name = "foo"\npages_build_output_dir = "../dist"\n' },
      'apps/web'
    )
    const config = await load(dir)
    expect(process.cwd()).not.toBe(dir)
    expect(config.outputDir).toBe(join(base, 'apps', 'dist'))
    expect(config.path).toBe(join(dir, 'wrangler.toml'))

    const same = await load(
      await project({ 'wrangler.json': '{"name":"foo","pages_build_output_dir":"."}' }, 'flat')
    )
    expect(same.outputDir).toBe(join(base, 'flat'))
  })

  it('hashes the raw bytes, byte order mark and CRLF included, and parses them without the mark', async () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('name = "foo"\r\npages_build_output_dir = "public"\r\nno_bundle = true\r\n')
    ])
    const config = await load(await project({ 'wrangler.toml': bytes }))
    expect(config.sha256).toBe(createHash('sha256').update(bytes).digest('hex'))
    expect(config.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(config.name).toBe('foo')
    expect(config.noBundle).toBe(true)
    expect(config.uploadSourceMaps).toBeUndefined()
  })

  it('accepts comments and trailing commas in wrangler.json as in wrangler.jsonc', async () => {
    const text = `{
      // project
      "name": "foo", /* output */ "pages_build_output_dir": "public",
      "compatibility_flags": ["nodejs_compat",],
    }`
    for (const fileName of ['wrangler.json', 'wrangler.jsonc']) {
      const config = await load(await project({ [fileName]: text }, fileName))
      expect(configFor(config, 'production').compatibilityFlags).toEqual(['nodejs_compat'])
    }
  })

  it('sends bindings: [] and compatibility_flags: [] when the file sets neither', async () => {
    const config = await toml('name = "foo"\npages_build_output_dir = "public"\n')
    expect(JSON.stringify(workerMetadata(configFor(config, 'preview')))).toBe(
      '{"bindings":[],"compatibility_flags":[]}'
    )
  })
})

describe('syntax errors', () => {
  it('names the file, line and column of a TOML error', async () => {
    const error = await configError({
      'wrangler.toml': 'name = "foo"\npages_build_output_dir = = "public"\n'
    })
    expect(error.position).toEqual({ line: 2, column: 26 })
    expect(error.file).toMatch(/wrangler\.toml$/)
    expect(error.message).toBe(
      `${error.file}: line 2, column 26: Invalid TOML document: invalid value. Fix the TOML syntax there.`
    )
  })

  it('names the file, line and column of a JSON error', async () => {
    const error = await configError({
      'wrangler.jsonc': '{\n  "name": "foo",\n  "pages_build_output_dir" "public"\n}\n'
    })
    expect(error.position).toEqual({ line: 3, column: 28 })
    expect(error.message).toBe(
      `${error.file}: line 3, column 28: a colon was expected (ColonExpected). Fix the JSON syntax there.`
    )
  })

  it('refuses a JSON file that is not an object, and an unsupported encoding', async () => {
    expect((await configError({ 'wrangler.json': '["a"]' })).problems[0]).toMatch(
      /^the file holds an array instead of an object/
    )
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('n\0a\0', 'latin1')])
    expect((await configError({ 'wrangler.toml': utf16 }, 'utf16')).problems).toEqual([
      'the file is encoded as UTF-16 LE. Save it as UTF-8 (without a byte order mark).'
    ])
  })
})

describe('validation of a Pages configuration', () => {
  it('refuses "main"', async () => {
    expect(await tomlProblems('main = "src/index.ts"\n')).toEqual([
      'main: Configuration file cannot contain both "main" and "pages_build_output_dir" configuration keys. Remove "main" to deploy this Pages project (Pages runs the _worker.js or functions/ of the output folder); "main" is for Workers, deployed with `wrangler deploy`.'
    ])
  })

  it('requires a top-level name', async () => {
    const error = await configError({ 'wrangler.toml': 'pages_build_output_dir = "public"\n' })
    expect(error.problems).toEqual([
      'name: Missing top-level field "name" in configuration file.\n' +
        `Pages requires the name of your project to be configured at the top-level of your Wrangler configuration file. This is because, in Pages, environments target the same project. Add name = "my-project", with the project's name as in its *.pages.dev address.`
    ])
    // A name only inside an environment does not count.
    const envOnly = await configError(
      {
        'wrangler.json': '{"pages_build_output_dir":"public","env":{"production":{"name":"foo"}}}'
      },
      'env-only'
    )
    expect(envOnly.problems[0]).toMatch(/^name: Missing top-level field "name"/)
  })

  it('refuses an empty or invalid name', async () => {
    const empty = await configError({
      'wrangler.toml': 'name = " "\npages_build_output_dir = "public"\n'
    })
    expect(empty.problems[0]).toMatch(/^name: is empty\./)
    const upper = await configError(
      { 'wrangler.toml': 'name = "My Site"\npages_build_output_dir = "public"\n' },
      'upper'
    )
    expect(upper.problems[0]).toBe(
      `name: Expected "name" to be of type string, alphanumeric and lowercase with dashes only but got "My Site". Use the project's name as in its *.pages.dev address.`
    )
  })

  it('allows only the production and preview environments', async () => {
    expect(await tomlProblems('[env.staging]\n[env.dev]\n[env.preview]\n')).toEqual([
      'env: Configuration file contains the following environment names that are not supported by Pages projects: "staging", "dev". The supported named-environments for Pages are "preview" and "production". Rename or remove the others (a deployment of the production branch uses "production", any other branch "preview").'
    ])
  })

  it('refuses keys outside the Pages allow-list, at the top level and in environments', async () => {
    expect(
      await tomlProblems(
        'workers_dev = true\nroutes = ["example.com/*"]\n[triggers]\ncrons = ["* * * * *"]\n[env.preview]\nminify = true\nsend_metrics = false\n'
      )
    ).toEqual([
      'workers_dev: Configuration file for Pages projects does not support "workers_dev". Remove it; the keys Pages reads are listed at https://developers.cloudflare.com/pages/functions/wrangler-configuration/.',
      'routes: Configuration file for Pages projects does not support "routes". Remove it; the keys Pages reads are listed at https://developers.cloudflare.com/pages/functions/wrangler-configuration/.',
      'triggers: Configuration file for Pages projects does not support "triggers". Remove it; the keys Pages reads are listed at https://developers.cloudflare.com/pages/functions/wrangler-configuration/.',
      'env.preview.minify: Configuration file for Pages projects does not support "minify". Remove it; the keys Pages reads are listed at https://developers.cloudflare.com/pages/functions/wrangler-configuration/.',
      'env.preview.send_metrics: "send_metrics" is allowed only at the top level of the file. Move it there or remove it.'
    ])
  })

  it('lets through Worker-only keys left at wrangler’s default, and the allowed top-level keys', async () => {
    const config = await toml(
      'name = "foo"\npages_build_output_dir = "public"\nsend_metrics = false\nmigrations = []\nlegacy_env = true\n[dev]\nport = 8788\n'
    )
    expect(config.name).toBe('foo')
    const json = await load(
      await project({
        'wrangler.json':
          '{"$schema":"node_modules/wrangler/config-schema.json","name":"foo","pages_build_output_dir":"public","observability":{"enabled":true}}'
      })
    )
    expect(json.name).toBe('foo')
  })

  it('refuses queue consumers', async () => {
    expect(
      await tomlProblems(
        '[[queues.consumers]]\nqueue = "q"\n[[queues.producers]]\nbinding = "Q"\nqueue = "q"\n'
      )
    ).toEqual([
      'queues.consumers: Configuration file for Pages projects does not support "queues.consumers". Remove it: Pages Functions can only send to a queue; consume it from a Worker.'
    ])
  })

  it('requires script_name on Durable Object bindings', async () => {
    expect(
      await tomlProblems('[[durable_objects.bindings]]\nname = "DO"\nclass_name = "Counter"\n')
    ).toEqual([
      `durable_objects.bindings[0].script_name: missing (binding "DO"). Durable Objects bindings should specify a "script_name". Pages requires Durable Object bindings to specify the name of the Worker where the Durable Object is defined: add script_name = "<that Worker's name>".`
    ])
  })

  it('requires id on KV, bucket_name on R2 and database_id on D1 bindings', async () => {
    expect(
      await tomlProblems(
        '[[kv_namespaces]]\nbinding = "KV"\n[[r2_buckets]]\nbinding = "R2"\n[[d1_databases]]\nbinding = "DB"\ndatabase_name = "db"\n'
      )
    ).toEqual([
      'kv_namespaces[0].id: missing (binding "KV"). KV bindings must have an "id" field: add the namespace id (`wrangler kv namespace list` shows it).',
      'r2_buckets[0].bucket_name: missing (binding "R2"). R2 bindings must have a "bucket_name" field: add the name of the bucket.',
      'd1_databases[0].database_id: missing (binding "DB"). D1 bindings must have a "database_id" field: add the database id (`wrangler d1 list` shows it); "database_name" alone is not sent.'
    ])
  })

  it('requires unique binding names, across types', async () => {
    expect(
      await tomlProblems(
        '[vars]\nDATA = "x"\n[[kv_namespaces]]\nbinding = "DATA"\nid = "1"\n[[kv_namespaces]]\nbinding = "CACHE"\nid = "2"\n[[r2_buckets]]\nbinding = "CACHE"\nbucket_name = "bucket"\n'
      )
    ).toEqual([
      'vars.DATA, kv_namespaces[0]: the binding name "DATA" is used 2 times. Bindings must have unique names, so that they can all be referenced in the worker; rename all but one.',
      'kv_namespaces[1], r2_buckets[0]: the binding name "CACHE" is used 2 times. Bindings must have unique names, so that they can all be referenced in the worker; rename all but one.'
    ])
  })

  it('reserves the name ASSETS', async () => {
    expect(await tomlProblems('[[kv_namespaces]]\nbinding = "ASSETS"\nid = "1"\n')).toEqual([
      "kv_namespaces[0]: the name 'ASSETS' is reserved in Pages projects (env.ASSETS serves the static assets). Please use a different name for this binding."
    ])
  })

  it('requires the binding name of each binding', async () => {
    expect(await tomlProblems('[[services]]\nservice = "api"\n[ai]\n')).toEqual([
      'services[0].binding: missing. Add "binding" with the name your code uses (env.MY_BINDING), e.g. { binding = "API", service = "my-worker" }.',
      'ai.binding: missing. Add it, e.g. [ai] with binding = "AI".'
    ])
  })

  it('checks the types of values', async () => {
    expect(
      await tomlProblems(
        'compatibility_date = 2024-10-01\ncompatibility_flags = "nodejs_compat"\nno_bundle = "yes"\nkv_namespaces = { binding = "KV", id = "1" }\n[limits]\ncpu_ms = "100"\n[placement]\nmode = "fast"\n'
      )
    ).toEqual([
      'kv_namespaces: must be an array of tables, found a table. Write [[kv_namespaces]] for each binding, e.g. { binding = "MY_KV", id = "<namespace id>" }.',
      'compatibility_date: is a TOML date; wrangler reads it only as a string. Quote it: compatibility_date = "2024-10-01".',
      'compatibility_flags: must be an array of strings, found the string "nodejs_compat". E.g. compatibility_flags = ["nodejs_compat"].',
      'limits.cpu_ms: must be a number, found the string "100".',
      'placement.mode: "fast" is not a placement mode here; use one of "off", "smart", "targeted".',
      'no_bundle: must be true or false, found the string "yes". E.g. no_bundle = true.'
    ])
  })

  it('checks the shape of every binding, with examples in the file’s own syntax', async () => {
    const config = {
      name: 'foo',
      pages_build_output_dir: 7,
      vars: ['x'],
      durable_objects: [],
      queues: 'q',
      kv_namespaces: ['KV'],
      r2_buckets: [{ binding: 'R2', bucket_name: 'Bad_Name', jurisdiction: 1 }],
      vectorize: [{ binding: 'V' }],
      hyperdrive: [{ binding: 'H', id: '' }],
      services: [{ binding: 'S', service: 'api', entrypoint: 3, props: 'p' }],
      analytics_engine_datasets: [{ binding: 'AE', dataset: '' }],
      mtls_certificates: [{ binding: 'M' }],
      browser: 'B',
      ai: { binding: 'AI', staging: 'yes' },
      limits: 100,
      placement: { hint: 'x' },
      env: { preview: [] }
    }
    const error = await configError({ 'wrangler.json': JSON.stringify(config) })
    expect(error.problems).toEqual([
      'pages_build_output_dir: must be a string (the folder to upload, relative to wrangler.json), found the number 7. E.g. "pages_build_output_dir": "./dist".',
      'vars: must be an object of names to values, found an array. Write "vars": { "NAME": "value" }.',
      'durable_objects: must be an object with a "bindings" array, found an array. Write "durable_objects": { "bindings": [ … ] } for each binding.',
      'kv_namespaces[0]: must be an object, found the string "KV". Each binding is an object such as { "binding": "MY_KV", "id": "<namespace id>" }.',
      'queues: must be an object with a "producers" array, found the string "q". Write "queues": { "producers": [ … ] } for each queue.',
      'r2_buckets[0].bucket_name: "Bad_Name" is not a valid R2 bucket name. Bucket names have 3 to 63 characters: lowercase letters, digits and dashes, starting and ending with a letter or digit.',
      'r2_buckets[0].jurisdiction: must be a string, found the number 1 (binding "R2"). Give the jurisdiction as a string (e.g. "eu"), or remove it.',
      'vectorize[0].index_name: missing (binding "V"). Add "index_name" with the Vectorize index name.',
      'hyperdrive[0].id: must be a non-empty string, found the string "" (binding "H"). Add "id" with the Hyperdrive configuration id.',
      'services[0].entrypoint: must be a string, found the number 3 (binding "S"). Give the name of the exported entrypoint as a string, or remove it.',
      'services[0].props: must be an object of JSON values (no dates, nan or inf), found the string "p".',
      'analytics_engine_datasets[0].dataset: is empty. Give the dataset name, or remove "dataset" to use the binding name.',
      'mtls_certificates[0].certificate_id: missing (binding "M"). Add "certificate_id" with the id of the uploaded mTLS certificate.',
      'browser: must be an object (one binding), found the string "B". Write "browser": { "binding": "BROWSER" }.',
      'ai.staging: must be true or false, found the string "yes" (binding "AI"). Write "staging": true (or false), or remove it.',
      'limits: must be an object of numbers, found the number 100. E.g. "limits": { "cpu_ms": 100 }.',
      'placement.mode: missing. With a "hint", set "mode": "smart".',
      'env.preview: must be an object, found an array. Write "preview": { … } followed by its keys.'
    ])
  })

  it('refuses a compatibility date that is not YYYY-MM-DD', async () => {
    expect(await tomlProblems('compatibility_date = "2024–10–01"\n')).toEqual([
      'compatibility_date: "2024–10–01" is not a date in the form YYYY-MM-DD. Use hyphens (-) rather than en-dashes (–) or em-dashes (—). E.g. compatibility_date = "2024-10-01".'
    ])
    expect(await tomlProblems('compatibility_date = "2024-02-30"\n')).toHaveLength(1)
  })

  it('refuses a TOML date among the vars', async () => {
    expect(await tomlProblems('[vars]\nDAY = 2025-12-19\n')).toEqual([
      'vars.DAY: is a TOML date, which is not supported. Please use a string instead, e.g. DAY = "2025-12-19".'
    ])
  })

  it('checks environment sections and names their keys', async () => {
    expect(
      await tomlProblems(
        '[env.production]\nmain = "x.js"\n[[env.production.kv_namespaces]]\nbinding = "KV"\n[[env.preview.durable_objects.bindings]]\nname = "DO"\nclass_name = "C"\nscript_name = "w"\n'
      )
    ).toEqual([
      'env.production.main: Configuration file cannot contain both "main" and "pages_build_output_dir" configuration keys. Remove "main" to deploy this Pages project (Pages runs the _worker.js or functions/ of the output folder); "main" is for Workers, deployed with `wrangler deploy`.',
      'env.production.kv_namespaces[0].id: missing (binding "KV"). KV bindings must have an "id" field: add the namespace id (`wrangler kv namespace list` shows it).'
    ])
  })

  it('collects every problem into one error that lists them', async () => {
    const error = await configError({
      'wrangler.toml':
        'pages_build_output_dir = "public"\nmain = "x.js"\n[[kv_namespaces]]\nbinding = "KV"\n[env.staging]\n'
    })
    expect(error.problems).toHaveLength(4)
    expect(error.message).toMatch(/wrangler\.toml has 4 problems:\n {2}- name: Missing/)
    expect(error.message).toContain('\n  - main: ')
    expect(error.message).toContain('\n  - env: ')
    expect(error.message).toContain('\n  - kv_namespaces[0].id: ')
  })

  it('warns about keys a binding does not define, and about a name inside an environment', async () => {
    const dir = await project({
      'wrangler.toml':
        'name = "foo"\npages_build_output_dir = "public"\n[[kv_namespaces]]\nbinding = "KV"\nid = "1"\nnamespace = "x"\n[env.preview]\nname = "foo-preview"\n'
    })
    expect((await readPagesConfig(dir)).warnings).toEqual([
      'wrangler.toml: kv_namespaces[0] (binding "KV") has keys that wrangler does not define for this binding: "namespace". They are ignored; check their spelling (known keys: "binding", "id", "preview_id", "remote").',
      'wrangler.toml: "env.preview.name" is ignored: in Pages every environment deploys to the project named by the top-level "name".'
    ])
  })
})

describe('environments', () => {
  const head = `name = "foo"
pages_build_output_dir = "public"
compatibility_date = "2024-10-01"
compatibility_flags = ["nodejs_compat"]
no_bundle = true
[vars]
A = "top"
[[kv_namespaces]]
binding = "KV"
id = "top-kv"
[placement]
mode = "smart"
[limits]
cpu_ms = 50
`

  it('inherits date, flags, limits, placement and no_bundle, but no binding', async () => {
    const config = await toml(`${head}[env.production]\ncompatibility_date = "2025-01-01"\n`)
    const resolved = configFor(config, 'production')
    expect(resolved.noBundle).toBe(true)
    expect(JSON.stringify(workerMetadata(resolved))).toBe(
      '{"bindings":[],"compatibility_date":"2025-01-01","compatibility_flags":["nodejs_compat"],"placement":{"mode":"smart"},"limits":{"cpu_ms":50}}'
    )
    expect(resolved.warnings.map((w) => w.split('\n')[0])).toEqual([
      'wrangler.toml: "vars" exists at the top level, but not on "env.production".',
      'wrangler.toml: "kv_namespaces" exists at the top level, but not on "env.production".'
    ])
    // The preview deployment has no [env.preview]: the top level, unchanged, without warnings.
    const preview = configFor(config, 'preview')
    expect(preview.warnings).toEqual([])
    expect(JSON.stringify(workerMetadata(preview).bindings)).toBe(
      '[{"name":"A","type":"plain_text","text":"top"},{"name":"KV","type":"kv_namespace","namespace_id":"top-kv"}]'
    )
  })

  it('lets an environment override each inherited value, even with an empty one', async () => {
    const config = await toml(
      `${head}[env.preview]\ncompatibility_flags = []\nno_bundle = false\nupload_source_maps = true\n[env.preview.placement]\nmode = "off"\n[env.preview.limits]\n[[env.preview.kv_namespaces]]\nbinding = "KV"\nid = "preview-kv"\n`
    )
    const resolved = configFor(config, 'preview')
    expect(resolved.noBundle).toBe(false)
    expect(resolved.uploadSourceMaps).toBe(true)
    expect(config.noBundle).toBe(true)
    expect(config.uploadSourceMaps).toBeUndefined()
    expect(JSON.stringify(workerMetadata(resolved))).toBe(
      '{"bindings":[{"name":"KV","type":"kv_namespace","namespace_id":"preview-kv"}],"compatibility_date":"2024-10-01","compatibility_flags":[],"limits":{}}'
    )
    expect(resolved.warnings.map((w) => w.split('\n')[0])).toEqual([
      'wrangler.toml: "vars" exists at the top level, but not on "env.preview".'
    ])
  })

  it('treats an empty environment section as existing', async () => {
    const resolved = configFor(await toml(`${head}[env.preview]\n`), 'preview')
    expect(resolved.fromEnvSection).toBe(true)
    expect(resolved.bindings).toEqual([])
    expect(resolved.compatibilityDate).toBe('2024-10-01')
  })
})

describe('binding shapes and order', () => {
  it('emits each type with wrangler’s keys, in wrangler’s type order', async () => {
    const config = await toml(`name = "foo"
pages_build_output_dir = "public"
[ai]
binding = "AI"
staging = true
[[mtls_certificates]]
binding = "CERT"
certificate_id = "cert-1"
[[services]]
binding = "SVC"
service = "api"
environment = "staging"
entrypoint = ""
props = { tier = "gold", n = 2 }
[[analytics_engine_datasets]]
binding = "AE"
[[d1_databases]]
binding = "DB"
database_id = "d1"
database_internal_env = "staging"
[[r2_buckets]]
binding = "R2"
bucket_name = "my-bucket"
[[queues.producers]]
binding = "Q"
queue = "q"
delivery_delay = 30
[[durable_objects.bindings]]
name = "DO"
class_name = "Counter"
script_name = "w"
[vars]
FLAG = true
NAME = "x"
LIST = [1, "a"]
`)
    expect(JSON.stringify(workerMetadata(configFor(config, 'production')).bindings)).toBe(
      '[{"name":"NAME","type":"plain_text","text":"x"},' +
        '{"name":"FLAG","type":"json","json":true},' +
        '{"name":"LIST","type":"json","json":[1,"a"]},' +
        '{"name":"DO","type":"durable_object_namespace","class_name":"Counter","script_name":"w"},' +
        '{"type":"queue","name":"Q","queue_name":"q","delivery_delay":30},' +
        '{"name":"R2","type":"r2_bucket","bucket_name":"my-bucket"},' +
        '{"name":"DB","type":"d1","id":"d1","internalEnv":"staging"},' +
        '{"name":"SVC","type":"service","service":"api","environment":"staging","props":{"tier":"gold","n":2}},' +
        '{"name":"AE","type":"analytics_engine"},' +
        '{"name":"CERT","type":"mtls_certificate","certificate_id":"cert-1"},' +
        '{"name":"AI","staging":true,"type":"ai"}]'
    )
  })

  it('keeps declaration order within a type, except that array-index names come first', async () => {
    const config = await toml(`name = "foo"
pages_build_output_dir = "public"
[[kv_namespaces]]
binding = "B"
id = "b"
[[kv_namespaces]]
binding = "10"
id = "ten"
[[kv_namespaces]]
binding = "A"
id = "a"
[[kv_namespaces]]
binding = "2"
id = "two"
`)
    const names = workerMetadata(configFor(config, 'production')).bindings.map((b) => b.name)
    expect(names).toEqual(['2', '10', 'B', 'A'])
  })
})

describe('placement', () => {
  async function placement(table: string): Promise<string | undefined> {
    const config = await toml(
      `name = "foo"\npages_build_output_dir = "public"\n[placement]\n${table}`
    )
    const sent = workerMetadata(configFor(config, 'production')).placement
    return sent === undefined ? undefined : JSON.stringify(sent)
  }

  it('sends smart placement with its hint, targeted placement, and nothing for mode off', async () => {
    expect(await placement('mode = "smart"\nhint = "wnam"\n')).toBe(
      '{"mode":"smart","hint":"wnam"}'
    )
    expect(await placement('region = "aws:us-east-1"\n')).toBe(
      '{"mode":"targeted","region":"aws:us-east-1"}'
    )
    expect(await placement('mode = "targeted"\nhostname = "db.example.com"\n')).toBe(
      '{"mode":"targeted","hostname":"db.example.com"}'
    )
    expect(await placement('mode = "off"\n')).toBeUndefined()
  })

  it('refuses mixed or conflicting placement fields', async () => {
    expect(await tomlProblems('[placement]\nmode = "smart"\nhint = "x"\nregion = "r"\n')).toEqual([
      'placement: "placement" cannot have both "hint" (smart format) and "region"/"host"/"hostname" (targeted format) fields. Keep one format.'
    ])
    expect(await tomlProblems('[placement]\nhost = "a"\nhostname = "b"\n')).toEqual([
      'placement: "placement" fields "host", "hostname" are mutually exclusive. Only one can be specified.'
    ])
    expect(await tomlProblems('[placement]\nmode = "off"\nhint = "x"\n')).toEqual([
      'placement.hint: "placement.hint" can only be set when "placement.mode" is "smart". Set mode = "smart" or remove the hint.'
    ])
  })
})
