/**
 * Runs the action in this process, as the runner would run the bundle but without spawning
 * it: inputs by their action.yml names, the event payload in GITHUB_EVENT_PATH, a transcript
 * of the log, the outputs and the summary. Time is a {@link VirtualClock} shared with the
 * emulator, so nothing waits for real. The result has the bundle harness's shape.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readRunContext } from '../../src/ci/github-actions.js'
import { runFromInputs } from '../../src/run/from-inputs.js'
import { nameInputsAs } from '../../src/util/input-names.js'
import { setSecretMasker } from '../../src/util/secrets.js'
import type { ActionResult } from '../../harness/run-action.js'
import { seededToolCache } from './tool-cache.js'
import { Transcript } from './transcript.js'
import type { VirtualClock } from './virtual-clock.js'

export interface InProcessRun {
  /** Inputs by their action.yml names (`project-name`, ...). */
  inputs: Record<string, string>
  /** Extra environment, e.g. CLOUDFLARE_API_BASE_URL or GITHUB_EVENT_NAME. */
  env?: Record<string, string>
  /** A GitHub event payload, written to GITHUB_EVENT_PATH. */
  event?: unknown
  clock: VirtualClock
  /** The tool cache; by default one that already holds esbuild. */
  toolCacheDir?: string
  /** Cancels the run, as the runner's SIGINT would. */
  signal?: AbortSignal
}

/** Transcripts of the runs in progress: a secret registered during a run is masked in each. */
const active = new Set<Transcript>()
setSecretMasker((secret) => {
  for (const transcript of active) transcript.mask(secret)
})

export async function runInProcess(run: InProcessRun): Promise<ActionResult> {
  // As the action's entry does: messages name the inputs as a workflow writes them.
  nameInputsAs('action')
  const dir = mkdtempSync(join(tmpdir(), 'pages-pilot-run-'))
  const eventFile = join(dir, 'event.json')
  const runnerTemp = join(dir, 'runner-temp')
  writeFileSync(eventFile, JSON.stringify(run.event ?? {}))
  mkdirSync(runnerTemp)
  const env: NodeJS.ProcessEnv = {
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_EVENT_NAME: 'push',
    GITHUB_REPOSITORY: 'acme/site',
    GITHUB_RUN_ID: '4242',
    GITHUB_SERVER_URL: 'https://github.com',
    RUNNER_TEMP: runnerTemp,
    ...run.env
  }
  const transcript = new Transcript()
  active.add(transcript)
  const started = run.clock.now()
  const published: Record<string, string> = {}
  let result
  try {
    result = await runFromInputs({
      // As core.getInput reads INPUT_* variables: trimmed, empty when not given.
      read: (name) => (run.inputs[name] ?? '').trim(),
      env,
      runContext: readRunContext(env),
      clock: run.clock,
      signal: run.signal,
      console: transcript,
      tempDir: runnerTemp,
      toolCacheDir: run.toolCacheDir ?? seededToolCache(),
      // Nothing may be downloaded during in-process tests: an unknown host fails at once.
      npmRegistry: 'http://127.0.0.1:9/npm-registry-not-for-tests',
      publish: (name, value) => {
        published[name] = value
      }
    })
  } finally {
    active.delete(transcript)
  }
  const { conclusion, failOnError, jobSummary } = result
  let exitCode = 0
  if (conclusion.failure) {
    if (failOnError) {
      transcript.error(conclusion.failure)
      exitCode = 1
    } else {
      transcript.warning(`${conclusion.failure} (fail-on-error is false, so the step passes)`)
    }
  }
  const stdout = transcript.toString()
  const outputText = Object.entries(conclusion.outputs)
    .map(([name, value]) => `${name}=${value}`)
    .join('\n')
  return {
    exitCode,
    signal: null,
    stdout,
    stderr: '',
    outputs: conclusion.outputs,
    published,
    summary: jobSummary ? conclusion.summary : '',
    allText: [stdout, outputText, conclusion.summary, ...filesIn(runnerTemp)].join('\n'),
    durationMs: run.clock.now() - started,
    dir
  }
}

function filesIn(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8'))
}
