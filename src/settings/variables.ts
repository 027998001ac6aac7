/**
 * `secrets`, `vars`, `delete-secrets` and, for them, `environment`: the variables one run sets
 * on one environment of the project. A secret's value is masked as soon as it is read, and no
 * problem ever quotes the `secrets` input: it names the line, and nothing of its text.
 */
import type { Environment } from '../cloudflare/types.js'
import type { VariableKind, VariableSetting } from '../domain/variables.js'
import type { Operation } from '../operations/names.js'
import type { SecretsTask } from '../operations/settings.js'
import { byDialect, input } from '../util/input-names.js'
import { Concealed, registerSecret } from '../util/secrets.js'
import { parseDotenv, VARIABLE_NAME, type DotenvEntry, type DotenvProblem } from './dotenv.js'
import { clip, optional, Problems, type InputSource } from './fields.js'

const INPUTS = ['secrets', 'vars', 'delete-secrets'] as const
const ENVIRONMENTS: readonly Environment[] = ['production', 'preview']

/** A dotenv input's entries, with where each came from. */
interface Read {
  input: 'secrets' | 'vars'
  kind: VariableKind
  entries: DotenvEntry[]
}

/**
 * The `secrets` task, or `undefined` with a problem recorded for each thing wrong. For another
 * operation, any of these inputs is a problem: they would do nothing there.
 */
export function readSecretsTask(
  read: InputSource,
  operation: Operation,
  dryRun: boolean,
  problems: Problems
): SecretsTask | undefined {
  // Masked first, whatever the operation: a value must not show even in a refusal. For another
  // operation the lines are not checked: the input is refused whole.
  const secrets = readDotenv(read, 'secrets', operation === 'secrets' ? problems : new Problems())
  if (operation !== 'secrets') {
    for (const name of INPUTS) {
      if (optional(read(name)) !== undefined) {
        problems.add(
          `${input(name)}: only operation secrets uses it; remove it for ${operation}, or use ${input('operation', 'secrets')}.`
        )
      }
    }
    return undefined
  }
  const vars = readDotenv(read, 'vars', problems)
  const remove = readNames(read, problems)
  const environment = readEnvironment(read, problems)
  const before = problems.list.length
  checkDuplicates(secrets, problems)
  checkDuplicates(vars, problems)
  const secretLines = new Map(secrets.entries.map((e) => [e.name, e.line]))
  for (const entry of vars.entries) {
    const line = secretLines.get(entry.name)
    if (line !== undefined) {
      problems.add(
        `${input('vars')}: line ${entry.line} (${entry.name}) names a variable that ${input('secrets')} sets too (its line ${line}); a variable is either a secret or plain text: keep one.`
      )
    }
  }
  const setLines = new Map([
    ...secrets.entries.map((e): [string, string] => [
      e.name,
      `${input('secrets')}, line ${e.line}`
    ]),
    ...vars.entries.map((e): [string, string] => [e.name, `${input('vars')}, line ${e.line}`])
  ])
  for (const name of remove) {
    const where = setLines.get(name)
    if (where !== undefined) {
      problems.add(
        `${input('delete-secrets')}: ${name} is also set (${where}); a run either sets a variable or deletes it.`
      )
    }
  }
  if (secrets.entries.length + vars.entries.length + remove.length === 0) {
    problems.add(
      `${input('secrets')}: operation secrets needs ${input('secrets')}, ${input('vars')} or ${input('delete-secrets')}, and all three are empty. ${byDialect({ action: 'A ${{ secrets.NAME }} that is not set (or not given to this workflow, as on a pull request from a fork) is empty.', cli: 'They are read from --secrets and --vars, or from PAGES_PILOT_SECRETS and PAGES_PILOT_VARS; an environment variable that is not set is empty.' })}`
    )
  }
  if (!environment || problems.list.length > before) return undefined
  const settings = (from: Read): VariableSetting[] =>
    from.entries.map((e) => ({ name: e.name, kind: from.kind, value: new Concealed(e.value) }))
  return {
    kind: 'secrets',
    environment,
    set: [...settings(secrets), ...settings(vars)],
    remove,
    dryRun
  }
}

/**
 * `secrets` or `vars`: NAME=value lines. Each secret value is masked at once, and each of its
 * lines on its own (a multi-line value shows line by line), as is every refused line.
 */
function readDotenv(read: InputSource, from: 'secrets' | 'vars', problems: Problems): Read {
  const kind: VariableKind = from === 'secrets' ? 'secret' : 'plain'
  const text = read(from)
  if (text.trim() === '') return { input: from, kind, entries: [] }
  const parsed = parseDotenv(text)
  if (kind === 'secret') {
    for (const entry of parsed.entries) {
      registerSecret(entry.value)
      for (const line of entry.value.split(/\r\n|\r|\n/)) registerSecret(line.trim())
    }
    for (const line of parsed.refusedText) registerSecret(line.trim())
  }
  for (const problem of parsed.problems) problems.add(describe(from, problem))
  const entries: DotenvEntry[] = []
  for (const entry of parsed.entries) {
    if (entry.value === '' && !entry.quoted) {
      const which = from === 'secrets' ? `line ${entry.line}` : `line ${entry.line} (${entry.name})`
      problems.add(
        `${input(from)}: ${which} has no value. ${byDialect({ action: 'An expression such as ${{ secrets.NAME }} that is not set is empty', cli: 'A shell or CI variable that is not set expands to nothing' })}; set it, or write NAME="" for an empty value on purpose (to delete a variable, use ${input('delete-secrets')}).`
      )
    } else entries.push(entry)
  }
  return { input: from, kind, entries }
}

/** What is wrong with a line, naming the line and, outside `secrets`, its variable. */
function describe(from: 'secrets' | 'vars', problem: DotenvProblem): string {
  const name = from === 'vars' && problem.name !== undefined ? ` (${problem.name})` : ''
  const where = `${input(from)}: line ${problem.line}${name}`
  const hidden = from === 'secrets' ? ' (its text is not shown: it may hold a secret)' : ''
  switch (problem.kind) {
    case 'not-an-assignment':
      return `${where} is not NAME=value${hidden}. Write one variable per line; quote a value that spans lines.`
    case 'invalid-name':
      return `${where} does not start with a valid variable name${hidden}: use letters, digits and _, not starting with a digit, then =.`
    case 'unclosed-quote':
      return `${where} opens a quoted value that is never closed${hidden}.`
    case 'text-after-quote':
      return `${where} has text after its closing quote${hidden}; only a # comment may follow it.`
    case 'hash-in-value':
      return `${where} has a # inside an unquoted value${hidden}, which dotenv files (wrangler's too) read as a comment: quote the value.`
  }
}

/** A name set twice: refused rather than letting the last one win, as dotenv would. */
function checkDuplicates(from: Read, problems: Problems): void {
  const first = new Map<string, number>()
  for (const entry of from.entries) {
    const line = first.get(entry.name)
    if (line === undefined) {
      first.set(entry.name, entry.line)
      continue
    }
    const which = from.input === 'secrets' ? 'the same name' : entry.name
    problems.add(
      `${input(from.input)}: lines ${line} and ${entry.line} both set ${which}; keep one of them.`
    )
  }
}

/** `delete-secrets`: names, one per line or separated by commas or spaces. */
function readNames(read: InputSource, problems: Problems): string[] {
  const names: string[] = []
  for (const name of read('delete-secrets').split(/[\s,]+/)) {
    if (name === '' || names.includes(name)) continue
    if (VARIABLE_NAME.test(name)) names.push(name)
    else {
      problems.add(
        `${input('delete-secrets')}: '${clip(name)}' is not a variable name; use letters, digits and _, not starting with a digit, separated by commas, spaces or lines.`
      )
    }
  }
  return names
}

/** `environment` for secrets: which one, required, since each has its own variables. */
function readEnvironment(read: InputSource, problems: Problems): Environment | undefined {
  const text = read('environment').trim().toLowerCase()
  if ((ENVIRONMENTS as readonly string[]).includes(text)) return text as Environment
  if (text === '') {
    return problems.add(
      `${input('environment')}: required for operation secrets: production or preview, the environment whose variables to set (each has its own).`
    )
  }
  if (text === 'all') {
    return problems.add(
      `${input('environment')}: operation secrets sets one environment at a time: production or preview ('all' is for cleanup); use two steps for both.`
    )
  }
  return problems.add(
    `${input('environment')}: '${clip(text)}' is not an environment of a Pages project; operation secrets takes production or preview.`
  )
}
