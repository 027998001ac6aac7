/** `placement`: validated as wrangler validates it, and sent as wrangler sends it. */
import { describeValue, isTable, quoteList, type ConfigChecks } from './checks.js'

/** `placement` as written, validated. */
export interface PlacementConfig {
  mode?: string
  hint?: string
  region?: string
  host?: string
  hostname?: string
}

/** `placement` as wrangler sends it. */
export type WorkerPlacement =
  | { mode: 'smart'; hint?: string }
  | { mode: 'targeted'; region: string }
  | { mode: 'targeted'; host: string }
  | { mode: 'targeted'; hostname: string }

export function readPlacement(
  section: Record<string, unknown>,
  prefix: string,
  checks: ConfigChecks
): PlacementConfig | undefined {
  const value = section.placement
  if (value === undefined) return undefined
  const key = `${prefix}placement`
  if (!isTable(value)) {
    checks.problem(
      key,
      `must be ${checks.table}, found ${describeValue(value)}. E.g. ${checks.format === 'toml' ? '[placement] with mode = "smart"' : '"placement": { "mode": "smart" }'}.`
    )
    return undefined
  }
  const before = checks.problems.length
  const placement: PlacementConfig = {}
  for (const field of ['mode', 'hint', 'region', 'host', 'hostname'] as const) {
    const item = value[field]
    if (item === undefined) continue
    if (typeof item === 'string') placement[field] = item
    else checks.problem(`${key}.${field}`, `must be a string, found ${describeValue(item)}.`)
  }
  const unknown = Object.keys(value).filter(
    (field) => !['mode', 'hint', 'region', 'host', 'hostname'].includes(field)
  )
  if (unknown.length > 0) {
    checks.warn(`"${key}" has unknown keys ${quoteList(unknown)}; they are ignored.`)
  }
  const targeted = (['region', 'host', 'hostname'] as const).filter((f) => f in value)
  const mode = placement.mode
  const modeProblem = (allowed: readonly string[]): void => {
    if (mode !== undefined && !allowed.includes(mode)) {
      checks.problem(
        `${key}.mode`,
        `${JSON.stringify(mode)} is not a placement mode here; use one of ${quoteList(allowed)}.`
      )
    }
  }
  if ('hint' in value && targeted.length > 0) {
    checks.problem(
      key,
      `"placement" cannot have both "hint" (smart format) and "region"/"host"/"hostname" (targeted format) fields. Keep one format.`
    )
  } else if ('hint' in value) {
    modeProblem(['off', 'smart'])
    if (mode === undefined) {
      checks.problem(
        `${key}.mode`,
        `missing. With a "hint", set ${checks.assign('mode', '"smart"')}.`
      )
    } else if (placement.hint && mode !== 'smart') {
      checks.problem(
        `${key}.hint`,
        `"placement.hint" can only be set when "placement.mode" is "smart". Set ${checks.assign('mode', '"smart"')} or remove the hint.`
      )
    }
  } else if (targeted.length > 0) {
    modeProblem(['off', 'targeted'])
    if (targeted.length > 1) {
      checks.problem(
        key,
        `"placement" fields ${quoteList(targeted)} are mutually exclusive. Only one can be specified.`
      )
    }
  } else {
    if (mode === undefined) {
      checks.problem(`${key}.mode`, `missing. Set ${checks.assign('mode', '"smart"')} (or "off").`)
    }
    modeProblem(['off', 'smart', 'targeted'])
  }
  return checks.problems.length === before ? placement : undefined
}

/**
 * Wrangler's mapping of `placement`: `mode = "off"` (without a hint) sends nothing, a hint or
 * `mode = "smart"` is smart placement, and a region, host or hostname is targeted placement.
 */
export function workerPlacement(
  placement: PlacementConfig | undefined
): WorkerPlacement | undefined {
  if (placement === undefined) return undefined
  const { mode, hint, region, host, hostname } = placement
  if (!hint && mode === 'off') return undefined
  if (hint || mode === 'smart')
    return hint !== undefined ? { mode: 'smart', hint } : { mode: 'smart' }
  if (region) return { mode: 'targeted', region }
  if (host) return { mode: 'targeted', host }
  if (hostname) return { mode: 'targeted', hostname }
  return undefined
}
