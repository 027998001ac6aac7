/**
 * How messages name an input, chosen once by the entry point: a workflow writes
 * `create-project: true` and `wait-timeout`, the command line's user types `--create-project`
 * and `--wait-timeout 10m`. Every message that names an input, or says how to set one, goes
 * through {@link input}, so that each entry speaks its user's language.
 */

/** Who reads the messages: the action's workflow author, or the command line's user. */
export type InputDialect = 'action' | 'cli'

let dialect: InputDialect = 'action'

/** Set by the entry point before it reads or prints anything. */
export function nameInputsAs(entry: InputDialect): void {
  dialect = entry
}

export function inputDialect(): InputDialect {
  return dialect
}

/**
 * An input as its user writes it, alone or set to `value`: `wait-timeout`, `wait-timeout: 10m`,
 * `create-project: true` in a workflow; `--wait-timeout`, `--wait-timeout 10m`,
 * `--create-project`, `--force=false` on the command line, where the operation is the command's
 * first word (`pages-pilot wait`).
 */
export function input(name: string, value?: string): string {
  if (dialect === 'action') return value === undefined ? name : `${name}: ${value}`
  if (name === 'operation' && value !== undefined) return `pages-pilot ${value}`
  if (value === undefined || value === 'true') return `--${name}`
  return value === 'false' ? `--${name}=false` : `--${name} ${value}`
}

/** An input named as a noun: `the branch input`, `the --branch flag`. */
export function theInput(name: string): string {
  return dialect === 'action' ? `the ${name} input` : `the --${name} flag`
}

/** The heading of a refusal of the inputs, before the problems. */
export function invalidInputs(count: number): string {
  const noun = dialect === 'action' ? 'input' : 'flag'
  return `Invalid ${noun}${count === 1 ? '' : 's'}`
}

/** Where relative paths start: the runner's checkout, or the folder the command runs in. */
export function workspaceName(): string {
  return dialect === 'action' ? 'the workspace' : 'the current folder'
}

/** What the user runs again: the workflow's step, or the command. */
export function step(): string {
  return dialect === 'action' ? 'the step' : 'the command'
}

/** What to do about a fault that is usually temporary: run the job, or the command, again. */
export function runAgain(): string {
  return dialect === 'action' ? 're-run the job' : 'run the command again'
}

/**
 * Where a branch name comes from: a workflow's expression for it, or, on the command line, the
 * name alone (a CI's own variable for it, such as CI_COMMIT_REF_NAME, is already one).
 */
export function branchNameHint(which: 'branch' | 'pull-request'): string {
  if (dialect === 'cli')
    return which === 'branch' ? 'the branch name alone' : "the pull request's branch name"
  return which === 'branch'
    ? '${{ github.head_ref || github.ref_name }}, not ${{ github.ref }}'
    : "the pull request's branch, ${{ github.head_ref }}"
}

/** Advice that differs between the entries beyond the names of inputs (where a secret is kept). */
export function byDialect(words: Record<InputDialect, string>): string {
  return words[dialect]
}
