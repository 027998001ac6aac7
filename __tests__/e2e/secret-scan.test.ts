/**
 * Every byte the action writes (stdout, stderr, outputs, summary and the files under
 * RUNNER_TEMP), for every operation and its error paths, is scanned for every credential it
 * was given: the API token, the Global API Key, the deploy hook URL and the GitHub token, and
 * the secrets `operation: secrets` sets (also through the command line's --json, --dotenv and
 * --summary). Each must also travel only to its own host.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startFakeGitHub, type FakeGitHub } from '../../emulator/github.js'
import { startEmulator, type Emulator } from '../../emulator/server.js'
import type { ActionResult } from '../../harness/run-action.js'
import { runAction } from '../../harness/run-action.js'
import { act, FAST_STAGES, projectWithHistory, uniqueProject } from './support/world.js'

const KEY = 'c2547eb745079dac9320b638f5e225cf483cc'
/** Secrets a project is given: one line, several lines, and one given to the command line. */
const PROJECT_SECRET = 'proj-secret-9d8c7b6a5f4e'
const PEM_LINES = [
  '-----BEGIN KEY-----',
  'Zm9vYmFyYmF6cXV4cXV1eA',
  'cXV1eHF1dXhxdXV4cXV1',
  '-----END KEY-----'
]
const CLI_SECRET = 'cli-only-secret-1f2e3d4c'
const CLI_ENTRY = resolve(fileURLToPath(import.meta.url), '../../../dist/cli/index.js')
let emulator: Emulator
let github: FakeGitHub
beforeAll(async () => {
  emulator = await startEmulator({
    stageDurationsMs: FAST_STAGES,
    globalApiKey: { email: 'ops@example.com', key: KEY }
  })
  github = await startFakeGitHub()
})
afterAll(async () => {
  await Promise.all([emulator.close(), github.close()])
})

/** The text of a run with the runner's own mask registrations taken out. */
function written(result: ActionResult): string {
  return result.allText.replace(/^::add-mask::.*$/gm, '')
}

describe('secret scan across all operations and error paths', () => {
  it('no credential appears in anything the action writes', async () => {
    const { name, live, older } = projectWithHistory(emulator)
    const hook = emulator.addDeployHook(name, { branch: 'main' })
    const echo = [
      `echo CLOUDFLARE_API_TOKEN=${emulator.token}`,
      `curl -H "Authorization: Bearer ${github.token}"`
    ]
    const withGitHub = {
      'github-token': github.token,
      'github-deployment': 'true',
      'comment-on-pr': 'true',
      'commit-status': 'true'
    }
    const pr = {
      env: { GITHUB_API_URL: github.apiUrl, GITHUB_EVENT_NAME: 'pull_request' },
      event: { pull_request: { number: 5, head: { sha: 'a'.repeat(40), ref: 'feature/s' } } }
    }
    emulator.scriptNextDeployments(
      name,
      { outcome: 'failure', logLines: echo },
      { siteStatus: 500, logLines: echo }
    )
    const failedRetry = emulator.seedDeployment(name, {
      branch: 'feature/r',
      outcome: 'failure',
      createdAgoMs: 1000,
      logLines: echo
    })
    const runs: ActionResult[] = []
    const each = async (inputs: Record<string, string>, extra = {}) =>
      runs.push(await act(emulator, inputs, extra))
    // Successes and failures of every operation, with every GitHub feature on.
    await each({ 'project-name': name, branch: 'main', ...withGitHub }, pr) // failed build echoing secrets
    await each(
      {
        'project-name': name,
        branch: 'main',
        'health-check-path': '/',
        'health-check-timeout': '1s',
        'rollback-on-failure': 'true',
        ...withGitHub
      },
      pr
    )
    await each(
      { operation: 'trigger', 'project-name': name, branch: 'feature/t', ...withGitHub },
      pr
    )
    await each(
      {
        operation: 'wait',
        'project-name': name,
        'commit-hash': 'b'.repeat(40),
        'wait-timeout': '1s',
        ...withGitHub
      },
      pr
    )
    await each({ operation: 'rollback', 'project-name': name, 'deployment-id': older.id })
    await each({ operation: 'logs', 'project-name': name, 'deployment-id': failedRetry.id })
    await each({ operation: 'status', 'project-name': name, 'deployment-id': live.id })
    await each(
      { operation: 'retry', 'project-name': name, 'deployment-id': failedRetry.id, ...withGitHub },
      pr
    )
    await each({ operation: 'cleanup', 'project-name': name, 'dry-run': 'true' })
    await each(
      { operation: 'teardown-preview', 'project-name': name, branch: 'feature/t', ...withGitHub },
      pr
    )
    await each({ operation: 'project', 'project-name': name })
    await each({ operation: 'domains', 'project-name': name })
    // Error paths: bad input, unknown project, refused credentials, an API that keeps failing, a cancel.
    await each({ 'project-name': name, 'wait-timeout': 'never', 'deployment-id': emulator.token })
    await each({ operation: 'status', 'project-name': uniqueProject('missing') })
    await each({
      operation: 'status',
      'project-name': name,
      'api-token': '',
      'api-key': KEY,
      'api-email': 'wrong@example.com'
    })
    // An API that keeps refusing: a rate limit asking for 5 minutes fails the run at once.
    emulator.addFaults({
      match: { path: `/projects/${name}$` },
      kind: 'status',
      status: 429,
      retryAfterSeconds: 300,
      body: 'json'
    })
    await each({ operation: 'status', 'project-name': name })
    emulator.scriptNextDeployments(name, { stageDurationsMs: { build: 30_000 } })
    await each({ 'project-name': name, branch: 'main' }, { cancelAfterMs: 800 })
    // The deploy hook, without an API token.
    runs.push(
      await runAction({
        inputs: { operation: 'trigger', 'project-name': name, 'deploy-hook-url': hook.url },
        env: { CLOUDFLARE_API_BASE_URL: emulator.apiBaseUrl }
      })
    )
    runs.push(
      await runAction({
        inputs: { operation: 'status', 'project-name': name, 'deploy-hook-url': hook.url },
        env: { CLOUDFLARE_API_BASE_URL: emulator.apiBaseUrl }
      })
    )

    // The hardened paths: a fork's pull request renamed to pr-<number>, a project answered
    // without its source, hashes that Cloudflare does not record, and a GitHub that stalls.
    const direct = uniqueProject('scan-direct')
    emulator.addProject({ name: direct, source: 'direct' })
    const site = mkdtempSync(join(tmpdir(), 'pages-pilot-scan-'))
    writeFileSync(join(site, 'index.html'), `<p>${emulator.token.slice(0, 4)}</p>`)
    const fork = {
      env: { GITHUB_API_URL: github.apiUrl, GITHUB_EVENT_NAME: 'pull_request_target' },
      event: {
        number: 6,
        repository: { full_name: 'acme/site' },
        pull_request: {
          number: 6,
          head: { sha: 'e'.repeat(40), ref: 'main', repo: { full_name: 'mallory/site' } },
          base: { ref: 'main', repo: { full_name: 'acme/site' } }
        }
      }
    }
    await each({ 'project-name': direct, directory: site, ...withGitHub }, fork)
    emulator.addFaults(
      {
        match: { path: `/projects/${direct}$` },
        kind: 'omit-fields',
        fields: ['source'],
        times: 3
      },
      { match: { path: '/pages/assets/upsert-hashes' }, kind: 'status', status: 500, times: 2 }
    )
    writeFileSync(join(site, 'new.html'), '<p>new</p>')
    await each({ 'project-name': direct, directory: site, branch: 'main' })
    github.hang()
    await each(
      { 'project-name': direct, directory: site, 'request-timeout': '500ms', ...withGitHub },
      fork
    )
    github.hang(false)

    // operation secrets: set, a dry run, refused lines, an API that refuses, and the project
    // operation changing the production branch.
    const settings = uniqueProject('scan-settings')
    emulator.addProject({ name: settings, source: 'direct' })
    const secretInputs = {
      operation: 'secrets',
      'project-name': settings,
      environment: 'production',
      secrets: `PROJECT_SECRET=${PROJECT_SECRET}\nPEM="${PEM_LINES.join('\\n')}"`,
      vars: 'MODE=plain'
    }
    await each(secretInputs)
    await each({ ...secretInputs, 'dry-run': 'true' })
    await each({
      ...secretInputs,
      secrets: `${PROJECT_SECRET}\nX=${PROJECT_SECRET}#1\nBAD NAME=${PEM_LINES[1]}`
    })
    emulator.addFaults({ match: { method: 'PATCH' }, kind: 'status', status: 403 })
    await each(secretInputs)
    await each({ ...secretInputs, operation: 'status' })
    await each({ operation: 'project', 'project-name': settings, 'production-branch': 'release' })
    const cli = await runCli(
      ['secrets', '--project-name', settings, '--environment', 'preview', '--json'],
      { PAGES_PILOT_SECRETS: `CLI_SECRET=${CLI_SECRET}` }
    )
    expect(cli.code).toBe(0)
    expect(emulator.getEnvVars(settings, 'preview')?.CLI_SECRET?.value).toBe(CLI_SECRET)
    const cliRefused = await runCli(
      ['secrets', '--project-name', settings, '--environment', 'preview', '--json'],
      { PAGES_PILOT_SECRETS: `${CLI_SECRET}\nAPI_KEY=${PROJECT_SECRET}` }
    )
    expect(cliRefused.code).toBe(2)
    expect(emulator.getEnvVars(settings, 'production')?.PEM?.value).toBe(PEM_LINES.join('\n'))

    const secrets = {
      'API token': emulator.token,
      'Global API Key': KEY,
      'deploy hook id': hook.id,
      'GitHub token': github.token,
      'project secret': PROJECT_SECRET,
      ...Object.fromEntries(PEM_LINES.slice(1, 3).map((line, i) => [`secret line ${i + 1}`, line])),
      'command-line secret': CLI_SECRET
    }
    for (const [index, run] of runs.entries()) {
      const text = written(run)
      for (const [label, secret] of Object.entries(secrets)) {
        expect([index, label, text.includes(secret)]).toEqual([index, label, false])
      }
    }
    expect(runs.length).toBe(28)
    for (const [index, run] of [cli, cliRefused].entries()) {
      for (const [label, secret] of Object.entries(secrets)) {
        expect(['cli', index, label, run.text.includes(secret)]).toEqual([
          'cli',
          index,
          label,
          false
        ])
      }
    }

    // Each credential went to its own host only.
    expect(JSON.stringify(emulator.requests)).not.toContain(github.token)
    for (const call of github.calls)
      expect(JSON.stringify(call)).not.toMatch(
        new RegExp(`${emulator.token}|${KEY}|${hook.id}|${PROJECT_SECRET}|${CLI_SECRET}`)
      )
    for (const r of emulator.requests.filter((r) => r.path.startsWith('/__sites/'))) {
      expect(r.headers.authorization).toBeUndefined()
    }
  }, 120_000)
})

/**
 * `node dist/cli/index.js <args> --dotenv <file> --summary <file>` outside any CI, with the
 * emulator's credentials; `text` is everything it wrote: stdout, stderr and both files.
 */
async function runCli(
  args: string[],
  env: Record<string, string>
): Promise<{ code: number | null; text: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'pages-pilot-scan-cli-'))
  const files = [join(dir, 'out.env'), join(dir, 'summary.md')]
  for (const file of files) writeFileSync(file, '')
  const child = spawn(
    process.execPath,
    [CLI_ENTRY, ...args, '--dotenv', files[0]!, '--summary', files[1]!],
    {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: dir,
        CLOUDFLARE_API_BASE_URL: emulator.apiBaseUrl,
        CLOUDFLARE_API_TOKEN: emulator.token,
        CLOUDFLARE_ACCOUNT_ID: emulator.accountId,
        ...env
      }
    }
  )
  let out = ''
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()))
  const code = await new Promise<number | null>((done) => child.on('close', done))
  return { code, text: [out, ...files.map((file) => readFileSync(file, 'utf8'))].join('\n') }
}
