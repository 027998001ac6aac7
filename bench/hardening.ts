/**
 * The real world off the happy path, through the bundle as the runner runs it: a GitHub API that
 * never answers (and a SIGTERM during it), a fork's pull request on `main`, a project answer
 * without `source`, an `upsert-hashes` that always fails. For each: how long the run took to end,
 * its exit code, and the line the user sees. Sustained 524s on uploads take minutes of real
 * waiting by design; their timeline is printed from the in-process test's virtual clock instead.
 * Prints a table; nothing passes or fails. Run: `npm run build && npx tsx bench/hardening.ts`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startFakeGitHub } from '../emulator/github.js'
import { startEmulator } from '../emulator/server.js'
import { runAction, type ActionResult, type ActionRun } from '../harness/run-action.js'

const STAGES = { queued: 50, initialize: 50, clone_repo: 50, build: 200, deploy: 50 }

interface Row {
  fault: string
  seconds: string
  exit: string
  seen: string
}

const emulator = await startEmulator({ stageDurationsMs: STAGES })
const github = await startFakeGitHub()
github.hang()
let serial = 0

function act(
  inputs: Record<string, string>,
  extra: Omit<ActionRun, 'inputs'> = {}
): Promise<ActionResult> {
  return runAction({
    ...extra,
    inputs: {
      'api-token': emulator.token,
      'account-id': emulator.accountId,
      'poll-interval': '200ms',
      ...inputs
    },
    env: { CLOUDFLARE_API_BASE_URL: emulator.apiBaseUrl, ...extra.env }
  })
}

function project(source: 'direct' | 'github' = 'direct'): string {
  const name = `hardening-${++serial}`
  emulator.addProject({ name, source, productionBranch: 'main' })
  emulator.seedDeployment(name, { branch: 'main', createdAgoMs: 3_600_000 })
  return name
}

function site(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pages-pilot-hardening-'))
  writeFileSync(join(dir, 'index.html'), '<h1>hi</h1>')
  writeFileSync(join(dir, 'app.js'), 'console.log(1)')
  return dir
}

/** The line a user reads first: the warning or error, else the outcome. */
function seen(result: ActionResult, pick: RegExp): string {
  const line = result.stdout.split('\n').find((text) => pick.test(text)) ?? ''
  return line.replace(/^::(warning|error|notice)::/, '$1: ').slice(0, 150)
}

const forkEvent = (eventName: string) => ({
  env: { GITHUB_EVENT_NAME: eventName, GITHUB_REF: 'refs/pull/7/merge' },
  event: {
    number: 7,
    repository: { full_name: 'acme/site' },
    pull_request: {
      number: 7,
      title: 'Innocent change',
      head: { sha: 'a'.repeat(40), ref: 'main', repo: { full_name: 'mallory/site' } },
      base: { ref: 'main', repo: { full_name: 'acme/site' } }
    }
  }
})

const rows: Row[] = []
const record = (fault: string, result: ActionResult, pick: RegExp, exitAfterMs?: number) =>
  rows.push({
    fault,
    seconds:
      (result.durationMs / 1000).toFixed(1) +
      (exitAfterMs === undefined
        ? ''
        : ` (exit ${(exitAfterMs / 1000).toFixed(1)} s after SIGTERM)`),
    exit: String(result.exitCode),
    seen: seen(result, pick)
  })

// A GitHub API that accepts the connection and never answers.
{
  const name = project('github')
  const result = await act(
    {
      'project-name': name,
      'github-token': github.token,
      'github-deployment': 'true',
      'commit-status': 'true',
      'request-timeout': '5s'
    },
    { env: { GITHUB_API_URL: github.apiUrl } }
  )
  record('GitHub API never answers (request-timeout 5s), deploy', result, /GitHub did not answer/)
}

// SIGTERM while a GitHub call is stalled.
{
  const name = project('github')
  emulator.scriptNextDeployments(name, { stageDurationsMs: { build: 600_000 } })
  const seenCalls = github.calls.length
  let termAt = 0
  const cancelOn = new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (github.calls.length > seenCalls) {
        clearInterval(timer)
        termAt = Date.now()
        resolve()
      }
    }, 5)
  })
  const result = await act(
    {
      'project-name': name,
      'github-token': github.token,
      'github-deployment': 'true',
      'request-timeout': '5m'
    },
    {
      env: { GITHUB_API_URL: github.apiUrl },
      cancelOn,
      cancelSignal: 'SIGTERM',
      killAfterMs: 30_000
    }
  )
  record('SIGTERM during a stalled GitHub call', result, /cancelled/, Date.now() - termAt)
}

// A fork's pull request whose head branch is `main`.
for (const eventName of ['pull_request', 'pull_request_target']) {
  const name = project('direct')
  const result = await act({ 'project-name': name, directory: site() }, forkEvent(eventName))
  record(`fork PR on main, Direct Upload (${eventName})`, result, /pr-7/)
}
{
  const name = project('github')
  const result = await act({ 'project-name': name }, forkEvent('pull_request'))
  record('fork PR on main, Git project', result, /::error::/)
}

// A project answer without `source`.
{
  const name = project('direct')
  emulator.addFaults({
    match: { method: 'GET', path: `/projects/${name}$` },
    kind: 'omit-fields',
    fields: ['source'],
    times: 50
  })
  const result = await act({ 'project-name': name, directory: site(), branch: 'main' })
  record('project answer without source, Direct Upload', result, /is live at/)
}

// upsert-hashes failing every time.
{
  const name = project('direct')
  emulator.addFaults({
    match: { path: '/pages/assets/upsert-hashes' },
    kind: 'status',
    status: 500,
    body: 'html',
    times: 2
  })
  const result = await act({ 'project-name': name, directory: site(), branch: 'main' })
  record('upsert-hashes fails every time', result, /did not record the uploaded files/)
}

await Promise.all([emulator.close(), github.close()])

const width = (key: keyof Row) => Math.max(key.length, ...rows.map((row) => row[key].length))
const header: Row = { fault: 'fault', seconds: 'seconds', exit: 'exit', seen: 'what the user saw' }
for (const row of [header, ...rows]) {
  console.log(
    `${row.fault.padEnd(width('fault'))}  ${row.seconds.padEnd(width('seconds'))}  ${row.exit.padEnd(4)}  ${row.seen}`
  )
}
console.log(
  '\nSustained 524s on every upload (in-process, virtual clock: __tests__/operations/hardening.test.ts): waits of 5, 10, 20 and 40 s that do not count, then four counted attempts 80 s apart plus backoff; exit 1 after 9 attempts, 400 to 460 s in all, "Uploading to Cloudflare Pages failed after 9 attempts (HTTP 524 …)", no deployment created.'
)
