/**
 * The command line's arguments: `pages-pilot <operation> [--flag value | --flag=value]…`. Flags
 * are the action's input names; a boolean input's flag alone means true. Problems are usage
 * errors (exit 2), each naming the flag.
 */
import { OPERATIONS } from '../operations/names.js'
import { ACTION_INPUTS } from './action-inputs.js'
import { strayWordsMessage, wordInMessage } from './stray-words.js'

/** Flags of the command line itself, not inputs. */
export interface CliOptions {
  json: boolean
  help: boolean
  version: boolean
  /** GitLab's `artifacts:reports:dotenv`: the outputs as PAGES_PILOT_<NAME>=value lines. */
  dotenv: string | undefined
  /** Where to write the Markdown summary. */
  summary: string | undefined
}

export interface ParsedArgs {
  inputs: Record<string, string>
  options: CliOptions
}

/** Bad usage: an unknown flag, a missing value. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

const INPUTS = new Map(ACTION_INPUTS.map((input) => [input.name, input]))
const OPERATION_NAMES: ReadonlySet<string> = new Set(OPERATIONS)
const FILE_OPTIONS = new Set(['dotenv', 'summary'])
const SWITCHES = new Set(['json', 'help', 'version'])

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const inputs: Record<string, string> = {}
  const options: CliOptions = {
    json: false,
    help: false,
    version: false,
    dotenv: undefined,
    summary: undefined
  }
  const positionals: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ''
    if (arg === '-h') {
      options.help = true
      continue
    }
    // A flag's value may be a secret: messages name the flag, never what follows its `=`.
    const equals = arg.indexOf('=')
    const flag = equals === -1 ? arg : arg.slice(0, equals)
    if (arg === '--' || (arg.startsWith('-') && !arg.startsWith('--'))) {
      throw new UsageError(
        `unknown flag ${flag}. Flags start with two dashes, such as --project-name.`
      )
    }
    if (!arg.startsWith('--')) {
      positionals.push(arg)
      continue
    }
    const name = flag.slice(2)
    const inline = equals === -1 ? undefined : arg.slice(equals + 1)
    if (SWITCHES.has(name)) {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value.`)
      options[name as 'json' | 'help' | 'version'] = true
      continue
    }
    const input = INPUTS.get(name)
    if (!input && !FILE_OPTIONS.has(name)) {
      throw new UsageError(
        `unknown flag --${name}. Flags are the action's inputs (run pages-pilot --help to list them).`
      )
    }
    let value = inline
    if (value === undefined) {
      const next = argv[i + 1]
      if (input?.boolean && next !== undefined && /^(true|false)$/i.test(next)) {
        value = next
        i++
      } else if (
        input?.boolean &&
        (next === undefined || next.startsWith('--') || OPERATION_NAMES.has(next))
      ) {
        value = 'true'
      } else if (input?.boolean) {
        throw new UsageError(
          `--${name} is true or false: write --${name}, --${name}=true or --${name}=false.`
        )
      } else if (next === undefined || next.startsWith('--')) {
        throw new UsageError(
          `--${name} needs a value${next === undefined ? '' : ' (a value that starts with -- is written --' + name + '=value)'}.`
        )
      } else {
        value = next
        i++
      }
    }
    if (name === 'dotenv' || name === 'summary') options[name] = value
    else inputs[name] = value
  }
  // Asked for help or the version, the command does nothing else: the words do not matter.
  if (options.help || options.version) return { inputs, options }
  inputs.operation = operationOf(positionals, inputs)
  return { inputs, options }
}

/**
 * The operation, which the command line names (first, or with --operation): it is never
 * assumed, since a deploy to production is no default for a mistyped command. The other
 * words are refused, each named.
 */
function operationOf(positionals: readonly string[], inputs: Record<string, string>): string {
  const named = positionals.filter((word) => OPERATION_NAMES.has(word))
  if (named.length > 1) {
    throw new UsageError(
      `one operation at a time: ${named.join(' and ')} are both operations. Run pages-pilot once for each.`
    )
  }
  const word = named[0]
  if (word !== undefined && inputs.operation !== undefined && inputs.operation !== word) {
    throw new UsageError(
      `the operation is given twice: ${word} and --operation ${inputs.operation}.`
    )
  }
  const operation = word ?? inputs.operation
  if (operation === undefined) {
    const first = positionals[0]
    throw new UsageError(
      `${first === undefined ? 'no operation' : `${wordInMessage(first)} is not an operation`}: the command starts with one, as in pages-pilot deploy --project-name my-site --directory dist. Operations: ${OPERATIONS.join(', ')}.`
    )
  }
  const at = word === undefined ? -1 : positionals.indexOf(word)
  const stray = positionals.filter((_, index) => index !== at)
  if (stray.length > 0) throw new UsageError(strayWordsMessage(stray, operation, inputs))
  return operation
}
