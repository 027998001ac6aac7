/**
 * Build logs that read like Cloudflare Pages' own. Each stage has its lines pinned to moments
 * inside the stage's window, so the log grows as the deployment progresses.
 */
import type { DeploymentLogs, LogLine, StageName } from '../src/cloudflare/types.js'
import { iso, stageWindows } from './stages.js'
import type { DeploymentRecord } from './state.js'

/** Lines of one stage: at its start, spread over its duration, and at its end. */
interface StageLines {
  start: string[]
  body: string[]
  end: string[]
}

const BUILD_ERROR = [
  '✘ [ERROR] Could not resolve "./components/Header"',
  '',
  '    src/App.tsx:3:19:',
  '      3 │ import Header from "./components/Header"',
  '        ╵                    ~~~~~~~~~~~~~~~~~~~~~~',
  '',
  'Error: Build failed with 1 error:',
  'src/App.tsx:3:19: ERROR: Could not resolve "./components/Header"',
  'Failed: Error while executing user command. Exited with error code: 1',
  'Failed: build command exited with code: 1',
  'Failed: error occurred while running build command'
]

const STAGE_FAILURES: Record<StageName, string[]> = {
  queued: ['Failed: an internal error occurred while queueing the build'],
  initialize: ['Failed: an internal error occurred while initializing the build environment'],
  clone_repo: [
    'Failed: unable to clone repository. Check that the repository exists and that Cloudflare Pages has access to it.'
  ],
  build: BUILD_ERROR,
  deploy: ['Failed: an internal error occurred while deploying your site. Retry the deployment.']
}

/** The log of a deployment as `GET …/history/logs` returns it at `now`. */
export function deploymentLogs(d: DeploymentRecord, now: number): DeploymentLogs {
  const data: LogLine[] = []
  for (const w of stageWindows(d)) {
    if (w.final === null || w.final === 'skipped' || now < w.startMs) continue
    const lines = stageLines(d, w.name)
    let end = lines.end
    if (w.final === 'failure') end = STAGE_FAILURES[w.name]
    if (w.final === 'canceled') end = ['Canceled: the build was canceled']
    const body = lines.body
    const span = w.endMs - w.startMs
    const timed: Array<[number, string]> = [
      ...lines.start.map((line): [number, string] => [w.startMs, line]),
      ...body.map((line, i): [number, string] => [
        w.startMs + Math.floor(((i + 1) * span) / (body.length + 1)),
        line
      ]),
      ...end.map((line): [number, string] => [w.endMs, line])
    ]
    for (const [ms, line] of timed) if (ms <= now) data.push({ ts: iso(ms), line })
  }
  return { total: data.length, includes_container_logs: false, data }
}

/** The successful path of each stage for this deployment. */
function stageLines(d: DeploymentRecord, stage: StageName): StageLines {
  const project = d.project
  const repo = project.source
    ? `https://github.com/${project.source.config.owner}/${project.source.config.repo_name}`
    : null
  const subject = d.commitMessage.split('\n')[0] ?? ''
  switch (stage) {
    case 'queued':
      return { start: [], body: [], end: [] }
    case 'initialize':
      return {
        start: ['Initializing build environment...'],
        body: [],
        end: ['Success: Finished initializing build environment']
      }
    case 'clone_repo':
      return {
        start: ['Cloning repository...'],
        body: [
          ...(repo ? [`From ${repo}`] : []),
          ` * branch            ${d.commitHash} -> FETCH_HEAD`,
          '',
          `HEAD is now at ${d.commitHash.slice(0, 7)} ${subject}`,
          ''
        ],
        end: ['Success: Finished cloning repository files']
      }
    case 'build':
      return {
        start: [
          'Checking for configuration in a Wrangler configuration file (BETA)',
          '',
          'No wrangler.toml file found. Continuing.',
          'Detected the following tools from environment: npm@10.9.2, nodejs@22.16.0',
          'Installing project dependencies: npm clean-install --progress=false'
        ],
        body: [
          '',
          'added 287 packages, and audited 288 packages in 7s',
          '',
          'found 0 vulnerabilities',
          'Executing user command: npm run build',
          '',
          `> ${project.name}@0.0.0 build`,
          '> vite build',
          '',
          ...d.logLines
        ],
        end: ['Finished', 'Validating asset output directory', 'Success: Build command completed']
      }
    case 'deploy':
      return {
        start: ["Deploying your site to Cloudflare's global network..."],
        body: [
          'Uploading... (24/24)',
          '✨ Success! Uploaded 24 files (1.03 sec)',
          '',
          '✨ Upload complete!'
        ],
        end: ['Success: Assets published!', 'Success: Your site was deployed!']
      }
  }
}
