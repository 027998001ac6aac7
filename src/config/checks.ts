/**
 * Small helpers shared by the readers of a wrangler configuration: a collector of problems and
 * warnings (all problems are reported at once, so one run shows every fix to make), type tests
 * for parsed TOML/JSON values, and the conversion of those values to JSON.
 */
import { TomlDate } from 'smol-toml'
import type { ConfigFormat } from './parse-config.js'

export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue }

export class ConfigChecks {
  readonly problems: string[] = []
  readonly warnings: string[] = []

  constructor(
    readonly fileName: string,
    readonly format: ConfigFormat
  ) {}

  /** Records a problem with `key` (a dotted path such as `env.preview.kv_namespaces[0]`). */
  problem(key: string, text: string): void {
    this.problems.push(`${key}: ${text}`)
  }

  /** Records a warning; warnings name the file because they are printed on their own. */
  warn(text: string): void {
    this.warnings.push(`${this.fileName}: ${text}`)
  }

  /** `key = value` in TOML, `"key": value` in JSON, for examples in messages. */
  assign(key: string, literal: string): string {
    return this.format === 'toml' ? `${key} = ${literal}` : `"${key}": ${literal}`
  }

  /** An inline table (TOML) or object (JSON) of strings, for examples in messages. */
  inline(fields: Readonly<Record<string, string>>): string {
    const items = Object.entries(fields).map(([key, value]) =>
      this.assign(key, JSON.stringify(value))
    )
    return `{ ${items.join(', ')} }`
  }

  /** How the file's format calls a key/value map, for messages. */
  get table(): string {
    return this.format === 'toml' ? 'a table' : 'an object'
  }
}

/** A key/value map from either parser (smol-toml's tables have no prototype). */
export function isTable(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)
  )
}

/** Names the kind of a parsed value, for "expected X, found Y" messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null'
  if (value instanceof TomlDate) return `the TOML date ${value.toISOString()}`
  if (Array.isArray(value)) return 'an array'
  if (isTable(value)) return 'a table'
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`
  if (typeof value === 'number' || typeof value === 'boolean') return `the ${typeof value} ${value}`
  return typeof value
}

/**
 * The value as JSON, or `undefined` when JSON cannot carry it exactly: a TOML date (wrangler
 * refuses those in vars), `nan`/`inf` (JSON would turn them into null), or anything a parser
 * would not produce.
 */
export function toJsonValue(value: unknown): JsonValue | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined
  if (Array.isArray(value)) {
    const items: JsonValue[] = []
    for (const item of value) {
      const json = toJsonValue(item)
      if (json === undefined) return undefined
      items.push(json)
    }
    return items
  }
  if (isTable(value)) {
    const entries: Array<[string, JsonValue]> = []
    for (const [key, item] of Object.entries(value)) {
      const json = toJsonValue(item)
      if (json === undefined) return undefined
      entries.push([key, json])
    }
    // fromEntries defines own properties, so a key named __proto__ stays a plain key.
    return Object.fromEntries(entries)
  }
  return undefined
}

/** `a`, `b` and `c` as `"a", "b", "c"`. */
export function quoteList(items: readonly string[]): string {
  return items.map((item) => `"${item}"`).join(', ')
}
