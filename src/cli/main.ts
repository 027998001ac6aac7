/**
 * The command line: every operation of the action, from any CI or a laptop. Flags are the
 * action's inputs, read and checked by the same settings code; progress goes to standard
 * error, the outputs to standard output (`--json`), a dotenv file or nowhere.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import type { Operation } from '../operations/names.js'
import { systemClock, type Clock } from '../util/clock.js'
import { inert } from '../util/inert-text.js'
import { nameInputsAs } from '../util/input-names.js'
import { redact, setSecretMasker } from '../util/secrets.js'
import { VERSION } from '../util/version.js'
import { parseArgs, UsageError } from './args.js'
import { stderrConsole } from './console.js'
import { GITHUB_FEATURES } from './github-only.js'
import { helpText, usageText } from './help.js'

export interface CliIo {
  stdout: (text: string) => void
  stderr: (text: string) => void
  cwd: string
  /** Aborted on SIGINT or SIGTERM. */
  signal: AbortSignal
  /** The signal that interrupted the run, when one did. */
  interruptedBy: () => 'SIGINT' | 'SIGTERM' | undefined
  /** The system clock, unless a test brings its own. */
  clock?: Clock
}

/** Exit codes: success, the operation failed, bad usage; 130 and 143 when interrupted. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const

/** Inputs read from an environment variable when their flag is not given. */
const ENVIRONMENT_INPUTS: Readonly<Record<string, string>> = {
  secrets: 'PAGES_PILOT_SECRETS',
  vars: 'PAGES_PILOT_VARS'
}

export async function main(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  io: CliIo
): Promise<number> {
  // Every message from here on names flags as they are typed here, not the action's inputs.
  nameInputsAs('cli')
  if (argv.length === 0) {
    io.stderr(`${usageText()}\n`)
    return EXIT.usage
  }
  let parsed
  try {
    parsed = parseArgs(argv)
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    io.stderr(`pages-pilot: ${error.message}\n`)
    return EXIT.usage
  }
  const { inputs, options } = parsed
  if (options.help) {
    io.stdout(`${helpText(VERSION)}\n`)
    return EXIT.ok
  }
  if (options.version) {
    io.stdout(`${VERSION}\n`)
    return EXIT.ok
  }
  // Loaded past --help and --version, which answer without it.
  const { runFromInputs, detectCi, readCiContext, npmRegistry, READS_CHECKOUT } =
    await import('./run-command.js')
  // Secrets are redacted from everything printed; nothing is masked by a runner here.
  setSecretMasker(undefined)
  const ci = detectCi(env)
  const onGitHub = ci === 'github-actions'
  const console = stderrConsole(io.stderr, env.PAGES_PILOT_DEBUG === 'true', onGitHub)
  const wanted = GITHUB_FEATURES.filter((name) => /^true$/i.test(inputs[name] ?? ''))
  if (wanted.length > 0 && ci !== 'github-actions') {
    io.stderr(
      `pages-pilot: --${wanted.join(', --')} work${wanted.length === 1 ? 's' : ''} with GitHub, which needs a GitHub Actions run (its event and token); this is ${ci === 'local' ? 'not a CI run' : ci}. Leave ${wanted.length === 1 ? 'it' : 'them'} out.\n`
    )
    return EXIT.usage
  }
  const operation = (inputs.operation ?? '') as Operation
  const runContext = readCiContext(ci, env, io.cwd, {
    // An operation that reads nothing of the checkout (or a misspelt one) does not ask git.
    checkout: READS_CHECKOUT.has(operation)
  })
  const result = await runFromInputs({
    read: (name) => {
      const given = inputs[name]
      if (given !== undefined) return given.trim()
      if (name === 'github-token') return env.GITHUB_TOKEN ?? ''
      // Values a process list must not show: a flag's value is there for every user to read.
      const fromEnvironment = ENVIRONMENT_INPUTS[name]
      if (fromEnvironment !== undefined) return env[fromEnvironment] ?? ''
      return ''
    },
    env,
    // Relative paths are relative to where the command runs, as for any command, whatever
    // the CI's checkout folder: `cd apps/web && npx pages-pilot deploy --directory dist`.
    runContext: { ...runContext, workspace: io.cwd },
    clock: io.clock ?? systemClock,
    signal: io.signal,
    console,
    tempDir: tmpdir(),
    toolCacheDir: userCacheDir(env),
    npmRegistry: npmRegistry(env)
  })
  const { conclusion, failOnError, jobSummary, refused } = result
  if (options.json) io.stdout(`${JSON.stringify(conclusion.outputs)}\n`)
  if (options.dotenv) {
    const { text, left } = dotenv(conclusion.outputs)
    write(options.dotenv, text)
    if (left.length > 0) {
      io.stderr(
        `--dotenv left out ${left.join(', ')}: GitLab takes at most ${DOTENV_LIMITS.variables} variables and ${DOTENV_LIMITS.bytes} bytes, values of at most ${DOTENV_LIMITS.valueBytes} bytes here; --json has every output.\n`
      )
    }
  }
  if (options.summary && jobSummary) write(options.summary, conclusion.summary)
  const interrupted = io.interruptedBy()
  // Text from the run (Cloudflare's words among it): redacted, and inert on a GitHub runner.
  const report = (text: string): void => {
    const redacted = redact(text)
    io.stderr(`${onGitHub ? inert(redacted).join('\n') : redacted}\n`)
  }
  if (conclusion.failure) {
    report(
      `${conclusion.failure}${failOnError || refused ? '' : ' (--fail-on-error=false, so the exit code is 0)'}`
    )
  }
  if (interrupted) {
    // What the cancel left behind (a deployment still building, a rollback in flight): the
    // summary has it too, but a terminal shows only this.
    for (const note of result.report.notes) report(note)
    return interrupted === 'SIGINT' ? 130 : 143
  }
  if (refused) return EXIT.usage
  if (conclusion.failure && failOnError) return EXIT.failed
  return EXIT.ok
}

/**
 * GitLab refuses a dotenv report of more than 20 variables (on some plans; 50 to 150 on others)
 * or 5 KiB. A long value (a cleanup's deleted ids) is left out rather than cut, so that what is
 * there is whole.
 */
export const DOTENV_LIMITS = { variables: 20, bytes: 5_120, valueBytes: 1_024 } as const

/** The outputs a later job most likely wants, first; the others follow in action.yml's order. */
const DOTENV_FIRST = [
  'deployment-id',
  'url',
  'status',
  'environment',
  'alias-url',
  'branch',
  'commit-hash',
  'error',
  'health-check',
  'rolled-back',
  'rollback-deployment-id',
  'previous-deployment-id'
]

/**
 * The outputs for GitLab's `artifacts:reports:dotenv`: one `PAGES_PILOT_<NAME>=value` line
 * each, names upper-cased, a multi-line value kept on its line with `\n` for its line breaks.
 * Empty outputs are left out, and within GitLab's limits ({@link DOTENV_LIMITS}) the most
 * wanted come first; `left` names the outputs with a value that did not fit.
 */
export function dotenv(outputs: Record<string, string>): { text: string; left: string[] } {
  const order = Object.keys(outputs)
  const names = [...order].sort((a, b) => rank(a) - rank(b) || order.indexOf(a) - order.indexOf(b))
  const lines: string[] = []
  const left: string[] = []
  let bytes = 0
  for (const name of names) {
    const value = (outputs[name] ?? '').replace(/\r?\n/g, '\\n')
    if (value === '') continue
    const line = `PAGES_PILOT_${name.toUpperCase().replace(/-/g, '_')}=${value}\n`
    const size = Buffer.byteLength(line)
    if (
      Buffer.byteLength(value) > DOTENV_LIMITS.valueBytes ||
      lines.length >= DOTENV_LIMITS.variables ||
      bytes + size > DOTENV_LIMITS.bytes
    ) {
      left.push(name)
      continue
    }
    lines.push(line)
    bytes += size
  }
  return { text: lines.join(''), left }
}

function rank(name: string): number {
  const index = DOTENV_FIRST.indexOf(name)
  return index === -1 ? DOTENV_FIRST.length : index
}

/** Where tools installed on demand are kept outside a runner: the user's cache folder. */
export function userCacheDir(env: NodeJS.ProcessEnv): string {
  const base =
    env.XDG_CACHE_HOME ||
    (process.platform === 'darwin'
      ? join(homedir(), 'Library', 'Caches')
      : process.platform === 'win32'
        ? env.LOCALAPPDATA || join(homedir(), 'AppData', 'Local')
        : join(homedir(), '.cache'))
  return join(base, 'pages-pilot')
}

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, text)
}
