/**
 * `operation: secrets`: one environment's variables set, replaced and deleted with the PATCH
 * wrangler sends; plain values compared, secrets always sent and never shown; bad input refused
 * before any request, naming the line and never its text; API errors, a wrong answer and a
 * cancel each reported.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import type { Emulator } from '../../emulator/server.js'
import type { ActionResult } from '../../harness/run-action.js'
import {
  act,
  apiRequests,
  cancelAt,
  projectPatches,
  startWorld,
  uniqueProject,
  visibleLines
} from '../support/world.js'

let emulator: Emulator
beforeAll(async () => {
  emulator = await startWorld({ recordBodies: true })
})
afterAll(async () => {
  await emulator.close()
})
afterEach(() => {
  emulator.clearFaults()
})

const API_KEY = 'sk_live_4f9a8b7c6d5e4f3a2b1c'
const PEM =
  '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0B\nAQEFAASCBKcwggSjAgEAAoIB\n-----END PRIVATE KEY-----'

function newProject(options: Parameters<Emulator['addProject']>[0] | object = {}): string {
  const name = uniqueProject('vars')
  emulator.addProject({ name, source: 'direct', ...options })
  return name
}

const patches = (name: string) => projectPatches(emulator, name)

/** Everything a run wrote but its mask registrations. */
const written = (result: ActionResult) => result.allText.replace(/^::add-mask::.*$/gm, '')

describe('operation secrets', () => {
  it('sets secrets and plain variables on production with one PATCH, never showing a value', async () => {
    const name = newProject()
    const result = await act(emulator, {
      operation: 'secrets',
      'project-name': name,
      environment: 'production',
      secrets: `API_KEY=${API_KEY}\nexport SIGNING_KEY="${PEM.replace(/\n/g, '\\n')}"`,
      vars: 'MODE=fast\nGREETING = "hello world" # shown to visitors'
    })
    expect([result.exitCode, result.outputs.error]).toEqual([0, ''])
    expect(result.outputs).toMatchObject({ status: 'success', 'variables-changed': 'true' })
    const sent = patches(name)
    expect(sent).toHaveLength(1)
    expect(sent[0]).toEqual({
      deployment_configs: {
        production: {
          env_vars: {
            API_KEY: { type: 'secret_text', value: API_KEY },
            SIGNING_KEY: { type: 'secret_text', value: PEM },
            MODE: { type: 'plain_text', value: 'fast' },
            GREETING: { type: 'plain_text', value: 'hello world' }
          }
        }
      }
    })
    expect(emulator.getEnvVars(name, 'production')).toEqual({
      API_KEY: { type: 'secret_text', value: API_KEY },
      SIGNING_KEY: { type: 'secret_text', value: PEM },
      MODE: { type: 'plain_text', value: 'fast' },
      GREETING: { type: 'plain_text', value: 'hello world' }
    })
    expect(emulator.getEnvVars(name, 'preview')).toEqual({})
    // Masked at once, the multi-line one line by line too, and shown nowhere.
    for (const secret of [API_KEY, PEM, ...PEM.split('\n')]) {
      expect(result.stdout).toContain(`::add-mask::${secret.replace(/\n/g, '%0A')}`)
      expect(written(result)).not.toContain(secret)
    }
    expect(visibleLines(result)).toEqual(
      expect.arrayContaining([
        `Variables of ${name} (production):`,
        '  + API_KEY (secret): added, new secret',
        '  + SIGNING_KEY (secret): added, new secret',
        '  + MODE (plain text): added, new',
        '  + GREETING (plain text): added, new',
        'Sent 4 variable changes to the production environment.'
      ])
    )
    expect(result.summary).toContain('Variables (production)')
    expect(result.summary).toContain('<code>SIGNING_KEY</code>')
    expect(result.summary).not.toContain('fast')
    expect(result.summary).toContain('Deploy again to use these.')
  })

  it('compares plain values, sends secrets again, deletes, and sends nothing when all is as asked', async () => {
    const name = newProject({
      deploymentConfigs: {
        preview: {
          envVars: {
            TOKEN: { type: 'secret_text', value: 'old-token-value' },
            MODE: { type: 'plain_text', value: 'fast' },
            LEVEL: { type: 'plain_text', value: '1' },
            LEGACY: { type: 'plain_text', value: 'x' },
            WAS_SECRET: { type: 'secret_text', value: 'hidden' }
          }
        }
      }
    })
    const inputs = {
      operation: 'secrets',
      'project-name': name,
      environment: 'preview',
      secrets: 'TOKEN=new-token-value',
      vars: 'MODE=fast\nLEVEL=2\nWAS_SECRET=visible',
      'delete-secrets': 'LEGACY, GONE_ALREADY'
    }
    const first = await act(emulator, inputs)
    expect([first.exitCode, first.outputs.error]).toEqual([0, ''])
    expect(patches(name)[0]).toEqual({
      deployment_configs: {
        preview: {
          env_vars: {
            TOKEN: { type: 'secret_text', value: 'new-token-value' },
            LEVEL: { type: 'plain_text', value: '2' },
            WAS_SECRET: { type: 'plain_text', value: 'visible' },
            LEGACY: null
          }
        }
      }
    })
    expect(visibleLines(first)).toEqual(
      expect.arrayContaining([
        '  ~ TOKEN (secret): set, sent again: Cloudflare never shows a secret, so it cannot be compared',
        '  = MODE (plain text): unchanged, same value',
        '  ~ LEVEL (plain text): replaced, value changed',
        '  ~ WAS_SECRET (plain text): replaced, was a secret, now plain text',
        '  - LEGACY (plain text): deleted',
        '  = GONE_ALREADY: unchanged, not set: nothing to delete'
      ])
    )
    expect(emulator.getEnvVars(name, 'preview')).toEqual({
      TOKEN: { type: 'secret_text', value: 'new-token-value' },
      MODE: { type: 'plain_text', value: 'fast' },
      LEVEL: { type: 'plain_text', value: '2' },
      WAS_SECRET: { type: 'plain_text', value: 'visible' }
    })
    // Without secrets, a second run finds everything as asked and sends nothing.
    const again = await act(emulator, { ...inputs, secrets: '' })
    expect([again.exitCode, again.outputs['variables-changed']]).toEqual([0, 'false'])
    expect(patches(name)).toHaveLength(1)
    expect(visibleLines(again)).toContain('Every variable is already as asked: nothing was sent.')
  })

  it("sends back the project's wrangler_config_hash, as wrangler does", async () => {
    const name = newProject({
      deploymentConfigs: { production: { wranglerConfigHash: 'f'.repeat(64) } }
    })
    const result = await act(emulator, {
      operation: 'secrets',
      'project-name': name,
      environment: 'production',
      'delete-secrets': 'NOTHING_HERE',
      secrets: 'NEW=value-1234'
    })
    expect(result.exitCode).toBe(0)
    expect(patches(name)[0]).toEqual({
      deployment_configs: {
        production: {
          env_vars: { NEW: { type: 'secret_text', value: 'value-1234' } },
          wrangler_config_hash: 'f'.repeat(64)
        }
      }
    })
  })

  it('dry-run: lists the changes and makes none', async () => {
    const name = newProject()
    const result = await act(emulator, {
      operation: 'secrets',
      'project-name': name,
      environment: 'production',
      secrets: `API_KEY=${API_KEY}`,
      'dry-run': 'true'
    })
    expect(result.exitCode).toBe(0)
    expect(result.outputs['variables-changed']).toBe('true')
    expect(patches(name)).toHaveLength(0)
    expect(emulator.getEnvVars(name, 'production')).toEqual({})
    expect(result.stdout).toContain(
      '::notice::Dry run: 1 variable change of the production environment would be sent; nothing was changed.'
    )
    expect(result.summary).toContain('Variables (production), dry run')
    expect(result.summary).toContain('Would be')
    expect(written(result)).not.toContain(API_KEY)
  })

  it('a deployment made after the change carries the new variables, the earlier ones do not', async () => {
    const name = uniqueProject('vars-git')
    emulator.addProject({ name })
    const before = emulator.seedDeployment(name, { branch: 'main' })
    await act(emulator, {
      operation: 'secrets',
      'project-name': name,
      environment: 'production',
      vars: 'FEATURE=on'
    })
    const deploy = await act(emulator, { 'project-name': name, branch: 'main' })
    expect(deploy.exitCode).toBe(0)
    expect(emulator.getDeployment(before.id)?.env_vars).toEqual({})
    expect(emulator.getDeployment(deploy.outputs['deployment-id'] ?? '')?.env_vars).toEqual({
      FEATURE: { type: 'plain_text', value: 'on' }
    })
  })
})

describe('operation secrets: bad input, refused before any request', () => {
  const refused = async (inputs: Record<string, string>): Promise<ActionResult> => {
    const name = newProject()
    const result = await act(emulator, { operation: 'secrets', 'project-name': name, ...inputs })
    expect(result.exitCode).toBe(1)
    expect(apiRequests(emulator, name)).toHaveLength(0)
    return result
  }

  it('names the line of each bad secret, never its text', async () => {
    const secretText = 'hunter2-very-secret'
    const result = await refused({
      environment: 'production',
      secrets: [
        `GOOD=${secretText}-a`, // 1
        `${secretText}`, // 2: not NAME=value
        `1BAD=${secretText}-b`, // 3: invalid name
        `GOOD=${secretText}-c`, // 4: duplicate of line 1
        `HASHED=${secretText}#d`, // 5: # in an unquoted value
        'EMPTY=', // 6: empty, unquoted
        `QUOTED="${secretText}" trailing`, // 7: text after the quote
        `OPEN="${secretText}` // 8: never closed
      ].join('\n')
    })
    const error = result.outputs.error ?? ''
    expect(error.split('\n').slice(1)).toEqual([
      '  - secrets: line 2 is not NAME=value (its text is not shown: it may hold a secret). Write one variable per line; quote a value that spans lines.',
      '  - secrets: line 3 does not start with a valid variable name (its text is not shown: it may hold a secret): use letters, digits and _, not starting with a digit, then =.',
      "  - secrets: line 5 has a # inside an unquoted value (its text is not shown: it may hold a secret), which dotenv files (wrangler's too) read as a comment: quote the value.",
      '  - secrets: line 7 has text after its closing quote (its text is not shown: it may hold a secret); only a # comment may follow it.',
      '  - secrets: line 8 opens a quoted value that is never closed (its text is not shown: it may hold a secret).',
      '  - secrets: line 6 has no value. An expression such as ${{ secrets.NAME }} that is not set is empty; set it, or write NAME="" for an empty value on purpose (to delete a variable, use delete-secrets).',
      '  - secrets: lines 1 and 4 both set the same name; keep one of them.'
    ])
    expect(written(result)).not.toContain(secretText)
    expect(written(result)).not.toContain('GOOD')
  })

  it('refuses a name both secret and plain, set and deleted, or not a name, naming the vars', async () => {
    const result = await refused({
      environment: 'preview',
      secrets: 'SHARED=secret-value-1\nBOTH=secret-value-2',
      vars: 'SHARED=plain\nmy-var=1\nTWICE=1\nTWICE=2',
      'delete-secrets': 'BOTH, not-a-name!'
    })
    expect((result.outputs.error ?? '').split('\n').slice(1)).toEqual([
      '  - vars: line 2 does not start with a valid variable name: use letters, digits and _, not starting with a digit, then =.',
      "  - delete-secrets: 'not-a-name!' is not a variable name; use letters, digits and _, not starting with a digit, separated by commas, spaces or lines.",
      '  - vars: lines 3 and 4 both set TWICE; keep one of them.',
      '  - vars: line 1 (SHARED) names a variable that secrets sets too (its line 1); a variable is either a secret or plain text: keep one.',
      '  - delete-secrets: BOTH is also set (secrets, line 2); a run either sets a variable or deletes it.'
    ])
  })

  it('needs one environment, production or preview, and something to do', async () => {
    const none = await refused({ secrets: 'A=1234' })
    expect(none.outputs.error).toBe(
      'Invalid input: environment: required for operation secrets: production or preview, the environment whose variables to set (each has its own).'
    )
    const all = await refused({ environment: 'all', secrets: 'A=1234' })
    expect(all.outputs.error).toContain(
      "environment: operation secrets sets one environment at a time: production or preview ('all' is for cleanup); use two steps for both."
    )
    const other = await refused({ environment: 'staging', secrets: 'A=1234' })
    expect(other.outputs.error).toContain(
      "environment: 'staging' is not an environment of a Pages project; operation secrets takes production or preview."
    )
    const empty = await refused({ environment: 'production', secrets: '\n# only a comment\n' })
    expect(empty.outputs.error).toContain(
      'secrets: operation secrets needs secrets, vars or delete-secrets, and all three are empty.'
    )
  })

  it('refuses the inputs for another operation, and environment for one that has no use for it', async () => {
    const name = newProject()
    // A value no earlier test registered: masks are registered once per process.
    const secret = 'pk_test_only-here-9f8e7d6c'
    const result = await act(emulator, {
      operation: 'status',
      'project-name': name,
      secrets: `API_KEY=${secret}`,
      vars: 'A=1',
      'delete-secrets': 'B',
      environment: 'production'
    })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.error).toContain(
      'secrets: only operation secrets uses it; remove it for status, or use operation: secrets.'
    )
    expect(result.outputs.error).toContain('vars: only operation secrets uses it')
    expect(result.outputs.error).toContain('delete-secrets: only operation secrets uses it')
    expect(result.outputs.error).toContain(
      'environment: only operations cleanup (which deployments to delete) and secrets (whose variables to set) use it; remove it for status.'
    )
    expect(result.stdout).toContain(`::add-mask::${secret}`)
    expect(written(result)).not.toContain(secret)
    expect(apiRequests(emulator, name)).toHaveLength(0)
  })
})

describe('operation secrets: API errors and cancellation', () => {
  const run = (name: string, extra: Parameters<typeof act>[2] = {}) =>
    act(
      emulator,
      {
        operation: 'secrets',
        'project-name': name,
        environment: 'production',
        secrets: `API_KEY=${API_KEY}`,
        'request-timeout': '500ms'
      },
      extra
    )

  it('explains a refused token (403, 10000) without retrying, and shows no value', async () => {
    const name = newProject()
    emulator.addFaults({ match: { method: 'PATCH' }, kind: 'status', status: 403 })
    const result = await run(name)
    expect(result.exitCode).toBe(1)
    expect(result.outputs.error).toMatch(
      /^update project failed \(HTTP 403, Cloudflare error 10000: Authentication error\)\. Authentication failed: check that api-token is valid, has the "Account › Cloudflare Pages › Edit" permission/
    )
    expect(patches(name)).toHaveLength(1)
    expect(written(result)).not.toContain(API_KEY)
  })

  it('never prints a value even when an answer carries one, and ignores variables of unknown shape', async () => {
    const name = newProject()
    const leaked = 'answered-secret-5e4d3c'
    emulator.addFaults({
      match: { method: 'GET', path: `/projects/${name}$` },
      kind: 'set-fields',
      fields: {
        deployment_configs: {
          production: {
            env_vars: {
              LEAKED: { type: 'secret_text', value: leaked },
              ODD: { type: 'binary', value: 7 },
              MODE: { type: 'plain_text', value: leaked }
            }
          }
        }
      }
    })
    const result = await run(name)
    expect([result.exitCode, result.outputs.error]).toEqual([0, ''])
    expect(result.allText).not.toContain(leaked)
    expect(result.allText).not.toContain('ODD')
  })

  it('names the project and account when the project does not exist (8000007), sending nothing', async () => {
    const name = uniqueProject('vars-missing')
    const result = await run(name)
    expect(result.exitCode).toBe(1)
    expect(result.outputs.error).toContain(
      `Project '${name}' was not found in account ${emulator.accountId}: check project-name and account-id.`
    )
    expect(patches(name)).toHaveLength(0)
  })

  it('sends the PATCH again after a 500, a 429 and a malformed answer, and succeeds', async () => {
    const name = newProject()
    emulator.addFaults(
      { match: { method: 'PATCH' }, kind: 'status', status: 500, body: 'json' },
      { match: { method: 'PATCH' }, kind: 'status', status: 429, retryAfterSeconds: 1 },
      { match: { method: 'PATCH' }, kind: 'truncated' }
    )
    const result = await run(name)
    expect([result.exitCode, result.outputs.error]).toEqual([0, ''])
    expect(patches(name)).toHaveLength(4)
    expect(emulator.getEnvVars(name, 'production')?.API_KEY?.value).toBe(API_KEY)
  })

  it('sends the PATCH again after a timeout: setting is idempotent', async () => {
    const name = newProject()
    emulator.addFaults({ match: { method: 'PATCH' }, kind: 'hang' })
    const result = await run(name)
    expect([result.exitCode, result.outputs.error]).toEqual([0, ''])
    expect(
      apiRequests(emulator, name)
        .filter((r) => r.method === 'PATCH')
        .map((r) => r.fault ?? 'answered')
    ).toEqual(['hang', 'answered'])
    expect(emulator.getEnvVars(name, 'production')?.API_KEY?.value).toBe(API_KEY)
  })

  it('fails when the answer does not show the change', async () => {
    const name = newProject()
    emulator.addFaults({
      match: { method: 'PATCH' },
      kind: 'set-fields',
      fields: { deployment_configs: { production: { env_vars: null }, preview: {} } }
    })
    const result = await run(name)
    expect(result.exitCode).toBe(1)
    expect(result.outputs.error).toBe(
      "Cloudflare accepted the change of the production variables, but its answer does not show it: API_KEY is missing. Run the step again; check the project's variables in the Cloudflare dashboard if it persists."
    )
  })

  it('a cancel while the PATCH is in flight says the change may have been made', async () => {
    const name = newProject()
    emulator.addFaults({ match: { method: 'PATCH' }, kind: 'hang' })
    const result = await run(name, {
      signal: cancelAt(emulator, (r) => r.method === 'PATCH' && r.path.includes(name))
    })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.error).toBe('the run was cancelled before the operation finished.')
    expect(result.summary).toContain(
      'The change of the production variables had been sent and its answer never came'
    )
  })
})
