import { describe, expect, it } from '@jest/globals'
import { InputError, readSettings } from '../src/settings/read-settings.js'
import type { Settings } from '../src/settings/settings.js'
import { setSecretMasker } from '../src/util/secrets.js'
import { apiOf, taskOf } from './support/settings.js'

const TOKEN = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-ab'
const ACCOUNT = '0123456789abcdef0123456789abcdef'
const DEPLOYMENT = '3f1c2a9e-5b7d-4c1e-9a0b-2d4e6f8a1b3c'

function settings(
  inputs: Record<string, string>,
  env: NodeJS.ProcessEnv = {},
  defaults = {}
): Settings {
  const all: Record<string, string> = {
    'api-token': TOKEN,
    'account-id': ACCOUNT,
    'project-name': 'site',
    ...inputs
  }
  return readSettings(
    { headSha: undefined, headBranch: undefined, ...defaults },
    env,
    (name) => all[name] ?? ''
  )
}

function problems(inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}): string[] {
  try {
    settings(inputs, env)
  } catch (error) {
    expect(error).toBeInstanceOf(InputError)
    return (error as InputError).problems
  }
  throw new Error('expected the inputs to be refused')
}

describe('inputs a user writes in workflow YAML', () => {
  it('defaults to a deploy against the public API with a 20 minute wait and 2s first poll', () => {
    const s = settings({})
    expect(s.operation).toBe('deploy')
    expect(apiOf(s).baseUrl).toBe('https://api.cloudflare.com/client/v4')
    const { follow } = taskOf(s, 'deploy')
    expect(follow.waitTimeoutMs).toBe(20 * 60_000)
    expect(follow.pollIntervalMs).toBe(2_000)
    expect(follow.rollbackOnFailure).toBe(false)
    expect(follow.healthCheck).toBeUndefined()
    expect(s.failOnError).toBe(true)
    expect(apiOf(s).credentials).toEqual({ kind: 'token', token: TOKEN })
  })

  it('reads token, account and base URL from the variables wrangler reads', () => {
    const s = readSettings(
      { headSha: undefined, headBranch: undefined },
      {
        CLOUDFLARE_API_TOKEN: TOKEN,
        CLOUDFLARE_ACCOUNT_ID: ACCOUNT,
        CLOUDFLARE_API_BASE_URL: 'http://127.0.0.1:8787/client/v4/'
      },
      (name) => (name === 'project-name' ? 'site' : '')
    )
    expect(apiOf(s).accountId).toBe(ACCOUNT)
    expect(apiOf(s).baseUrl).toBe('http://127.0.0.1:8787/client/v4')
  })

  it('masks the token before any message can print it', () => {
    const masked: string[] = []
    setSecretMasker((secret) => masked.push(secret))
    const fresh = 'x'.repeat(20) + TOKEN.slice(20)
    try {
      settings({ 'api-token': fresh, 'wait-timeout': 'never' })
    } catch {
      // The bad wait-timeout is reported after the token was masked.
    } finally {
      setSecretMasker(undefined)
    }
    expect(masked).toContain(fresh)
  })

  it('parses every duration format and refuses nonsense naming the input', () => {
    const waitTimeout = (text: string): number =>
      taskOf(settings({ 'wait-timeout': text }), 'deploy').follow.waitTimeoutMs
    expect(waitTimeout('90s')).toBe(90_000)
    expect(waitTimeout('10m')).toBe(600_000)
    expect(waitTimeout('1500ms')).toBe(1_500)
    expect(waitTimeout('45')).toBe(45_000)
    expect(waitTimeout('1m30s')).toBe(90_000)
    expect(problems({ 'wait-timeout': 'soon' })).toEqual([
      "wait-timeout: 'soon' is not a duration; write a number and a unit (ms, s, m, h or d), such as 1500ms, 90s, 10m, 12h, 7d or 1h30m, or a number of seconds."
    ])
    expect(problems({ 'poll-interval': '10ms' })).toEqual([
      'poll-interval: 10ms is out of range; use between 100ms and 300000ms (100ms to 5m).'
    ])
    expect(problems({ 'wait-timeout': '7h' })).toEqual([
      'wait-timeout: 7h is out of range; use between 1s and 6h.'
    ])
  })

  it('lists every problem at once, each naming its input', () => {
    const found = problems({
      operation: 'destroy',
      'project-name': 'My_Site',
      'account-id': 'nope',
      'deployment-id': '../etc/passwd',
      'rollback-on-failure': 'yes please',
      'health-check-path': 'healthz'
    })
    expect(found.map((p) => p.split(':')[0])).toEqual([
      'operation',
      'account-id',
      'project-name',
      'deployment-id',
      'health-check-path',
      'rollback-on-failure'
    ])
    expect(found[0]).toContain('deploy, trigger, wait, rollback, logs, status, retry')
  })

  it('explains how to get a token when none is given', () => {
    const found = problems({ 'api-token': '' })
    expect(found[0]).toMatch(
      /^api-token: required\. Create an API token with the "Account › Cloudflare Pages › Edit" permission/
    )
  })

  it('refuses a token pasted with "Bearer " without quoting it back', () => {
    const found = problems({ 'api-token': `Bearer ${TOKEN}` })
    expect(found[0]).toMatch(/^api-token: contains spaces/)
    expect(found.join('\n')).not.toContain(TOKEN)
  })

  it('refuses a token pasted into account-id without quoting it back', () => {
    const pasted = 'Xy7kQ2mN9pL4rT6vW8zA1bC3dE5fG7hJ9kL2mN4p'
    const found = problems({ 'account-id': pasted })
    expect(found).toEqual([
      'account-id: the value given (40 characters) is not an account id; expected 32 hexadecimal characters, shown in the Cloudflare dashboard (Workers & Pages › Account details). It has the length of an API token: pass the token as api-token, not here.'
    ])
    expect(found.join('\n')).not.toContain(pasted)
  })

  it('accepts the legacy Global API Key with a deprecation warning', () => {
    const s: Settings = settings({
      'api-token': '',
      'api-key': 'f'.repeat(37),
      'api-email': 'ops@example.com'
    })
    expect(apiOf(s).credentials).toEqual({
      kind: 'global-key',
      key: 'f'.repeat(37),
      email: 'ops@example.com'
    })
    expect(s.warnings).toEqual([
      expect.stringMatching(/^api-key and api-email use the legacy Global API Key/)
    ])
    expect(problems({ 'api-token': '', 'api-key': 'f'.repeat(37) })[0]).toMatch(/^api-email:/)
  })

  it('warns that rollback-on-failure needs a check only where it has none to act on', () => {
    const rollback = { 'rollback-on-failure': 'true' }
    expect(
      settings({ ...rollback, operation: 'retry', 'deployment-id': DEPLOYMENT }).warnings
    ).toEqual([expect.stringMatching(/^rollback-on-failure: true rolls production back only when/)])
    expect(settings({ ...rollback, 'smoke-checks': '/ 200' }).warnings).toEqual([])
    expect(settings({ ...rollback, 'health-check-path': '/healthz' }).warnings).toEqual([])
    expect(settings({ 'health-check-path': '/healthz' }).warnings).toEqual([])
  })

  it('requires deployment-id for retry', () => {
    expect(problems({ operation: 'retry' })).toEqual([
      'deployment-id: required for operation retry. Pass the id of the deployment to retry.'
    ])
    expect(
      taskOf(settings({ operation: 'retry', 'deployment-id': DEPLOYMENT.toUpperCase() }), 'retry')
        .deploymentId
    ).toBe(DEPLOYMENT)
  })

  it('refuses an API base URL that would send the token in clear text to another machine', () => {
    expect(
      problems({}, { CLOUDFLARE_API_BASE_URL: 'http://api.example.com/client/v4' })[0]
    ).toMatch(/^CLOUDFLARE_API_BASE_URL: .* must be an https URL/)
    expect(problems({}, { CLOUDFLARE_API_BASE_URL: 'https://user:pw@api.example.com' })[0]).toMatch(
      /^CLOUDFLARE_API_BASE_URL:/
    )
  })

  it('takes branch and commit from the pull request when the inputs leave them out', () => {
    const { start } = taskOf(
      settings({}, {}, { headSha: 'ABCDEF1234567', headBranch: 'feature/x' }),
      'deploy'
    )
    expect(start.branch).toEqual({ name: 'feature/x', source: 'pushed' })
    expect(start.commitHash).toBe('abcdef1234567')
    expect(
      taskOf(settings({ branch: 'release' }, {}, { headBranch: 'feature/x' }), 'deploy').start
        .branch
    ).toEqual({ name: 'release', source: 'input' })
    // Operations that take no branch ignore the event's.
    expect(
      taskOf(settings({ operation: 'cleanup' }, {}, { headBranch: 'feature/x' }), 'cleanup').branch
    ).toEqual({ name: undefined, source: undefined })
  })

  it('reads pull-request-number, and gives it to an event pull request that has none', () => {
    const fork = {
      number: undefined,
      headRef: 'main',
      baseRef: undefined,
      merged: false,
      fromFork: true
    }
    const s = settings({ 'pull-request-number': '42' }, {}, { pullRequest: fork })
    expect(s.github.pullRequestNumber).toBe(42)
    expect(taskOf(s, 'deploy').start.pullRequest?.number).toBe(42)
    expect(settings({ 'pull-request-number': '#7' }).github.pullRequestNumber).toBe(7)
    // The event's own number stays the branch rule's; the input only chooses the comment.
    const own = { ...fork, number: 5, fromFork: false }
    expect(
      taskOf(settings({ 'pull-request-number': '42' }, {}, { pullRequest: own }), 'deploy').start
        .pullRequest?.number
    ).toBe(5)
    expect(settings({}).github.pullRequestNumber).toBeUndefined()
    for (const value of ['0', '-3', '1.5', 'abc', '99999999999', '4 2']) {
      expect(problems({ 'pull-request-number': value })[0]).toMatch(/^pull-request-number: /)
    }
  })

  it('reads job-summary, true unless false', () => {
    expect(settings({}).jobSummary).toBe(true)
    expect(settings({ 'job-summary': 'false' }).jobSummary).toBe(false)
    expect(problems({ 'job-summary': 'off' })[0]).toMatch(/^job-summary: /)
  })

  it('refuses branch names Git would refuse and hostile values, quoting them safely', () => {
    for (const branch of ['a b', 'x..y', 'feat\nx', '-rf', 'a:b']) {
      expect(problems({ branch })[0]).toMatch(/^branch: /)
    }
    const found = problems({ 'project-name': 'x'.repeat(500) + '\n::set-output name=x::y' })
    expect(found[0]).not.toContain('\n')
    expect(found[0]!.length).toBeLessThan(400)
    expect(problems({ 'commit-hash': 'https://evil.example/abc' })[0]).toMatch(/^commit-hash: /)
  })

  it('blames a branch name over 255 characters on its length, not its characters', () => {
    const long = 'feature/' + 'a'.repeat(293)
    expect(problems({ branch: long })).toEqual([
      `branch: '${long.slice(0, 77)}...' is 301 characters long; a branch name has at most 255. Pass a shorter branch name.`
    ])
    expect(
      problems({ 'production-branch': long, 'create-project': 'true', directory: '.' })
    ).toEqual([
      `production-branch: '${long.slice(0, 77)}...' is 301 characters long; a branch name has at most 255. Pass a shorter branch name.`
    ])
    const longest = 'b'.repeat(255)
    expect(taskOf(settings({ branch: longest }), 'deploy').start.branch.name).toBe(longest)
  })

  it('reads environment per operation: cleanup defaults to preview, secrets needs one', () => {
    expect(taskOf(settings({ operation: 'cleanup' }), 'cleanup').environment).toBe('preview')
    expect(
      taskOf(settings({ operation: 'cleanup', environment: 'All' }), 'cleanup').environment
    ).toBe('all')
    expect(problems({ operation: 'cleanup', environment: 'staging' })).toEqual([
      "environment: 'staging' is not an environment to clean up. Use preview, production or all."
    ])
    const task = taskOf(
      settings({ operation: 'secrets', environment: 'Production', secrets: 'A=value-1234' }),
      'secrets'
    )
    expect(task).toMatchObject({ environment: 'production', remove: [], dryRun: false })
    expect(problems({ operation: 'deploy', environment: 'preview' })[0]).toMatch(
      /^environment: only operations cleanup .* remove it for deploy\.$/
    )
  })

  it('keeps secret values concealed in the settings, and masks them as read', () => {
    const masked: string[] = []
    setSecretMasker((secret) => masked.push(secret))
    try {
      const read = settings({
        operation: 'secrets',
        environment: 'preview',
        secrets: 'ONE="first-line\nsecond-line"\nTWO=two-value-9',
        vars: 'PLAIN=shown'
      })
      const task = taskOf(read, 'secrets')
      expect(task.set.map((s) => [s.name, s.kind, s.value.reveal()])).toEqual([
        ['ONE', 'secret', 'first-line\nsecond-line'],
        ['TWO', 'secret', 'two-value-9'],
        ['PLAIN', 'plain', 'shown']
      ])
      expect(JSON.stringify(read)).not.toMatch(/first-line|two-value-9|shown/)
      expect(masked).toEqual(
        expect.arrayContaining([
          'first-line\nsecond-line',
          'first-line',
          'second-line',
          'two-value-9'
        ])
      )
      expect(masked).not.toContain('shown')
    } finally {
      setSecretMasker(undefined)
    }
  })
})

describe('smoke checks and verified releases', () => {
  it('reads smoke-checks and smoke-headers, masking every header value', () => {
    const masked: string[] = []
    setSecretMasker((secret) => masked.push(secret))
    try {
      const task = taskOf(
        settings({
          'smoke-checks': '/ 200 contains "Hi"\n# note\n/old 301 -> /new',
          'smoke-headers': 'CF-Access-Client-Id: id-123\nCF-Access-Client-Secret: shh-456',
          'health-check-timeout': '90s'
        }),
        'deploy'
      )
      expect(task.follow.smoke?.checks.map((c) => c.path)).toEqual(['/', '/old'])
      expect(task.follow.smoke?.timeoutMs).toBe(90_000)
      expect(task.follow.siteHeaders).toEqual({
        'CF-Access-Client-Id': 'id-123',
        'CF-Access-Client-Secret': 'shh-456'
      })
      expect(masked).toEqual(expect.arrayContaining(['id-123', 'shh-456']))
      expect(task.verify).toBeUndefined()
    } finally {
      setSecretMasker(undefined)
    }
  })

  it('refuses combinations that cannot work, each naming its input and the fix', () => {
    expect(problems({ 'smoke-checks': '/', 'health-check-path': '/x' })).toEqual([
      expect.stringContaining('health-check-path: health-check-path is the one-check form')
    ])
    expect(problems({ 'smoke-headers': 'X-A: 1' })).toEqual([
      expect.stringContaining('smoke-headers: sent only with smoke-checks or the health check')
    ])
    expect(problems({ 'smoke-headers': 'not a header secret-value', 'smoke-checks': '/' })).toEqual(
      [
        'smoke-headers: line 1 is not a header line; write Name: value, such as CF-Access-Client-Id: abc.'
      ]
    )
    expect(problems({ 'smoke-checks': '# only a comment' })).toEqual([
      expect.stringContaining('smoke-checks: only comments')
    ])
    expect(problems({ 'wait-for-checks': 'true', 'github-token': 'ghs_x' })).toEqual([
      expect.stringContaining('wait-for-checks: waits between the verified preview and production')
    ])
    expect(
      problems({ operation: 'wait', 'verify-before-production': 'true', 'smoke-checks': '/' })
    ).toEqual([expect.stringContaining('verify-before-production: only operation deploy')])
    expect(problems({ 'verify-before-production': 'maybe' })).toEqual([
      expect.stringContaining('verify-before-production')
    ])
  })
})
