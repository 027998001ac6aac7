/** Parses the durations users write in workflow inputs: `1500ms`, `90s`, `10m`, `1h`, `1m30s` or plain seconds. */

/** The units a duration may be written in, smallest first. */
export const DURATION_UNITS = ['ms', 's', 'm', 'h', 'd'] as const
export type DurationUnit = (typeof DURATION_UNITS)[number]

const UNIT_MS: Record<DurationUnit, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000
}
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g

/** Returns milliseconds, or `undefined` when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const value = text.trim().toLowerCase()
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000)
  if (!/^(\d+(\.\d+)?(ms|s|m|h|d))+$/.test(value)) return undefined
  let total = 0
  for (const [, amount, unit] of value.matchAll(PART))
    total += Number(amount) * UNIT_MS[(unit ?? 's') as DurationUnit]
  return Math.round(total)
}

/** Formats milliseconds for people: `850ms`, `42s`, `3m 05s`, `1h 02m`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`
  const seconds = Math.round(ms / 1000)
  if (seconds < 60) return `${seconds}s`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`
}

/** The smallest unit a duration is written in (`s` for a plain number), to answer in it. */
export function unitWritten(text: string): DurationUnit {
  const written = [...text.trim().toLowerCase().matchAll(PART)].map((match) => match[2])
  return DURATION_UNITS.find((unit) => written.includes(unit)) ?? 's'
}

/**
 * `ms` written in `unit` (`60s`, `0.5s`) when that is exact to three decimals, else as
 * {@link formatExactDuration}: a bound said the way the user wrote the value.
 */
export function formatDurationIn(ms: number, unit: DurationUnit): string {
  const amount = ms / UNIT_MS[unit]
  return Number.isInteger(amount * 1000) ? `${amount}${unit}` : formatExactDuration(ms)
}

/** `ms` in the largest unit that divides it, as it can be written back: `1m`, `3650d`, `1500ms`. */
export function formatExactDuration(ms: number): string {
  const unit = [...DURATION_UNITS].reverse().find((u) => ms % UNIT_MS[u] === 0) ?? 'ms'
  return `${ms / UNIT_MS[unit]}${unit}`
}
