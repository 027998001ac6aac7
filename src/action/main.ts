/**
 * The GitHub Action: reads inputs and the event, runs the operation, and always writes the
 * outputs and the job summary, even when the operation fails or the job is cancelled half-way.
 * The only place, with its console, that talks to `@actions/core`.
 */
import { tmpdir } from 'node:os'
import * as core from '@actions/core'
import { npmRegistry } from '../bundler/npm-registry.js'
import { readRunContext } from '../ci/github-actions.js'
import { runFromInputs } from '../run/from-inputs.js'
import { systemClock, type Clock } from '../util/clock.js'
import { nameInputsAs } from '../util/input-names.js'
import { setSecretMasker } from '../util/secrets.js'
import { actionsConsole } from './console.js'

export interface RunOptions {
  clock?: Clock
  /** Aborted when the runner cancels the job. */
  signal?: AbortSignal
}

export async function run(options: RunOptions = {}): Promise<void> {
  // Messages name the inputs as a workflow writes them: `create-project: true`.
  nameInputsAs('action')
  setSecretMasker((secret) => core.setSecret(secret))
  const { conclusion, failOnError, jobSummary } = await runFromInputs({
    read: (name) => core.getInput(name),
    env: process.env,
    runContext: readRunContext(process.env),
    clock: options.clock ?? systemClock,
    signal: options.signal,
    console: actionsConsole,
    tempDir: process.env.RUNNER_TEMP || tmpdir(),
    // The runner's tool cache, which actions/cache can keep between jobs; without one, a
    // folder private to this user (bundler/esbuild-install.ts), never a shared /tmp name.
    toolCacheDir: process.env.RUNNER_TOOL_CACHE || undefined,
    npmRegistry: npmRegistry(process.env),
    // The runner reads GITHUB_OUTPUT when the step ends, the last value of a name winning: an
    // output set early survives a step killed half-way, and the end's outputs overwrite it.
    publish: (name, value) => core.setOutput(name, value)
  })
  for (const [name, value] of Object.entries(conclusion.outputs)) core.setOutput(name, value)
  if (jobSummary) {
    try {
      await core.summary.addRaw(conclusion.summary).write()
    } catch (error) {
      // Outside a runner there is no summary file; that must not hide the real outcome.
      core.debug(`job summary not written: ${(error as Error).message}`)
    }
  }
  if (conclusion.failure) {
    if (failOnError) core.setFailed(conclusion.failure)
    else core.warning(`${conclusion.failure} (fail-on-error is false, so the step passes)`)
  }
}
