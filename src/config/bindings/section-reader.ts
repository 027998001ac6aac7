/**
 * The bindings of one section (the top level or one `env.<name>`) as they are read: each binding
 * kind's reader checks its key with this reader and adds what is valid to {@link bindings}.
 */
import { describeValue, isTable, type ConfigChecks } from '../checks.js'
import { Entry } from './entry.js'
import type { WorkerBinding } from './worker-binding.js'

/** Names a binding may not take in Pages: `env.ASSETS` is the project's static assets. */
const RESERVED_NAME = 'ASSETS'

export class SectionReader {
  readonly varNames: string[] = []
  readonly bindings: WorkerBinding[] = []
  /** Every binding name with the keys that declare it, for the uniqueness check. */
  private readonly declared = new Map<string, string[]>()

  constructor(
    readonly section: Record<string, unknown>,
    private readonly prefix: string,
    readonly checks: ConfigChecks
  ) {}

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

  /** `path` under the section: `env.preview.kv_namespaces`. */
  key(path: string): string {
    return `${this.prefix}${path}`
  }

  /** Records that `key` declares the binding `name`, for {@link checkNames}. */
  declare(name: string, key: string): void {
    const keys = this.declared.get(name)
    if (keys === undefined) this.declared.set(name, [key])
    else keys.push(key)
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

  /** The bindings of an array-of-tables key, each with its name checked and declared. */
  entries(
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
}
