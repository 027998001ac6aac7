import { resolve } from 'node:path'
import type { RunContext } from '../ci/run-context.js'
import { configFilesIn } from '../config/config-files.js'
import { ConfigError } from '../config/config-error.js'
import type { PagesConfigFile } from '../config/wrangler-config.js'
import { deploysForkCode } from '../domain/branch-rule.js'
import { newReport, type Report } from '../domain/report.js'
import { InputError, readSettings, type InputSource } from '../settings/read-settings.js'
import type { Clock } from '../util/clock.js'
import type { Console } from '../util/console.js'
import { conclude, type Conclusion } from './conclude.js'
import { recordFailure, runOperation } from './run.js'
import { input } from '../util/input-names.js'

/** A run as an entry point starts it: raw inputs, the environment, the CI context. */
export interface InputRun {
  read: InputSource
  env: NodeJS.ProcessEnv
  runContext: RunContext
  clock: Clock
  signal: AbortSignal | undefined
  console: Console
  tempDir: string
  toolCacheDir: string | undefined
  npmRegistry: string
  /** Sets a step output at once (`alias-url` before the build); see `RunDependencies`. */
  publish?: ((name: string, value: string) => void) | undefined
}

export interface InputRunResult {
  report: Report
  conclusion: Conclusion
  /** Whether a failure fails the step (`fail-on-error`); true when the inputs were refused. */
  failOnError: boolean
  /** Whether the job summary is written (`job-summary`); true when the inputs were refused. */
  jobSummary: boolean
  /** The inputs or the wrangler configuration were refused: bad usage, nothing was done. */
  refused: boolean
}

/**
 * The working directory's wrangler configuration, a source of settings under the inputs. Only
 * deploy and trigger use it beyond the project name, so for the other operations a broken file
 * is a warning, not a failure.
 */
async function readConfiguration(run: InputRun): Promise<PagesConfigFile | undefined> {
  const workspace = run.runContext.workspace ?? process.cwd()
  const directory = resolve(workspace, run.read('working-directory').trim() || '.')
  const operation = run.read('operation').trim() || 'deploy'
  if (deploysForkCode(run.runContext.pullRequest)) {
    // A fork writes the artifact, so a configuration in it would let the fork choose the
    // Worker's bindings (a production database's id is no secret) and the folder to upload.
    const [found] = configFilesIn(directory)
    if (found !== undefined) {
      run.console.warning(
        `${found} in ${input('working-directory')} is not read: this run deploys a fork's pull request, and the file came with the fork's files, so it may not choose the Worker's bindings or the folder to upload. The project's settings in Cloudflare apply; give ${input('project-name')} and ${input('directory')} as inputs.`
      )
    }
    return undefined
  }
  // The parsers (TOML, JSONC) and the configuration's rules load only for a folder that has one.
  const present = configFilesIn(directory)
  if (present.length === 0) return undefined
  try {
    const { readPagesConfig } = await import('../config/wrangler-config.js')
    const { config, warnings } = await readPagesConfig(directory, present)
    for (const warning of warnings) run.console.warning(warning)
    return config
  } catch (error) {
    if (!(error instanceof ConfigError) || operation === 'deploy' || operation === 'trigger') {
      throw error
    }
    run.console.warning(`${error.message} It is ignored for operation ${operation}.`)
    return undefined
  }
}

/** Reads the settings, runs the operation and concludes; never throws. */
export async function runFromInputs(run: InputRun): Promise<InputRunResult> {
  const { clock } = run
  let report: Report
  let failOnError = true
  let jobSummary = true
  let refused = false
  try {
    const pagesConfig = await readConfiguration(run)
    const settings = readSettings({ ...run.runContext, pagesConfig }, run.env, run.read)
    failOnError = settings.failOnError
    jobSummary = settings.jobSummary
    report = await runOperation(settings, run)
  } catch (error) {
    // Only reading the inputs throws: runOperation records its own failures.
    report = newReport(clock.now())
    recordFailure(report, error)
    refused = error instanceof InputError || error instanceof ConfigError
  }
  return {
    report,
    conclusion: conclude(report, clock.now(), run.runContext.runUrl),
    failOnError,
    jobSummary,
    refused
  }
}
