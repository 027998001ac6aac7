/** One binding of a section as written, and the checks of its fields. */
import { describeValue, quoteList, type ConfigChecks } from '../checks.js'

/** One table of an array such as `[[kv_namespaces]]`. */
export class Entry {
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
