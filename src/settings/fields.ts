/**
 * Readers for single inputs: each validates one value and, when it is wrong, records a problem
 * that names the input and says how to write it, then returns a fallback so that reading goes
 * on and every problem is reported at once.
 */
import {
  DURATION_UNITS,
  formatDurationIn,
  formatExactDuration,
  parseDuration,
  unitWritten
} from '../util/duration.js'
import { branchNameHint, byDialect, input, invalidInputs } from '../util/input-names.js'

/** Where input values come from: action inputs, command-line flags, a config file. */
export type InputSource = (name: string) => string

/** The problems found so far. */
export class Problems {
  readonly list: string[] = []

  /** Records `text`; returns `undefined` so callers can write `return problems.add(...)`. */
  add(text: string): undefined {
    this.list.push(text)
    return undefined
  }
}

/** Thrown with every problem found in the inputs at once, each naming its input and the fix. */
export class InputError extends Error {
  constructor(readonly problems: string[]) {
    super(
      problems.length === 1
        ? `${invalidInputs(1)}: ${problems[0]}`
        : `${invalidInputs(problems.length)}:\n${problems.map((p) => `  - ${p}`).join('\n')}`
    )
    this.name = 'InputError'
  }
}

export function optional(text: string): string | undefined {
  const value = text.trim()
  return value === '' ? undefined : value
}

export function readDuration(
  read: InputSource,
  name: string,
  fallback: string,
  minMs: number,
  maxMs: number,
  problems: Problems
): number {
  const text = read(name).trim() || fallback
  const ms = parseDuration(text)
  if (ms === undefined) {
    problems.add(
      `${input(name)}: '${clip(text)}' is not a duration; write a number and a unit (${DURATION_UNITS.slice(0, -1).join(', ')} or ${DURATION_UNITS.at(-1)}), such as 1500ms, 90s, 10m, 12h, 7d or 1h30m, or a number of seconds.`
    )
    return 0
  }
  if (ms < minMs || ms > maxMs) {
    // The bounds in the unit the value was written in, with their plain form when that differs.
    const unit = unitWritten(text)
    const [low, high] = [formatDurationIn(minMs, unit), formatDurationIn(maxMs, unit)]
    const [plainLow, plainHigh] = [formatExactDuration(minMs), formatExactDuration(maxMs)]
    const plain = low === plainLow && high === plainHigh ? '' : ` (${plainLow} to ${plainHigh})`
    problems.add(
      `${input(name)}: ${clip(text)} is out of range; use between ${low} and ${high}${plain}.`
    )
  }
  return ms
}

export function readCount(
  read: InputSource,
  name: string,
  fallback: number,
  min: number,
  max: number,
  problems: Problems
): number {
  const text = read(name).trim()
  if (text === '') return fallback
  const value = Number(text)
  if (!/^\d+$/.test(text) || value < min || value > max) {
    problems.add(`${input(name)}: '${clip(text)}' must be a whole number from ${min} to ${max}.`)
    return fallback
  }
  return value
}

export function readBoolean(
  read: InputSource,
  name: string,
  fallback: boolean,
  problems: Problems
): boolean {
  const text = read(name).trim().toLowerCase()
  if (text === '') return fallback
  if (text === 'true') return true
  if (text === 'false') return false
  problems.add(`${input(name)}: '${clip(text)}' is not a boolean; use true or false.`)
  return fallback
}

/** One of `choices`, case-insensitive; `fallback` when empty. */
export function readChoice<T extends string>(
  read: InputSource,
  name: string,
  choices: readonly T[],
  fallback: T,
  problems: Problems,
  explain: string
): T {
  const text = read(name).trim().toLowerCase() || fallback
  return (choices as readonly string[]).includes(text)
    ? (text as T)
    : (problems.add(`${input(name)}: '${clip(text)}' ${explain}`) ?? fallback)
}

/**
 * An input that holds a branch name, when given and valid. A Git ref given by mistake
 * (`branch: ${{ github.ref }}`): `refs/heads/<name>` is the branch `<name>`, said in a notice; a
 * tag's or a pull request's ref names no branch and is refused with the expression to use
 * instead. `leftOut` says what the input means when it is not given, for the fix.
 */
export function readBranchInput(
  read: InputSource,
  name: string,
  problems: Problems,
  notices: string[],
  leftOut?: string
): string | undefined {
  const text = optional(read(name))
  if (text === undefined) return undefined
  const orLeaveOut = leftOut === undefined ? '' : `, or leave ${input(name)} out: ${leftOut}`
  if (text.startsWith('refs/heads/')) {
    const branch = text.slice('refs/heads/'.length)
    notices.push(
      `${input(name)}: '${clip(text)}' is the Git ref of a branch; using the branch it names, ${clip(branch)}. Pass the name alone (${branchNameHint('branch')}).`
    )
    return branch
  }
  if (text.startsWith('refs/tags/')) {
    return problems.add(
      `${input(name)}: '${clip(text)}' is the Git ref of a tag, not a branch. Pass a branch name${byDialect({ action: " (${{ github.head_ref || github.ref_name }} is the pull request's or the pushed branch)", cli: '' })}${orLeaveOut}.`
    )
  }
  if (text.startsWith('refs/pull/')) {
    return problems.add(
      `${input(name)}: '${clip(text)}' is the Git ref of a pull request, not a branch. Pass ${branchNameHint('pull-request')}${orLeaveOut}.`
    )
  }
  if (text.length > MAX_BRANCH_LENGTH) {
    return problems.add(
      `${input(name)}: '${clip(text)}' is ${text.length} characters long; a branch name has at most ${MAX_BRANCH_LENGTH}. Pass a shorter branch name.`
    )
  }
  if (!isBranchName(text)) {
    return problems.add(
      `${input(name)}: '${clip(text)}' is not a valid Git branch name (no spaces, control characters, '..', '~', '^', ':', '?', '*', '[' or '\\').`
    )
  }
  return text
}

/**
 * Longest branch name accepted: the longest file name most file systems allow, which a Git
 * ref's name is stored as. Cloudflare documents no limit of its own.
 */
const MAX_BRANCH_LENGTH = 255

export function isBranchName(name: string): boolean {
  // Control characters are exactly what this rejects.
  // eslint-disable-next-line no-control-regex
  const forbidden = /[\s~^:?*[\\\x00-\x1f\x7f]|\.\.|@\{|\/\/|^[-/.]|[/.]$|\.lock$/
  return name.length <= MAX_BRANCH_LENGTH && !forbidden.test(name)
}

/** Keeps hostile or huge values from flooding the log when quoted back in a message. */
export function clip(value: string): string {
  // JSON escapes C0 controls and newlines; DEL and the C1 controls it leaves alone are escaped too.
  const flat = JSON.stringify(value)
    .slice(1, -1)
    .replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
  return flat.length > 80 ? `${flat.slice(0, 77)}...` : flat
}
