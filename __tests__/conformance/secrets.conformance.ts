/**
 * Conformance with `wrangler pages secret`: real wrangler 4.86 (installed on demand into
 * .bench/wrangler) and pages-pilot's `operation: secrets` change twin projects on the emulator,
 * and the requests are compared.
 *
 * - `bulk` of a dotenv file using every form pages-pilot accepts: both read the same values
 *   (wrangler parses with dotenv) and send the same PATCH body, the project's
 *   wrangler_config_hash included.
 * - `put` (the value on standard input) to preview, and `delete` on production: the same body.
 * - Both read the project first, then send one PATCH; the twins end with the same variables.
 *
 * Run: `npm run build && npm run test:conformance` (needs the npm registry the first time).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startEmulator, type Emulator, type RecordedRequest } from '../../emulator/server.js'
import { runAction } from '../../harness/run-action.js'
import { ensureWrangler, runWrangler, wranglerVersion } from '../../bench/wrangler.js'
import { DOTENV_TEXT, DOTENV_VALUES } from '../support/dotenv-cases.js'

const HASH = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'

let emulator: Emulator
let dir: string
let wranglerReady = false

beforeAll(async () => {
  wranglerReady = await ensureWrangler(true)
  emulator = await startEmulator({ recordBodies: true })
  dir = mkdtempSync(join(tmpdir(), 'pages-pilot-secrets-conformance-'))
  for (const name of ['wrangler-vars', 'pilot-vars']) {
    emulator.addProject({
      name,
      source: 'direct',
      deploymentConfigs: {
        production: {
          wranglerConfigHash: HASH,
          envVars: { OLD: { type: 'secret_text', value: 'old-secret' } }
        }
      }
    })
  }
  if (wranglerReady) console.log(`wrangler ${wranglerVersion()}`)
}, 240_000)

afterAll(async () => {
  await emulator?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

/** The requests one run made, from `mark` on, as `METHOD path` without the account. */
function exchange(requests: RecordedRequest[]): string[] {
  return requests.map((r) => `${r.method} ${r.path.replace(emulator.accountId, '{account}')}`)
}

function patchBody(requests: RecordedRequest[]): unknown {
  const patches = requests.filter((r) => r.method === 'PATCH')
  expect(patches).toHaveLength(1)
  return JSON.parse(patches[0]?.body?.toString('utf8') ?? 'null')
}

async function wrangler(args: string[], input?: string): Promise<RecordedRequest[]> {
  const mark = emulator.requests.length
  const run = await runWrangler(emulator, ['pages', 'secret', ...args], {
    timeoutMs: 120_000,
    ...(input === undefined ? {} : { input })
  })
  if (run.exitCode !== 0) console.log(`wrangler stdout:\n${run.stdout}\nstderr:\n${run.stderr}`)
  expect(run.exitCode).toBe(0)
  return emulator.requests.slice(mark)
}

async function pilot(inputs: Record<string, string>): Promise<RecordedRequest[]> {
  const mark = emulator.requests.length
  const result = await runAction({
    inputs: {
      'api-token': emulator.token,
      'account-id': emulator.accountId,
      'project-name': 'pilot-vars',
      operation: 'secrets',
      ...inputs
    },
    env: { CLOUDFLARE_API_BASE_URL: emulator.apiBaseUrl }
  })
  if (result.exitCode !== 0) console.log(`pages-pilot stdout:\n${result.stdout}`)
  expect([result.exitCode, result.outputs.error]).toEqual([0, ''])
  return emulator.requests.slice(mark)
}

describe('wrangler conformance (pages secret)', () => {
  it('bulk: the same values from the same dotenv file, in the same PATCH', async () => {
    if (!wranglerReady) throw new Error('wrangler could not be installed')
    const file = join(dir, '.env.production')
    writeFileSync(file, DOTENV_TEXT)
    const theirs = await wrangler(['bulk', file, '--project-name', 'wrangler-vars'])
    const ours = await pilot({ environment: 'production', secrets: DOTENV_TEXT })
    const expected = {
      deployment_configs: {
        production: {
          env_vars: Object.fromEntries(
            Object.entries(DOTENV_VALUES).map(([name, value]) => [
              name,
              { type: 'secret_text', value }
            ])
          ),
          wrangler_config_hash: HASH
        }
      }
    }
    expect(patchBody(theirs)).toEqual(expected)
    expect(patchBody(ours)).toEqual(expected)
    expect(exchange(ours)).toEqual(exchange(theirs).map((r) => r.replace('wrangler', 'pilot')))
  })

  it('put: one secret from standard input, to preview', async () => {
    const theirs = await wrangler(
      ['put', 'PUT_SECRET', '--project-name', 'wrangler-vars', '--env', 'preview'],
      'put-secret-value\n'
    )
    const ours = await pilot({ environment: 'preview', secrets: 'PUT_SECRET=put-secret-value' })
    const expected = {
      deployment_configs: {
        preview: { env_vars: { PUT_SECRET: { type: 'secret_text', value: 'put-secret-value' } } }
      }
    }
    expect(patchBody(theirs)).toEqual(expected)
    expect(patchBody(ours)).toEqual(expected)
  })

  it('delete: the variable set to null, and the twins end alike', async () => {
    const theirs = await wrangler(['delete', 'OLD', '--project-name', 'wrangler-vars'])
    const ours = await pilot({ environment: 'production', 'delete-secrets': 'OLD' })
    const expected = {
      deployment_configs: { production: { env_vars: { OLD: null }, wrangler_config_hash: HASH } }
    }
    expect(patchBody(theirs)).toEqual(expected)
    expect(patchBody(ours)).toEqual(expected)
    for (const environment of ['production', 'preview'] as const) {
      expect(emulator.getEnvVars('pilot-vars', environment)).toEqual(
        emulator.getEnvVars('wrangler-vars', environment)
      )
    }
    expect(emulator.getEnvVars('pilot-vars', 'production')?.MULTI?.value).toBe(DOTENV_VALUES.MULTI)
  })
})
