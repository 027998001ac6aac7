/**
 * The `pages-pilot` command in this process: arguments, exit codes, what goes to standard
 * output and standard error, the dotenv and summary files, the CI contexts and the user cache.
 * The packed package, installed as a user installs it, is tested in e2e/cli-package.test.ts.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Emulator } from '../emulator/server.js'
import { readBuildkiteContext } from '../src/ci/buildkite.js'
import { readCircleCiContext } from '../src/ci/circleci.js'
import { detectCi } from '../src/ci/detect.js'
import { readGitLabContext } from '../src/ci/gitlab.js'
import { readLocalContext } from '../src/ci/local.js'
import { ACTION_INPUTS, ACTION_OUTPUTS } from '../src/cli/action-inputs.js'
import { parseArgs, UsageError } from '../src/cli/args.js'
import { inCliWords } from '../src/cli/help.js'
import { dotenv, DOTENV_LIMITS, main, userCacheDir } from '../src/cli/main.js'
import { VERSION } from '../src/util/version.js'
import { liveCommands } from './support/runner-commands.js'
import { seededToolCache } from './support/tool-cache.js'
import { act, clockOf, startWorld, uniqueProject } from './support/world.js'

const ROOT = resolve(fileURLToPath(import.meta.url), '../..')

let emulator: Emulator
beforeAll(async () => {
  emulator = await startWorld()
})
afterAll(async () => {
  await emulator.close()
})

interface CliResult {
  code: number
  stdout: string
  stderr: string
}

/** Runs `pages-pilot <argv>` in this process against the emulator, outside any CI. */
async function cli(
  argv: string[],
  env: NodeJS.ProcessEnv = {},
  options: { cwd?: string; signal?: AbortSignal; interruptedBy?: 'SIGINT' | 'SIGTERM' } = {}
): Promise<CliResult> {
  let stdout = ''
  let stderr = ''
  const code = await main(
    argv,
    {
      CLOUDFLARE_API_BASE_URL: emulator.apiBaseUrl,
      CLOUDFLARE_API_TOKEN: emulator.token,
      CLOUDFLARE_ACCOUNT_ID: emulator.accountId,
      XDG_CACHE_HOME: userCache(),
      ...env
    },
    {
      stdout: (text) => (stdout += text),
      stderr: (text) => (stderr += text),
      cwd: options.cwd ?? mkdtempSync(join(tmpdir(), 'pages-pilot-cli-cwd-')),
      signal: options.signal ?? new AbortController().signal,
      interruptedBy: () => options.interruptedBy,
      clock: clockOf(emulator)
    }
  )
  return { code, stdout, stderr }
}

/** A user cache folder (XDG_CACHE_HOME) whose pages-pilot folder already holds esbuild. */
let cacheHome: string | undefined
function userCache(): string {
  if (cacheHome) return cacheHome
  cacheHome = mkdtempSync(join(tmpdir(), 'pages-pilot-xdg-'))
  symlinkSync(seededToolCache(), join(cacheHome, 'pages-pilot'))
  return cacheHome
}

function site(files: Record<string, string> = { 'index.html': '<h1>cli</h1>' }): string {
  const root = mkdtempSync(join(tmpdir(), 'pages-pilot-cli-site-'))
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true })
    writeFileSync(join(root, path), content)
  }
  return root
}

const FAST = ['--poll-interval', '100ms']

describe('arguments', () => {
  it('takes the operation first, flags as --name value or --name=value, a boolean flag alone as true', () => {
    expect(
      parseArgs(['deploy', '--project-name', 'site', '--branch=main', '--create-project', '--json'])
    ).toEqual({
      inputs: {
        operation: 'deploy',
        'project-name': 'site',
        branch: 'main',
        'create-project': 'true'
      },
      options: { json: true, help: false, version: false, dotenv: undefined, summary: undefined }
    })
    expect(parseArgs(['--dry-run', 'false', 'cleanup']).inputs).toEqual({
      'dry-run': 'false',
      operation: 'cleanup'
    })
  })

  it('refuses an unknown flag, a missing value and two operations, naming them', () => {
    expect(() => parseArgs(['deploy', '--projet-name', 'x'])).toThrow(
      new UsageError(
        "unknown flag --projet-name. Flags are the action's inputs (run pages-pilot --help to list them)."
      )
    )
    expect(() => parseArgs(['deploy', '--project-name'])).toThrow('--project-name needs a value.')
    expect(() => parseArgs(['deploy', 'status'])).toThrow(
      new UsageError(
        'one operation at a time: deploy and status are both operations. Run pages-pilot once for each.'
      )
    )
    expect(() => parseArgs(['deploy', '--operation', 'status'])).toThrow(
      'the operation is given twice: deploy and --operation status.'
    )
    expect(() => parseArgs(['--json=yes'])).toThrow('--json takes no value.')
    expect(() => parseArgs(['--dry-run', 'yes', 'cleanup'])).toThrow(
      '--dry-run is true or false: write --dry-run, --dry-run=true or --dry-run=false.'
    )
    expect(() => parseArgs(['deploy', '--'])).toThrow('unknown flag --.')
  })

  it('never repeats a value in a usage error: it may be a secret', () => {
    const secret = 'cf-token-0123456789abcdef'
    for (const argv of [
      ['deploy', `-api-token=${secret}`],
      ['deploy', `—api-token=${secret}`],
      ['deploy', '--json', secret],
      ['status', '--project-name', 'site', secret],
      [secret, '--project-name', 'site'],
      ['deploy', '--projekt', secret]
    ]) {
      const message = (() => {
        try {
          parseArgs(argv)
          return 'no error'
        } catch (error) {
          return (error as Error).message
        }
      })()
      expect(message).not.toBe('no error')
      expect(message).not.toContain(secret)
    }
  })

  it('takes a value that starts with -- in the --name=value form', () => {
    expect(() => parseArgs(['deploy', '--commit-message', '--- release'])).toThrow(
      '--commit-message needs a value (a value that starts with -- is written --commit-message=value).'
    )
    expect(parseArgs(['deploy', '--commit-message=--- release']).inputs['commit-message']).toBe(
      '--- release'
    )
  })

  it('has one flag per input of action.yml, and --help lists every one', async () => {
    const { renderActionInputs } = (await import(join(ROOT, 'scripts', 'cli-flags.mjs'))) as {
      renderActionInputs: (yml: string) => string
    }
    expect(readFileSync(join(ROOT, 'src', 'cli', 'action-inputs.ts'), 'utf8')).toBe(
      renderActionInputs(readFileSync(join(ROOT, 'action.yml'), 'utf8'))
    )
    const help = await cli(['--help'])
    expect(help.code).toBe(0)
    for (const input of ACTION_INPUTS.filter((i) => i.name !== 'operation')) {
      expect(help.stdout).toContain(`--${input.name}`)
    }
    for (const output of ACTION_OUTPUTS) expect(help.stdout).toContain(output)
    expect(help.stdout).toContain('deploy, trigger, wait, rollback, logs, status')
  })

  it('--version prints the version of package.json', async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }
    expect(VERSION).toBe(pkg.version)
    expect((await cli(['--version'])).stdout).toBe(`${pkg.version}\n`)
  })
})

describe('an operation is named, never assumed', () => {
  it('alone, prints the usage and exits 2, doing nothing', async () => {
    const before = emulator.requests.length
    const result = await cli([])
    expect(result).toMatchObject({ code: 2, stdout: '' })
    expect(result.stderr).toBe(
      [
        'Usage: pages-pilot <operation> [flags]',
        '',
        'Operations:',
        '  deploy, trigger, wait, rollback, logs, status, retry, cleanup,',
        '  teardown-preview, project, secrets, domains',
        '',
        'For example: pages-pilot deploy --project-name my-site --directory dist',
        'pages-pilot --help lists every flag.',
        ''
      ].join('\n')
    )
    expect(emulator.requests.length).toBe(before)
  })

  it('with flags and no operation, deploys nothing (no project created) and says to name one', async () => {
    const name = uniqueProject('cli-no-op')
    const before = emulator.requests.length
    const result = await cli(['--project-name', name, '--directory', site(), '--create-project'])
    expect(result).toMatchObject({ code: 2, stdout: '' })
    expect(result.stderr).toBe(
      'pages-pilot: no operation: the command starts with one, as in pages-pilot deploy --project-name my-site --directory dist. Operations: deploy, trigger, wait, rollback, logs, status, retry, cleanup, teardown-preview, project, secrets, domains.\n'
    )
    expect(emulator.requests.length).toBe(before)
    expect(emulator.getProject(name)).toBeUndefined()
    expect(parseArgs(['--operation', 'status', '--project-name', name]).inputs.operation).toBe(
      'status'
    )
  })

  it('names a word that is not an operation', () => {
    expect(() => parseArgs(['deplyo', '--project-name', 'x'])).toThrow(
      new UsageError(
        "'deplyo' is not an operation: the command starts with one, as in pages-pilot deploy --project-name my-site --directory dist. Operations: deploy, trigger, wait, rollback, logs, status, retry, cleanup, teardown-preview, project, secrets, domains."
      )
    )
  })
})

describe('a stray word after the operation', () => {
  const refusal = (argv: string[]): string => {
    try {
      parseArgs(argv)
    } catch (error) {
      if (error instanceof UsageError) return error.message
      throw error
    }
    throw new Error(`${argv.join(' ')} was accepted`)
  }

  it('is named, with the flag it most likely belongs to', async () => {
    const result = await cli(['status', 'my-site'])
    expect(result).toMatchObject({ code: 2, stdout: '' })
    expect(result.stderr).toBe(
      "pages-pilot: 'my-site' after status is not a flag: only flags follow the operation. Did you mean --project-name my-site?\n"
    )
    const id = '3f1c2a9e-5b7d-4c1e-9a0b-2d4e6f8a1b3c'
    expect(refusal(['logs', '--project-name', 'my-site', id])).toBe(
      `'${id}' after logs is not a flag: only flags follow the operation. Did you mean --deployment-id ${id}?`
    )
    expect(refusal(['wait', '--project-name', 'my-site', 'a1b2c3d4e5f6'])).toBe(
      "'a1b2c3d4e5f6' after wait is not a flag: only flags follow the operation. Did you mean --commit-hash a1b2c3d4e5f6?"
    )
    expect(refusal(['teardown-preview', '--project-name', 'my-site', 'feature/nav'])).toBe(
      "'feature/nav' after teardown-preview is not a flag: only flags follow the operation. Did you mean --branch feature/nav?"
    )
    expect(refusal(['cleanup', '--project-name', 'my-site', '7d'])).toBe(
      "'7d' after cleanup is not a flag: only flags follow the operation. Did you mean --older-than 7d?"
    )
  })

  it('offers both flags when the word may be either, and a flag given already is not offered', () => {
    expect(refusal(['deploy', 'my-site'])).toBe(
      "'my-site' after deploy is not a flag: only flags follow the operation. Did you mean --project-name my-site, or --directory my-site?"
    )
    expect(refusal(['deploy', '--project-name', 'my-site', 'dist'])).toBe(
      "'dist' after deploy is not a flag: only flags follow the operation. Did you mean --directory dist?"
    )
    expect(refusal(['deploy', 'my-site', './dist'])).toBe(
      "'my-site' and './dist' after deploy are not flags: only flags follow the operation. Did you mean --project-name my-site --directory ./dist?"
    )
    expect(refusal(['status', '--project-name', 'my-site', 'extra'])).toBe(
      "'extra' after status is not a flag: only flags follow the operation. Write each value after its flag, such as --project-name my-site (pages-pilot --help lists them)."
    )
  })

  it('is not repeated when it may be a credential', () => {
    const token = 'Abc0123456789xyzABC0123456789xyzABC01234'
    const message = refusal(['status', '--project-name', 'my-site', token])
    expect(message).toBe(
      'a word of 40 characters (not repeated: it may be a secret) after status is not a flag: only flags follow the operation. Write each value after its flag, such as --project-name my-site (pages-pilot --help lists them).'
    )
    expect(refusal(['secrets', '--project-name', 'my-site', 'DB_PASSWORD=x'])).not.toContain(
      'DB_PASSWORD'
    )
  })
})

/** An input's name written as the action writes it, not as a flag: `name` or `name: value`. */
function actionSyntax(text: string): string[] {
  const found: string[] = []
  for (const { name } of ACTION_INPUTS) {
    const escaped = name.replace(/-/g, '\\-')
    // A setting, `create-project: true`, for any input; a bare name for the hyphenated ones,
    // which are never English words (an output of the same name is no input).
    const setting = new RegExp(`(?<![-\\w])(?<!operation )${escaped}: `, 'g')
    const bare = new RegExp(`(?<![-\\w<])${escaped}(?![-\\w]| output)`, 'g')
    for (const match of text.matchAll(setting)) found.push(match[0])
    if (name.includes('-')) for (const match of text.matchAll(bare)) found.push(match[0])
  }
  if (/Invalid inputs?:/.test(text)) found.push('Invalid input')
  // A workflow's remedies: its expressions, and re-running a job.
  for (const phrase of ['${{ secrets', '${{ github.ref', '${{ github.head_ref', 're-run the job']) {
    if (text.includes(phrase)) found.push(phrase)
  }
  return found
}

describe("the command line's own words", () => {
  it('every refusal names flags as typed (--create-project), never as the action writes inputs', async () => {
    const missing = uniqueProject('cli-words-missing')
    const empty = uniqueProject('cli-words-empty')
    emulator.addProject({ name: empty, source: 'direct' })
    const down = uniqueProject('cli-words-down')
    emulator.addProject({ name: down, source: 'direct' })
    emulator.addFaults({
      match: { path: `/projects/${down}` },
      kind: 'status',
      status: 503,
      times: 50
    })
    const hook = 'https://api.cloudflare.com/client/v4/pages/webhooks/deploy_hooks/c0ffee00c0ffee00'
    const runs: Array<[string[], NodeJS.ProcessEnv?]> = [
      [['deploy', '--project-name', 'x', '--wait-timeout', '5min', '--poll-interval', 'often']],
      [['deploy', '--directory', 'dist']],
      [['deploy', '--project-name', 'x', '--production-branch', 'main']],
      [['status', '--project-name', 'x', '--create-project', '--directory', 'dist']],
      [['deploy', '--project-name', 'x', '--create-project']],
      [['trigger', '--project-name', 'x', '--deploy-hook-url', hook, '--branch', 'main']],
      [['deploy', '--project-name', 'x', '--deploy-hook-url', hook, '--create-project']],
      [['status', '--project-name', 'x', '--secrets', 'A=b', '--vars', 'C=d']],
      [['deploy', '--project-name', 'x', '--directory', site(), '--verify-before-production']],
      [['deploy', '--project-name', 'x', '--smoke-headers', 'X-Key: y']],
      [['deploy', '--project-name', 'x', '--health-check-path', '/a', '--smoke-checks', '/ 200']],
      [['cleanup', '--project-name', 'x', '--environment', 'staging', '--keep-latest', '0']],
      [['secrets', '--project-name', 'x']],
      [
        [
          'secrets',
          '--project-name',
          'x',
          '--environment',
          'all',
          '--secrets',
          'A',
          '--vars',
          'A=1'
        ]
      ],
      [['rollback', '--project-name', 'x', '--environment', 'preview', '--force=maybe']],
      [['deploy', '--project-name', 'x', '--working-directory', 'nope', '--branch', 'a..b']],
      [['deploy', '--project-name', 'x'], { CLOUDFLARE_API_TOKEN: '' }],
      [['deploy', '--project-name', 'x', '--account-id', '123', '--api-key', 'k']],
      [['cleanup', '--project-name', 'x', '--api-rate-limit', 'lots', '--max-deletions', 'all']],
      [['deploy', '--project-name', missing, '--directory', site(), '--branch', 'main', ...FAST]],
      [['status', '--project-name', empty]],
      [['deploy', '--project-name', 'x', '--branch', 'refs/tags/v1.2.0']],
      [['deploy', '--project-name', 'x', '--branch', 'refs/pull/7/merge']],
      [['secrets', '--project-name', 'x', '--secrets', 'A=']],
      [['secrets', '--project-name', 'x'], { PAGES_PILOT_SECRETS: '' }],
      [['status', '--project-name', down]]
    ]
    const messages: string[] = []
    for (const [argv, env] of runs) {
      const result = await cli(argv, env)
      expect([argv, result.code]).toEqual([argv, expect.any(Number)])
      expect(result.code).not.toBe(0)
      messages.push(result.stderr)
    }
    const all = messages.join('\n')
    expect(actionSyntax(all)).toEqual([])
    expect(all).toContain(
      "is the Git ref of a pull request, not a branch. Pass the pull request's branch name"
    )
    expect(all).toContain('this is usually temporary, so run the command again.')
    expect(all).toContain('A shell or CI variable that is not set expands to nothing')
    // The fixes, in the command line's words.
    expect(all).toContain(
      "--wait-timeout: '5min' is not a duration; write a number and a unit (ms, s, m, h or d), such as 1500ms, 90s, 10m, 12h, 7d or 1h30m, or a number of seconds."
    )
    expect(all).toContain(
      "--production-branch: used with --create-project (the production branch of the project it creates) or with pages-pilot project (to change an existing project's); remove it, or set one of them."
    )
    expect(all).toContain(
      '--deploy-hook-url: only operation trigger uses a deploy hook; remove it or use pages-pilot trigger.'
    )
    expect(all).toContain('To create it with this deployment, set --create-project (it creates')
    expect(all).toContain(
      "Give the project's folder relative to the current folder, such as apps/site."
    )
    expect(all).toContain(
      '--api-token: required. Create an API token with the "Account › Cloudflare Pages › Edit" permission, and set the CLOUDFLARE_API_TOKEN environment variable to it.'
    )
    expect(all).toContain(`project '${empty}' has no deployments yet. Pass --deployment-id`)
    expect(all).toMatch(/^pages-pilot: Invalid flags:\n {2}- --wait-timeout: /m)

    // The action, in the same process, still writes its inputs as a workflow does.
    const action = await act(emulator, {
      'project-name': missing,
      directory: site(),
      'production-branch': 'main'
    })
    expect(action.outputs.error).toBe(
      "Invalid input: production-branch: used with create-project: true (the production branch of the project it creates) or with operation: project (to change an existing project's); remove it, or set one of them."
    )
    const deployed = await act(emulator, { 'project-name': missing, directory: site() })
    expect(deployed.outputs.error).toContain(
      'To create it with this deployment, set create-project: true (it creates'
    )
  })

  it('--help reads in flags, the current folder and exit codes, and marks the GitHub-only inputs', async () => {
    const help = (await cli(['--help'])).stdout
    const flat = help.replace(/\n\s+/g, ' ')
    expect(flat).toContain(
      '--working-directory <value> The project folder, for monorepos: --directory, functions/ and wrangler.toml (or wrangler.json, wrangler.jsonc) are found relative to it. Relative to the current folder. (default: .)'
    )
    expect(flat).toContain(
      '--fail-on-error[=true|false] Exit with 1 when the operation fails. With false,'
    )
    expect(flat).toContain(
      'How long to wait for a deployment to finish before exiting with 1, e.g. 20m'
    )
    expect(flat).toContain('With --create-project: the production branch')
    expect(flat).toContain('With pages-pilot project: changes')
    for (const name of [
      'github-token',
      'github-deployment',
      'github-environment',
      'comment-on-pr',
      'pull-request-number',
      'commit-status',
      'wait-for-checks'
    ]) {
      expect(help).toMatch(
        new RegExp(`^ {2}--${name}( <value>|\\S*) {2}\\(GitHub Actions only\\)$`, 'm')
      )
    }
    expect(help).not.toMatch(/^ {2}--(project-name|directory|api-token).*\(GitHub/m)
    const descriptions = ACTION_INPUTS.map((input) => inCliWords(input.description)).join('\n')
    expect(descriptions).not.toMatch(/the step|workspace/i)
    // Bare input names left are operation labels (`secrets: encrypted variables…`).
    expect(
      actionSyntax(descriptions).filter((found) => !/^(secrets|environment): $/.test(found))
    ).toEqual([])
  })
})

describe('a run', () => {
  it('deploys a folder: progress on stderr, the outputs as JSON on stdout, no workflow command, the token never printed', async () => {
    const name = uniqueProject('cli')
    emulator.addProject({ name, source: 'direct' })
    const result = await cli([
      'deploy',
      '--project-name',
      name,
      '--directory',
      site(),
      '--branch',
      'main',
      '--json',
      ...FAST
    ])
    expect(result.code).toBe(0)
    const outputs = JSON.parse(result.stdout) as Record<string, string>
    expect(Object.keys(outputs).sort()).toEqual([...ACTION_OUTPUTS].sort())
    expect(outputs).toMatchObject({
      status: 'success',
      environment: 'production',
      'files-uploaded': '1'
    })
    expect(result.stderr).toContain(`Creating a deployment of branch main in project ${name}`)
    expect(result.stderr).not.toMatch(/^::/m)
    expect(result.stdout + result.stderr).not.toContain(emulator.token)
  })

  it('in a GitHub Actions step, keeps the lines of a hostile build log inert', async () => {
    const name = uniqueProject('cli-hostile')
    emulator.addProject({ name })
    const hostile = ['::add-mask::Success', '::set-output name=url::https://evil.example']
    emulator.scriptNextDeployments(name, { outcome: 'failure', logLines: hostile })
    const event = join(mkdtempSync(join(tmpdir(), 'pages-pilot-cli-event-')), 'event.json')
    writeFileSync(event, '{}')
    const result = await cli(['deploy', '--project-name', name, ...FAST], {
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: 'push',
      GITHUB_EVENT_PATH: event
    })
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('::set-output name=url::https://evil.example')
    const live = liveCommands(result.stderr)
    expect(live.map((command) => command.name)).toEqual(expect.arrayContaining(['stop-commands']))
    expect(live.filter((command) => command.name !== 'stop-commands')).toEqual([])
  })

  it('exits 1 when the build fails, with the error on stderr and in the outputs', async () => {
    const name = uniqueProject('cli-fail')
    emulator.addProject({ name })
    emulator.scriptNextDeployments(name, { outcome: 'failure', failAt: 'build' })
    const result = await cli(['deploy', '--project-name', name, '--json', ...FAST])
    expect(result.code).toBe(1)
    const outputs = JSON.parse(result.stdout) as Record<string, string>
    expect(outputs.status).toBe('failure')
    expect(result.stderr).toContain(outputs.error)
  })

  it('exits 0 on a failure with --fail-on-error=false, and says why', async () => {
    const name = uniqueProject('cli-soft')
    emulator.addProject({ name })
    emulator.scriptNextDeployments(name, { outcome: 'failure', failAt: 'build' })
    const result = await cli(['deploy', '--project-name', name, '--fail-on-error=false', ...FAST])
    expect(result.code).toBe(0)
    expect(result.stderr).toContain('(--fail-on-error=false, so the exit code is 0)')
  })

  it('exits 2 on an unknown flag or a bad value, naming it, before any request', async () => {
    const before = emulator.requests.length
    const unknown = await cli(['status', '--project', 'x'])
    expect(unknown).toMatchObject({ code: 2, stdout: '' })
    expect(unknown.stderr).toContain('unknown flag --project.')
    const bad = await cli(['deploy', '--project-name', 'x', '--wait-timeout', 'soon'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain("--wait-timeout: 'soon' is not a duration")
    expect(emulator.requests.length).toBe(before)
  })

  it('refuses the GitHub-only features outside GitHub Actions', async () => {
    const result = await cli(
      ['deploy', '--project-name', 'x', '--comment-on-pr', '--commit-status'],
      {
        GITLAB_CI: 'true'
      }
    )
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(
      '--comment-on-pr, --commit-status work with GitHub, which needs a GitHub Actions run (its event and token); this is gitlab. Leave them out.'
    )
    // It reads GitHub's checks: without GitHub it would fail only after the verified preview.
    const checks = await cli(['deploy', '--project-name', 'x', '--wait-for-checks'])
    expect([checks.code, checks.stderr]).toEqual([
      2,
      'pages-pilot: --wait-for-checks works with GitHub, which needs a GitHub Actions run (its event and token); this is not a CI run. Leave it out.\n'
    ])
  })

  it('redacts a token given as a flag from everything it prints, even when the API repeats it', async () => {
    const token = 'flag-token-0123456789abcdef'
    const name = uniqueProject('cli-echo')
    emulator.addProject({ name })
    emulator.addFaults({
      match: { path: `/projects/${name}` },
      kind: 'success-false',
      code: 8000000,
      message: `the request with token ${token} failed`,
      times: 10
    })
    const before = emulator.requests.length
    const result = await cli(['status', '--project-name', name, '--api-token', token, '--json'], {
      CLOUDFLARE_API_TOKEN: ''
    })
    // The emulator accepts only its own token: the fault answers before authentication.
    expect(emulator.requests.length).toBeGreaterThan(before)
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('the request with token *** failed')
    expect(result.stdout + result.stderr).not.toContain(token)
  })

  it('writes GitLab dotenv outputs and the Markdown summary to the files named', async () => {
    const name = uniqueProject('cli-files')
    emulator.addProject({ name })
    const dir = mkdtempSync(join(tmpdir(), 'pages-pilot-cli-files-'))
    const result = await cli([
      'deploy',
      '--project-name',
      name,
      '--dotenv',
      join(dir, 'deploy.env'),
      '--summary',
      join(dir, 'out', 'summary.md'),
      ...FAST
    ])
    expect(result.code).toBe(0)
    const lines = readFileSync(join(dir, 'deploy.env'), 'utf8').trimEnd().split('\n')
    expect(lines.length).toBeLessThanOrEqual(20)
    expect(lines.filter((line) => line.endsWith('='))).toEqual([])
    expect(lines.slice(0, 3).map((line) => line.split('=')[0])).toEqual([
      'PAGES_PILOT_DEPLOYMENT_ID',
      'PAGES_PILOT_URL',
      'PAGES_PILOT_STATUS'
    ])
    expect(lines).toContain('PAGES_PILOT_STATUS=success')
    expect(lines.find((l) => l.startsWith('PAGES_PILOT_DEPLOYMENT_ID='))).toMatch(
      /^PAGES_PILOT_DEPLOYMENT_ID=[0-9a-f-]{36}$/
    )
    expect(readFileSync(join(dir, 'out', 'summary.md'), 'utf8')).toContain(
      'Cloudflare Pages deploy'
    )
  })

  it('secrets: reads PAGES_PILOT_SECRETS and PAGES_PILOT_VARS, and no value reaches what it writes', async () => {
    const name = uniqueProject('cli-secrets')
    emulator.addProject({ name, source: 'direct' })
    const dir = mkdtempSync(join(tmpdir(), 'pages-pilot-cli-secrets-'))
    const secret = 'cli-secret-value-7a6b5c'
    const result = await cli(
      [
        'secrets',
        '--project-name',
        name,
        '--environment',
        'preview',
        '--json',
        '--dotenv',
        join(dir, 'out.env'),
        '--summary',
        join(dir, 'summary.md')
      ],
      { PAGES_PILOT_SECRETS: `DB_PASSWORD=${secret}`, PAGES_PILOT_VARS: 'REGION=eu' }
    )
    expect([result.code, result.stderr]).toEqual([0, expect.stringContaining('DB_PASSWORD')])
    expect(JSON.parse(result.stdout)).toMatchObject({
      status: 'success',
      'variables-changed': 'true'
    })
    expect(emulator.getEnvVars(name, 'preview')).toEqual({
      DB_PASSWORD: { type: 'secret_text', value: secret },
      REGION: { type: 'plain_text', value: 'eu' }
    })
    const files = ['out.env', 'summary.md'].map((f) => readFileSync(join(dir, f), 'utf8'))
    expect(files[0]).toContain('PAGES_PILOT_VARIABLES_CHANGED=true')
    for (const text of [result.stdout, result.stderr, ...files]) expect(text).not.toContain(secret)
    // A flag wins over the environment.
    const flag = await cli(
      [
        'secrets',
        '--project-name',
        name,
        '--environment',
        'preview',
        '--secrets',
        'OTHER=flag-value'
      ],
      { PAGES_PILOT_SECRETS: `DB_PASSWORD=${secret}` }
    )
    expect(flag.code).toBe(0)
    expect(emulator.getEnvVars(name, 'preview')?.OTHER?.value).toBe('flag-value')
  })

  it('returns 130 or 143 when interrupted, after writing what it has', async () => {
    const name = uniqueProject('cli-int')
    emulator.addProject({ name })
    const controller = new AbortController()
    controller.abort()
    const result = await cli(
      ['deploy', '--project-name', name, '--json', ...FAST],
      {},
      {
        signal: controller.signal,
        interruptedBy: 'SIGTERM'
      }
    )
    expect(result.code).toBe(143)
    expect(JSON.parse(result.stdout)).toMatchObject({ error: expect.stringContaining('cancelled') })
    const sigint = await cli(
      ['status', '--project-name', name],
      {},
      {
        signal: controller.signal,
        interruptedBy: 'SIGINT'
      }
    )
    expect(sigint.code).toBe(130)
  })

  it('says on Ctrl-C which deployment keeps building on Cloudflare', async () => {
    const name = uniqueProject('cli-ctrl-c')
    emulator.addProject({ name })
    emulator.scriptNextDeployments(name, { stageDurationsMs: { build: 600_000 } })
    const controller = new AbortController()
    const stop = emulator.onRequest((request) => {
      if (request.method === 'GET' && request.path.includes(`/projects/${name}/deployments/`)) {
        controller.abort()
      }
    })
    const result = await cli(
      ['deploy', '--project-name', name, '--branch', 'main', ...FAST],
      {},
      {
        signal: controller.signal,
        interruptedBy: 'SIGINT'
      }
    )
    stop()
    const [deployment] = emulator.listDeployments(name)
    expect(result.code).toBe(130)
    expect(result.stderr).toContain('the run was cancelled before the operation finished.')
    expect(result.stderr).toContain(
      `Deployment ${deployment?.id} keeps running on Cloudflare; this run stopped following it.`
    )
  })

  it('bundles Functions with the esbuild kept in the user cache folder', async () => {
    const name = uniqueProject('cli-fn')
    emulator.addProject({ name, source: 'direct' })
    const project = site({
      'public/index.html': '<h1>fn</h1>',
      'functions/api/hello.js': 'export const onRequest = () => new Response("hi")'
    })
    const result = await cli(
      [
        'deploy',
        '--project-name',
        name,
        '--directory',
        'public',
        '--branch',
        'main',
        '--json',
        ...FAST
      ],
      { npm_config_registry: 'http://127.0.0.1:9/no-downloads-in-tests' },
      { cwd: project }
    )
    expect(result.stderr).not.toContain('Downloading')
    expect(result.code).toBe(0)
    expect(emulator.getUpload(JSON.parse(result.stdout)['deployment-id'])?.worker).toBeDefined()
    expect(userCacheDir({ XDG_CACHE_HOME: '/x' })).toBe('/x/pages-pilot')
  })
})

describe('the dotenv format', () => {
  it('upper-cases names with the PAGES_PILOT_ prefix, keeps multi-line values on one line, leaves out empty ones', () => {
    expect(
      dotenv({ 'deployment-id': 'abc', url: '', error: 'line one\nline two\r\nthree' })
    ).toEqual({
      text: 'PAGES_PILOT_DEPLOYMENT_ID=abc\nPAGES_PILOT_ERROR=line one\\nline two\\nthree\n',
      left: []
    })
  })

  it("stays within GitLab's 20 variables and 5 KiB, the most wanted first, and names what it left out", () => {
    const outputs: Record<string, string> = {}
    for (const name of ACTION_OUTPUTS) outputs[name] = `value of ${name}`
    outputs['deleted-ids'] = Array.from({ length: 100 }, (_, i) => `${i}`.padStart(36, '0')).join(
      ','
    )
    const { text, left } = dotenv(outputs)
    const lines = text.trimEnd().split('\n')
    expect(lines).toHaveLength(DOTENV_LIMITS.variables)
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(DOTENV_LIMITS.bytes)
    expect(lines[0]).toBe('PAGES_PILOT_DEPLOYMENT_ID=value of deployment-id')
    expect(lines).toContain('PAGES_PILOT_ERROR=value of error')
    expect(left).toContain('deleted-ids')
    expect(left.length + lines.length).toBe(ACTION_OUTPUTS.length)
  })
})

describe('CI contexts', () => {
  it('detects the CI from its own variable, else runs as local', () => {
    expect(detectCi({ GITHUB_ACTIONS: 'true' })).toBe('github-actions')
    expect(detectCi({ GITLAB_CI: 'true' })).toBe('gitlab')
    expect(detectCi({ BUILDKITE: 'true' })).toBe('buildkite')
    expect(detectCi({ CIRCLECI: 'true' })).toBe('circleci')
    expect(detectCi({})).toBe('local')
  })

  it('GitLab: a merge request from a fork (another source project) is a fork pull request', () => {
    const mr = {
      CI_PIPELINE_SOURCE: 'merge_request_event',
      CI_MERGE_REQUEST_IID: '17',
      CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: 'main',
      CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'main',
      CI_MERGE_REQUEST_PROJECT_ID: '100',
      CI_MERGE_REQUEST_SOURCE_PROJECT_ID: '200',
      CI_MERGE_REQUEST_SOURCE_BRANCH_SHA: 'a'.repeat(40),
      CI_COMMIT_SHA: 'b'.repeat(40),
      CI_DEFAULT_BRANCH: 'main'
    }
    const context = readGitLabContext(mr)
    expect(context.pullRequest).toEqual({
      number: 17,
      headRef: 'main',
      baseRef: 'main',
      merged: false,
      fromFork: true
    })
    expect(context.headSha).toBe('a'.repeat(40))
    expect(context.defaultBranch).toBe('main')
    expect(
      readGitLabContext({ ...mr, CI_MERGE_REQUEST_SOURCE_PROJECT_ID: '100' }).pullRequest?.fromFork
    ).toBe(false)
    const push = readGitLabContext({ CI_COMMIT_BRANCH: 'main', CI_COMMIT_SHA: 'c'.repeat(40) })
    expect(push).toMatchObject({
      pullRequest: undefined,
      deployBranch: 'main',
      headSha: 'c'.repeat(40)
    })
  })

  it('Buildkite: a pull request from another repository is a fork pull request', () => {
    const pr = {
      BUILDKITE_BRANCH: 'patch-1',
      BUILDKITE_COMMIT: 'd'.repeat(40),
      BUILDKITE_PULL_REQUEST: '5',
      BUILDKITE_PULL_REQUEST_BASE_BRANCH: 'main',
      BUILDKITE_REPO: 'git@github.com:acme/site.git',
      BUILDKITE_PULL_REQUEST_REPO: 'https://github.com/someone/site.git'
    }
    expect(readBuildkiteContext(pr).pullRequest).toMatchObject({ number: 5, fromFork: true })
    expect(
      readBuildkiteContext({ ...pr, BUILDKITE_PULL_REQUEST_REPO: 'https://github.com/ACME/site' })
        .pullRequest?.fromFork
    ).toBe(false)
    expect(
      readBuildkiteContext({ ...pr, BUILDKITE_PULL_REQUEST: 'false' }).pullRequest
    ).toBeUndefined()
  })

  it('CircleCI: CIRCLE_PR_USERNAME marks a fork pull request', () => {
    const pr = {
      CIRCLE_BRANCH: 'pull/9',
      CIRCLE_SHA1: 'e'.repeat(40),
      CIRCLE_PULL_REQUEST: 'https://github.com/acme/site/pull/9'
    }
    expect(readCircleCiContext(pr).pullRequest).toMatchObject({ number: 9, fromFork: false })
    expect(
      readCircleCiContext({ ...pr, CIRCLE_PR_USERNAME: 'someone' }).pullRequest?.fromFork
    ).toBe(true)
  })

  it('a fork merge request on GitLab may not start a Git build; one from the same project builds its branch', async () => {
    const name = uniqueProject('cli-fork')
    emulator.addProject({ name })
    const mergeRequest = (sourceProject: string, branch = 'main') => ({
      GITLAB_CI: 'true',
      CI_MERGE_REQUEST_IID: '3',
      CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: branch,
      CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'main',
      CI_MERGE_REQUEST_PROJECT_ID: '1',
      CI_MERGE_REQUEST_SOURCE_PROJECT_ID: sourceProject
    })
    const fork = await cli(['trigger', '--project-name', name, '--json'], mergeRequest('2'))
    expect(fork.code).toBe(1)
    expect(fork.stderr).toContain("this run comes from a fork's pull request (#3)")
    expect(emulator.listDeployments(name)).toHaveLength(0)
    const same = await cli(
      ['trigger', '--project-name', name, '--json'],
      mergeRequest('1', 'feature/nav')
    )
    expect(same.code).toBe(0)
    expect(JSON.parse(same.stdout)).toMatchObject({ environment: 'preview', branch: 'feature/nav' })
  })

  it('resolves relative paths from where the command runs, not from the CI checkout folder', async () => {
    const name = uniqueProject('cli-cwd')
    emulator.addProject({ name, source: 'direct' })
    const checkout = site({ 'apps/web/dist/index.html': '<h1>web</h1>' })
    const result = await cli(
      [
        'deploy',
        '--project-name',
        name,
        '--directory',
        'dist',
        '--branch',
        'main',
        '--json',
        ...FAST
      ],
      { GITLAB_CI: 'true', CI_PROJECT_DIR: checkout, CI_COMMIT_BRANCH: 'main' },
      { cwd: join(checkout, 'apps', 'web') }
    )
    expect(result.stderr).toContain(join(checkout, 'apps', 'web', 'dist'))
    expect(result.code).toBe(0)
  })

  it('local: the branch, commit and default branch of the Git checkout', () => {
    const repo = mkdtempSync(join(tmpdir(), 'pages-pilot-git-'))
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
        cwd: repo,
        stdio: 'pipe'
      })
    git('init', '-q', '-b', 'work')
    writeFileSync(join(repo, 'a.txt'), 'a')
    git('add', '.')
    git('commit', '-q', '-m', 'Local change')
    git('update-ref', 'refs/remotes/origin/trunk', 'HEAD')
    git('symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/trunk')
    const context = readLocalContext(repo)
    expect(context).toMatchObject({
      headBranch: 'work',
      defaultBranch: 'trunk',
      commitMessage: 'Local change',
      workspace: repo
    })
    expect(context.headSha).toMatch(/^[0-9a-f]{40}$/)
    expect(readLocalContext(tmpdir())).toMatchObject({ headBranch: undefined, headSha: undefined })
  })

  it('local: asks git only for an operation that reads the checkout (a status does not)', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'pages-pilot-fake-git-'))
    const log = join(bin, 'calls')
    writeFileSync(log, '')
    // A git that records each call and answers rev-parse with a commit and a branch.
    writeFileSync(
      join(bin, 'git'),
      `#!/bin/sh\necho "$*" >> '${log}'\nif [ "$1" = rev-parse ]; then printf '%s\\n%s\\n' 0123456789abcdef0123456789abcdef01234567 fake-branch; exit 0; fi\nexit 1\n`,
      { mode: 0o755 }
    )
    const name = uniqueProject('cli-git')
    emulator.addProject({ name, source: 'direct' })
    emulator.seedDeployment(name)
    const env = { PATH: `${bin}:${process.env.PATH ?? ''}` }
    const status = await cli(['status', '--project-name', name], env)
    expect(status.code).toBe(0)
    expect(readFileSync(log, 'utf8')).toBe('')

    const deploy = await cli(
      ['deploy', '--project-name', name, '--directory', site(), ...FAST],
      env
    )
    expect(deploy.code).toBe(0)
    expect(readFileSync(log, 'utf8')).toMatch(/^rev-parse HEAD --abbrev-ref HEAD$/m)
    const newest = emulator.listDeployments(name)[0]
    expect(newest?.deployment_trigger.metadata.commit_hash).toBe(
      '0123456789abcdef0123456789abcdef01234567'
    )
    expect(newest?.deployment_trigger.metadata.branch).toBe('fake-branch')
  })
})
