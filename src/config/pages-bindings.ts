/**
 * The bindings of one section of a Pages wrangler configuration (the top level or one
 * `env.<name>`): validated, and converted to the objects wrangler 4.86 puts in the Worker
 * metadata's `bindings` array, with each object's keys in wrangler's order (the API does not care,
 * but the bundles are compared byte for byte with wrangler's). The checks are those of wrangler's
 * packages/wrangler/src/config/validation.ts for each binding kind; the objects are those of its
 * packages/wrangler/src/deployment-bundle/create-worker-upload-form.ts.
 */
import { TomlDate } from 'smol-toml'
import {
  describeValue,
  isTable,
  quoteList,
  toJsonValue,
  type ConfigChecks,
  type JsonValue
} from './checks.js'

export type WorkerBinding =
  | { name: string; type: 'plain_text'; text: string }
  | { name: string; type: 'json'; json: JsonValue }
  | { name: string; type: 'kv_namespace'; namespace_id: string }
  | {
      name: string
      type: 'durable_object_namespace'
      class_name: string
      script_name?: string
      environment?: string
    }
  // Wrangler builds queue bindings with `type` first; the order is kept.
  | { type: 'queue'; name: string; queue_name: string; delivery_delay?: number }
  | { name: string; type: 'r2_bucket'; bucket_name: string; jurisdiction?: string }
  | { name: string; type: 'd1'; id: string; internalEnv?: string }
  | { name: string; type: 'vectorize'; index_name: string }
  | { name: string; type: 'hyperdrive'; id: string }
  | {
      name: string
      type: 'service'
      service: string
      environment?: string
      entrypoint?: string
      props?: { [key: string]: JsonValue }
    }
  | { name: string; type: 'analytics_engine'; dataset?: string }
  | { name: string; type: 'mtls_certificate'; certificate_id: string }
  | { name: string; type: 'browser' }
  // Wrangler puts `staging` before `type` for AI; the order is kept.
  | { name: string; staging?: boolean; type: 'ai' }
  | { name: string; type: 'version_metadata' }

export type WorkerBindingType = WorkerBinding['type']

/**
 * The order in which wrangler emits binding types (create-worker-upload-form.ts), restricted to
 * the types a Pages configuration can hold.
 */
const TYPE_ORDER: readonly WorkerBindingType[] = [
  'plain_text',
  'json',
  'kv_namespace',
  'durable_object_namespace',
  'queue',
  'r2_bucket',
  'd1',
  'vectorize',
  'hyperdrive',
  'service',
  'analytics_engine',
  'mtls_certificate',
  'browser',
  'ai',
  'version_metadata'
]

/**
 * The binding keys of a Pages configuration. None is inherited by `env.<name>` sections. The
 * order is the order of wrangler's "exists at the top level" warnings.
 */
export const BINDING_FIELDS = [
  'vars',
  'durable_objects',
  'kv_namespaces',
  'queues',
  'r2_buckets',
  'd1_databases',
  'vectorize',
  'hyperdrive',
  'services',
  'analytics_engine_datasets',
  'mtls_certificates',
  'browser',
  'ai',
  'version_metadata'
] as const
export type BindingField = (typeof BINDING_FIELDS)[number]

/** What one section declares. */
export interface SectionBindings {
  /** The binding keys written in the section, even when empty. */
  fields: ReadonlySet<BindingField>
  /** The names under `vars`, in file order. */
  varNames: readonly string[]
  /** The valid bindings, in declaration order (vars first); see {@link metadataOrder}. */
  bindings: readonly WorkerBinding[]
}

/** Names R2 accepts for a bucket (wrangler checks the same). */
const R2_BUCKET_NAME = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/

/** Names a binding may not take in Pages: `env.ASSETS` is the project's static assets. */
const RESERVED_NAME = 'ASSETS'

/**
 * Validates the bindings of `section`; problems and warnings go to `checks`, with keys prefixed
 * by `prefix` (`''` or `env.preview.`). Invalid bindings are left out of the result.
 */
export function readBindings(
  section: Record<string, unknown>,
  prefix: string,
  checks: ConfigChecks
): SectionBindings {
  const reader = new BindingReader(section, prefix, checks)
  reader.readAll()
  reader.checkNames()
  return { fields: reader.fields, varNames: reader.varNames, bindings: reader.bindings }
}

/**
 * The bindings as wrangler sends them: grouped by type in wrangler's fixed order; within a
 * type, in declaration order, except that names which are array indexes ("1", "42") come first
 * in numeric order, because wrangler collects bindings in an object keyed by name.
 */
export function metadataOrder(bindings: readonly WorkerBinding[]): WorkerBinding[] {
  return TYPE_ORDER.flatMap((type) => {
    const ofType = bindings.filter((binding) => binding.type === type)
    const indexed = ofType
      .filter((binding) => isArrayIndex(binding.name))
      .sort((a, b) => Number(a.name) - Number(b.name))
    return [...indexed, ...ofType.filter((binding) => !isArrayIndex(binding.name))]
  })
}

function isArrayIndex(name: string): boolean {
  return /^(0|[1-9][0-9]*)$/.test(name) && Number(name) < 2 ** 32 - 1
}

/** One table of an array such as `[[kv_namespaces]]`. */
class Entry {
  /** The binding's name, when it is a string. */
  readonly name: string | undefined
  /** Problems recorded before this entry, to tell whether the entry added any. */
  private readonly problemsBefore: number

  constructor(
    private readonly checks: ConfigChecks,
    readonly key: string,
    readonly value: Record<string, unknown>,
    nameKey: 'binding' | 'name',
    nameFix: string
  ) {
    this.problemsBefore = checks.problems.length
    const name = value[nameKey]
    if (typeof name === 'string' && name.trim() !== '') {
      this.name = name
    } else {
      this.name = undefined
      this.checks.problem(
        `${key}.${nameKey}`,
        `${name === undefined ? 'missing' : `must be a non-empty string, found ${describeValue(name)}`}. ${nameFix}`
      )
    }
  }

  private get of(): string {
    return this.name === undefined ? '' : ` (binding "${this.name}")`
  }

  /** A string that must be present and non-empty. */
  required(field: string, fix: string): string | undefined {
    const value = this.value[field]
    if (typeof value === 'string' && value !== '') return value
    this.checks.problem(
      `${this.key}.${field}`,
      `${value === undefined ? 'missing' : `must be a non-empty string, found ${describeValue(value)}`}${this.of}. ${fix}`
    )
    return undefined
  }

  optionalString(field: string, fix: string): string | undefined {
    const value = this.value[field]
    if (value === undefined || typeof value === 'string') return value
    this.checks.problem(
      `${this.key}.${field}`,
      `must be a string, found ${describeValue(value)}${this.of}. ${fix}`
    )
    return undefined
  }

  optionalNumber(field: string, fix: string): number | undefined {
    const value = this.value[field]
    if (value === undefined || (typeof value === 'number' && Number.isFinite(value))) return value
    this.checks.problem(
      `${this.key}.${field}`,
      `must be a number, found ${describeValue(value)}${this.of}. ${fix}`
    )
    return undefined
  }

  optionalBoolean(field: string, fix: string): boolean | undefined {
    const value = this.value[field]
    if (value === undefined || typeof value === 'boolean') return value
    this.checks.problem(
      `${this.key}.${field}`,
      `must be true or false, found ${describeValue(value)}${this.of}. ${fix}`
    )
    return undefined
  }

  /** Warns about keys wrangler does not define for this binding: most likely typos. */
  expectOnly(known: readonly string[]): void {
    const unknown = Object.keys(this.value).filter((key) => !known.includes(key))
    if (unknown.length > 0) {
      this.checks.warn(
        `${this.key}${this.of} has keys that wrangler does not define for this binding: ${quoteList(unknown)}. They are ignored; check their spelling (known keys: ${quoteList(known)}).`
      )
    }
  }

  /** Whether every check so far passed; a failed entry is left out of the bindings. */
  get valid(): boolean {
    return this.checks.problems.length === this.problemsBefore
  }
}

class BindingReader {
  readonly fields = new Set<BindingField>()
  readonly varNames: string[] = []
  readonly bindings: WorkerBinding[] = []
  /** Every binding name with the keys that declare it, for the uniqueness check. */
  private readonly declared = new Map<string, string[]>()

  constructor(
    private readonly section: Record<string, unknown>,
    private readonly prefix: string,
    private readonly checks: ConfigChecks
  ) {}

  readAll(): void {
    for (const field of BINDING_FIELDS) {
      if (this.section[field] !== undefined) this.fields.add(field)
    }
    this.readVars()
    this.readDurableObjects()
    this.readKv()
    this.readQueues()
    this.readR2()
    this.readD1()
    this.readVectorize()
    this.readHyperdrive()
    this.readServices()
    this.readAnalyticsEngine()
    this.readMtls()
    this.readSingle('browser', ['binding', 'remote'])
    this.readSingle('ai', ['binding', 'staging', 'remote'])
    this.readSingle('version_metadata', ['binding'])
  }

  /** Binding names must be unique across all types, and `ASSETS` is taken by Pages. */
  checkNames(): void {
    for (const [name, keys] of this.declared) {
      if (name === RESERVED_NAME) {
        this.checks.problem(
          keys[0] ?? name,
          `the name 'ASSETS' is reserved in Pages projects (env.ASSETS serves the static assets). Please use a different name for this binding.`
        )
      }
      if (keys.length > 1) {
        this.checks.problem(
          keys.join(', '),
          `the binding name "${name}" is used ${keys.length} times. Bindings must have unique names, so that they can all be referenced in the worker; rename all but one.`
        )
      }
    }
  }

  private key(path: string): string {
    return `${this.prefix}${path}`
  }

  private declare(name: string, key: string): void {
    const keys = this.declared.get(name)
    if (keys === undefined) this.declared.set(name, [key])
    else keys.push(key)
  }

  private readVars(): void {
    const vars = this.section.vars
    if (vars === undefined) return
    if (!isTable(vars)) {
      this.checks.problem(
        this.key('vars'),
        `must be ${this.checks.table} of names to values, found ${describeValue(vars)}. Write ${this.checks.format === 'toml' ? '[vars] followed by NAME = "value" lines' : '"vars": { "NAME": "value" }'}.`
      )
      return
    }
    const plain: WorkerBinding[] = []
    const json: WorkerBinding[] = []
    for (const [name, value] of Object.entries(vars)) {
      const key = this.key(`vars.${name}`)
      this.varNames.push(name)
      this.declare(name, key)
      if (typeof value === 'string') {
        plain.push({ name, type: 'plain_text', text: value })
        continue
      }
      if (value instanceof TomlDate) {
        this.checks.problem(
          key,
          `is a TOML date, which is not supported. Please use a string instead, e.g. ${name} = "${value.toISOString().slice(0, 10)}".`
        )
        continue
      }
      const converted = toJsonValue(value)
      if (converted === undefined) {
        this.checks.problem(
          key,
          `holds a value JSON cannot carry (a TOML date, nan or inf inside it). Use a string or a finite number.`
        )
        continue
      }
      json.push({ name, type: 'json', json: converted })
    }
    // Wrangler sends every text var before every JSON var, whatever the file order.
    this.bindings.push(...plain, ...json)
  }

  /** The tables of an array-of-tables key, each checked to be a table. */
  private tables(
    field: string,
    value: unknown,
    example: string
  ): Array<[string, Record<string, unknown>]> {
    const key = this.key(field)
    if (value === undefined) return []
    if (!Array.isArray(value)) {
      this.checks.problem(
        key,
        `must be an array of ${this.checks.format === 'toml' ? 'tables' : 'objects'}, found ${describeValue(value)}. Write ${this.checks.format === 'toml' ? `[[${field}]]` : `"${field}": [ { … } ]`} for each binding, e.g. ${example}.`
      )
      return []
    }
    const result: Array<[string, Record<string, unknown>]> = []
    value.forEach((item: unknown, index) => {
      const itemKey = `${key}[${index}]`
      if (isTable(item)) result.push([itemKey, item])
      else
        this.checks.problem(
          itemKey,
          `must be ${this.checks.table}, found ${describeValue(item)}. Each binding is ${this.checks.table} such as ${example}.`
        )
    })
    return result
  }

  private entries(
    field: string,
    value: unknown,
    example: string,
    nameKey: 'binding' | 'name' = 'binding'
  ): Entry[] {
    return this.tables(field, value, example).map(([key, table]) => {
      const entry = new Entry(
        this.checks,
        key,
        table,
        nameKey,
        `Add "${nameKey}" with the name your code uses (env.MY_BINDING), e.g. ${example}.`
      )
      if (entry.name !== undefined) this.declare(entry.name, key)
      return entry
    })
  }

  private readDurableObjects(): void {
    const value = this.section.durable_objects
    if (value === undefined) return
    const key = this.key('durable_objects')
    const example = this.checks.inline({
      name: 'COUNTER',
      class_name: 'Counter',
      script_name: 'my-worker'
    })
    if (!isTable(value)) {
      this.checks.problem(
        key,
        `must be ${this.checks.table} with a "bindings" array, found ${describeValue(value)}. Write ${this.checks.format === 'toml' ? '[[durable_objects.bindings]]' : '"durable_objects": { "bindings": [ … ] }'} for each binding.`
      )
      return
    }
    const extra = Object.keys(value).filter((k) => k !== 'bindings')
    if (extra.length > 0) {
      this.checks.warn(
        `${key} has keys other than "bindings": ${quoteList(extra)}. They are ignored; Durable Object bindings go under "bindings".`
      )
    }
    for (const entry of this.entries('durable_objects.bindings', value.bindings, example, 'name')) {
      const className = entry.required(
        'class_name',
        'Add "class_name" with the name of the exported Durable Object class.'
      )
      // Pages cannot deploy a Durable Object class itself, so the Worker that has it is required.
      const script = entry.required(
        'script_name',
        `Durable Objects bindings should specify a "script_name". Pages requires Durable Object bindings to specify the name of the Worker where the Durable Object is defined: add ${this.checks.assign('script_name', '"<that Worker\'s name>"')}.`
      )
      const environment = entry.optionalString(
        'environment',
        'Give the environment of that Worker as a string, or remove "environment".'
      )
      entry.expectOnly(['name', 'class_name', 'script_name', 'environment', 'remote'])
      if (!entry.valid || entry.name === undefined || className === undefined || !script) continue
      this.bindings.push({
        name: entry.name,
        type: 'durable_object_namespace',
        class_name: className,
        script_name: script,
        // Wrangler leaves out an empty environment.
        ...(environment ? { environment } : {})
      })
    }
  }

  private readKv(): void {
    const example = this.checks.inline({ binding: 'MY_KV', id: '<namespace id>' })
    for (const entry of this.entries('kv_namespaces', this.section.kv_namespaces, example)) {
      const id = entry.required(
        'id',
        'KV bindings must have an "id" field: add the namespace id (`wrangler kv namespace list` shows it).'
      )
      entry.expectOnly(['binding', 'id', 'preview_id', 'remote'])
      if (!entry.valid || entry.name === undefined || id === undefined) continue
      this.bindings.push({ name: entry.name, type: 'kv_namespace', namespace_id: id })
    }
  }

  private readQueues(): void {
    const value = this.section.queues
    if (value === undefined) return
    const key = this.key('queues')
    const example = this.checks.inline({ binding: 'MY_QUEUE', queue: 'my-queue' })
    if (!isTable(value)) {
      this.checks.problem(
        key,
        `must be ${this.checks.table} with a "producers" array, found ${describeValue(value)}. Write ${this.checks.format === 'toml' ? '[[queues.producers]]' : '"queues": { "producers": [ … ] }'} for each queue.`
      )
      return
    }
    const consumers = value.consumers
    if (consumers !== undefined && !(Array.isArray(consumers) && consumers.length === 0)) {
      this.checks.problem(
        this.key('queues.consumers'),
        'Configuration file for Pages projects does not support "queues.consumers". Remove it: Pages Functions can only send to a queue; consume it from a Worker.'
      )
    }
    const extra = Object.keys(value).filter((k) => k !== 'producers' && k !== 'consumers')
    if (extra.length > 0) {
      this.checks.warn(`${key} has unknown keys ${quoteList(extra)}; they are ignored.`)
    }
    for (const entry of this.entries('queues.producers', value.producers, example)) {
      const queue = entry.required('queue', 'Add "queue" with the name of the queue to send to.')
      const delay = entry.optionalNumber(
        'delivery_delay',
        'Give the delay in seconds as a number, or remove "delivery_delay".'
      )
      entry.expectOnly(['binding', 'queue', 'delivery_delay', 'remote'])
      if (!entry.valid || entry.name === undefined || queue === undefined) continue
      this.bindings.push({
        type: 'queue',
        name: entry.name,
        queue_name: queue,
        ...(delay !== undefined ? { delivery_delay: delay } : {})
      })
    }
  }

  private readR2(): void {
    const example = this.checks.inline({ binding: 'MY_BUCKET', bucket_name: 'my-bucket' })
    for (const entry of this.entries('r2_buckets', this.section.r2_buckets, example)) {
      const bucket = entry.required(
        'bucket_name',
        'R2 bindings must have a "bucket_name" field: add the name of the bucket.'
      )
      if (bucket !== undefined && !R2_BUCKET_NAME.test(bucket)) {
        this.checks.problem(
          `${entry.key}.bucket_name`,
          `${JSON.stringify(bucket)} is not a valid R2 bucket name. Bucket names have 3 to 63 characters: lowercase letters, digits and dashes, starting and ending with a letter or digit.`
        )
      }
      const jurisdiction = entry.optionalString(
        'jurisdiction',
        'Give the jurisdiction as a string (e.g. "eu"), or remove it.'
      )
      entry.expectOnly(['binding', 'bucket_name', 'preview_bucket_name', 'jurisdiction', 'remote'])
      if (!entry.valid || entry.name === undefined || bucket === undefined) continue
      this.bindings.push({
        name: entry.name,
        type: 'r2_bucket',
        bucket_name: bucket,
        ...(jurisdiction !== undefined ? { jurisdiction } : {})
      })
    }
  }

  private readD1(): void {
    const example = this.checks.inline({
      binding: 'DB',
      database_name: 'my-db',
      database_id: '<database id>'
    })
    for (const entry of this.entries('d1_databases', this.section.d1_databases, example)) {
      const id = entry.required(
        'database_id',
        'D1 bindings must have a "database_id" field: add the database id (`wrangler d1 list` shows it); "database_name" alone is not sent.'
      )
      const internalEnv = entry.optionalString(
        'database_internal_env',
        'Give it as a string, or remove it.'
      )
      entry.expectOnly([
        'binding',
        'database_id',
        'database_internal_env',
        'database_name',
        'migrations_dir',
        'migrations_table',
        'preview_database_id',
        'remote'
      ])
      if (!entry.valid || entry.name === undefined || id === undefined) continue
      this.bindings.push({
        name: entry.name,
        type: 'd1',
        id,
        ...(internalEnv !== undefined ? { internalEnv } : {})
      })
    }
  }

  private readVectorize(): void {
    const example = this.checks.inline({ binding: 'VECTORS', index_name: 'my-index' })
    for (const entry of this.entries('vectorize', this.section.vectorize, example)) {
      const index = entry.required('index_name', 'Add "index_name" with the Vectorize index name.')
      entry.expectOnly(['binding', 'index_name', 'remote'])
      if (!entry.valid || entry.name === undefined || index === undefined) continue
      this.bindings.push({ name: entry.name, type: 'vectorize', index_name: index })
    }
  }

  private readHyperdrive(): void {
    const example = this.checks.inline({ binding: 'HYPERDRIVE', id: '<config id>' })
    for (const entry of this.entries('hyperdrive', this.section.hyperdrive, example)) {
      const id = entry.required('id', 'Add "id" with the Hyperdrive configuration id.')
      entry.expectOnly(['binding', 'id', 'localConnectionString'])
      if (!entry.valid || entry.name === undefined || id === undefined) continue
      this.bindings.push({ name: entry.name, type: 'hyperdrive', id })
    }
  }

  private readServices(): void {
    const example = this.checks.inline({ binding: 'API', service: 'my-worker' })
    for (const entry of this.entries('services', this.section.services, example)) {
      const service = entry.required('service', 'Add "service" with the name of the Worker.')
      const environment = entry.optionalString(
        'environment',
        'Give the environment as a string, or remove it.'
      )
      const entrypoint = entry.optionalString(
        'entrypoint',
        'Give the name of the exported entrypoint as a string, or remove it.'
      )
      let props: { [key: string]: JsonValue } | undefined
      const rawProps = entry.value.props
      if (rawProps !== undefined) {
        const converted = isTable(rawProps) ? toJsonValue(rawProps) : undefined
        if (isTable(converted)) props = converted as { [key: string]: JsonValue }
        else
          this.checks.problem(
            `${entry.key}.props`,
            `must be ${this.checks.table} of JSON values (no dates, nan or inf), found ${describeValue(rawProps)}.`
          )
      }
      entry.expectOnly(['binding', 'service', 'environment', 'entrypoint', 'props', 'remote'])
      if (!entry.valid || entry.name === undefined || service === undefined) continue
      this.bindings.push({
        name: entry.name,
        type: 'service',
        service,
        // Wrangler leaves out empty values of these.
        ...(environment ? { environment } : {}),
        ...(entrypoint ? { entrypoint } : {}),
        ...(props ? { props } : {})
      })
    }
  }

  private readAnalyticsEngine(): void {
    const example = this.checks.inline({ binding: 'EVENTS', dataset: 'my-dataset' })
    for (const entry of this.entries(
      'analytics_engine_datasets',
      this.section.analytics_engine_datasets,
      example
    )) {
      const dataset = entry.optionalString('dataset', 'Give the dataset name as a string.')
      if (dataset === '') {
        this.checks.problem(
          `${entry.key}.dataset`,
          'is empty. Give the dataset name, or remove "dataset" to use the binding name.'
        )
      }
      entry.expectOnly(['binding', 'dataset'])
      if (!entry.valid || entry.name === undefined) continue
      this.bindings.push({
        name: entry.name,
        type: 'analytics_engine',
        ...(dataset !== undefined ? { dataset } : {})
      })
    }
  }

  private readMtls(): void {
    const example = this.checks.inline({ binding: 'CERT', certificate_id: '<certificate id>' })
    for (const entry of this.entries(
      'mtls_certificates',
      this.section.mtls_certificates,
      example
    )) {
      const id = entry.required(
        'certificate_id',
        'Add "certificate_id" with the id of the uploaded mTLS certificate.'
      )
      entry.expectOnly(['binding', 'certificate_id', 'remote'])
      if (!entry.valid || entry.name === undefined || id === undefined) continue
      this.bindings.push({ name: entry.name, type: 'mtls_certificate', certificate_id: id })
    }
  }

  /** `browser`, `ai` and `version_metadata`: one table each, not an array. */
  private readSingle(field: 'browser' | 'ai' | 'version_metadata', known: readonly string[]): void {
    const value = this.section[field]
    if (value === undefined) return
    const key = this.key(field)
    const example = `${this.checks.format === 'toml' ? `[${field}] with binding = "${field.toUpperCase()}"` : `"${field}": { "binding": "${field.toUpperCase()}" }`}`
    if (!isTable(value)) {
      this.checks.problem(
        key,
        `must be ${this.checks.table} (one binding), found ${describeValue(value)}. Write ${example}.`
      )
      return
    }
    const entry = new Entry(this.checks, key, value, 'binding', `Add it, e.g. ${example}.`)
    if (entry.name !== undefined) this.declare(entry.name, key)
    const staging =
      field === 'ai'
        ? entry.optionalBoolean(
            'staging',
            `Write ${this.checks.assign('staging', 'true')} (or false), or remove it.`
          )
        : undefined
    entry.expectOnly(known)
    if (!entry.valid || entry.name === undefined) return
    if (field === 'ai') {
      this.bindings.push({
        name: entry.name,
        ...(staging !== undefined ? { staging } : {}),
        type: 'ai'
      })
    } else {
      this.bindings.push({ name: entry.name, type: field })
    }
  }
}
