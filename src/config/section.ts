/**
 * The values of the top level or of one `env.<name>` section of a Pages configuration: the
 * compatibility date and flags, limits, placement, `no_bundle`, `upload_source_maps` and the
 * bindings, each validated.
 */
import { TomlDate } from 'smol-toml'
import type { BindingField } from './bindings/binding-fields.js'
import { readBindings } from './bindings/read-bindings.js'
import type { WorkerBinding } from './bindings/worker-binding.js'
import { describeValue, isTable, toJsonValue, type ConfigChecks, type JsonValue } from './checks.js'
import { readPlacement, type PlacementConfig } from './placement.js'

/** `limits` as written (wrangler sends the table unchanged), e.g. `{ cpu_ms: 100 }`. */
export type WorkerLimits = { readonly [key: string]: JsonValue }

/** What the top level or one `env.<name>` section of the file sets. */
export interface PagesSection {
  compatibilityDate: string | undefined
  compatibilityFlags: readonly string[] | undefined
  limits: WorkerLimits | undefined
  placement: PlacementConfig | undefined
  noBundle: boolean | undefined
  uploadSourceMaps: boolean | undefined
  /** Binding keys written in the section (even empty), for the not-inherited warnings. */
  bindingFields: ReadonlySet<BindingField>
  varNames: readonly string[]
  /** In declaration order; the Worker metadata puts them in wrangler's (worker-metadata.ts). */
  bindings: readonly WorkerBinding[]
}

/** The values of the top level or of one `env.<name>` section. */
export function readSection(
  section: Record<string, unknown>,
  prefix: string,
  checks: ConfigChecks
): PagesSection {
  const bindings = readBindings(section, prefix, checks)
  return {
    compatibilityDate: readCompatibilityDate(section, prefix, checks),
    compatibilityFlags: readFlags(section, prefix, checks),
    limits: readLimits(section, prefix, checks),
    placement: readPlacement(section, prefix, checks),
    noBundle: readBoolean(section, 'no_bundle', prefix, checks),
    uploadSourceMaps: readBoolean(section, 'upload_source_maps', prefix, checks),
    bindingFields: bindings.fields,
    varNames: bindings.varNames,
    bindings: bindings.bindings
  }
}

function readCompatibilityDate(
  section: Record<string, unknown>,
  prefix: string,
  checks: ConfigChecks
): string | undefined {
  const value = section.compatibility_date
  if (value === undefined) return undefined
  const key = `${prefix}compatibility_date`
  const example = (date: string): string => checks.assign('compatibility_date', `"${date}"`)
  if (value instanceof TomlDate) {
    checks.problem(
      key,
      `is a TOML date; wrangler reads it only as a string. Quote it: ${example(value.toISOString().slice(0, 10))}.`
    )
    return undefined
  }
  if (typeof value !== 'string') {
    checks.problem(
      key,
      `must be a string, found ${describeValue(value)}. E.g. ${example('2024-10-01')}.`
    )
    return undefined
  }
  if (!isCalendarDate(value)) {
    const dashes = /[–—]/.test(value)
      ? ' Use hyphens (-) rather than en-dashes (–) or em-dashes (—).'
      : ''
    checks.problem(
      key,
      `${JSON.stringify(value)} is not a date in the form YYYY-MM-DD.${dashes} E.g. ${example('2024-10-01')}.`
    )
    return undefined
  }
  return value
}

/**
 * YYYY-MM-DD naming a real day. Wrangler accepts anything `new Date()` parses; the Workers
 * runtime only takes this form, so anything else is refused here rather than by the API.
 */
function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  if (match === null) return false
  const [, year, month, day] = match.map(Number)
  const date = new Date(Date.UTC(year ?? 0, (month ?? 0) - 1, day ?? 0))
  return date.toISOString().slice(0, 10) === text
}

function readFlags(
  section: Record<string, unknown>,
  prefix: string,
  checks: ConfigChecks
): string[] | undefined {
  const value = section.compatibility_flags
  if (value === undefined) return undefined
  if (Array.isArray(value) && value.every((flag) => typeof flag === 'string')) {
    return value as string[]
  }
  checks.problem(
    `${prefix}compatibility_flags`,
    `must be an array of strings, found ${describeValue(value)}. E.g. ${checks.assign('compatibility_flags', '["nodejs_compat"]')}.`
  )
  return undefined
}

export function readBoolean(
  section: Record<string, unknown>,
  field: string,
  prefix: string,
  checks: ConfigChecks
): boolean | undefined {
  const value = section[field]
  if (value === undefined || typeof value === 'boolean') return value
  checks.problem(
    `${prefix}${field}`,
    `must be true or false, found ${describeValue(value)}. E.g. ${checks.assign(field, 'true')}.`
  )
  return undefined
}

function readLimits(
  section: Record<string, unknown>,
  prefix: string,
  checks: ConfigChecks
): WorkerLimits | undefined {
  const value = section.limits
  if (value === undefined) return undefined
  const key = `${prefix}limits`
  const json = isTable(value) ? toJsonValue(value) : undefined
  if (!isTable(json)) {
    checks.problem(
      key,
      `must be ${checks.table} of numbers, found ${describeValue(value)}. E.g. ${checks.format === 'toml' ? '[limits] with cpu_ms = 100' : '"limits": { "cpu_ms": 100 }'}.`
    )
    return undefined
  }
  let valid = true
  for (const [limit, amount] of Object.entries(json)) {
    if (limit !== 'cpu_ms' && limit !== 'subrequests') {
      checks.warn(
        `"${key}.${limit}" is not a limit wrangler knows ("cpu_ms", "subrequests"); it is sent as written. Check its spelling.`
      )
    } else if (typeof amount !== 'number') {
      valid = false
      checks.problem(`${key}.${limit}`, `must be a number, found ${describeValue(amount)}.`)
    }
  }
  return valid ? (json as WorkerLimits) : undefined
}
