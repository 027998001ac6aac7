/**
 * The fault suite: every operation driven through the bundled action while the API misbehaves
 * in each way Cloudflare's edge and API have been seen to. Survivable faults (one per kind of
 * request in a run) must be survived with the right outcome and no duplicate side effects;
 * persistent ones must fail in time with a message that says what happened.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Emulator, Fault } from '../../emulator/server.js'
import { act, projectWithHistory, startWorld, uniqueProject } from '../support/world.js'

let emulator: Emulator
beforeAll(async () => {
  emulator = await startWorld()
})
afterAll(async () => {
  await emulator.close()
})

/** A fault without its `match`, which each test sets. */
type FaultSpec = Fault
const FAULTS: Record<string, FaultSpec> = {
  '429 with Retry-After': { kind: 'status', status: 429, retryAfterSeconds: 1 },
  '429 without Retry-After': { kind: 'status', status: 429, body: 'json' },
  '500 HTML page': { kind: 'status', status: 500, body: 'html' },
  '502 HTML page': { kind: 'status', status: 502, body: 'html' },
  '503 HTML page': { kind: 'status', status: 503, body: 'html' },
  '524 gateway timeout': { kind: 'status', status: 524, body: 'html' },
  'response stalled past request-timeout': { kind: 'stall', ms: 2_500 },
  'connection reset before the response': { kind: 'reset' },
  'connection reset mid-body': { kind: 'reset-mid-body' },
  'truncated body': { kind: 'truncated' },
  'non-JSON 200 body': { kind: 'non-json' },
  'success:false with 8000000 (unknown error)': {
    kind: 'success-false',
    code: 8000000,
    message: 'An unknown error occurred.'
  }
}

/** One fault of `spec` for each kind of request a run makes, so every request type is hit once. */
function hitEveryRequestType(project: string, spec: FaultSpec, uploads = false): Fault[] {
  const p = `/projects/${project}`
  const matches = [
    { method: 'GET', path: `${p}$` },
    { method: 'GET', path: `${p}/deployments?` },
    { method: 'POST', path: `${p}/deployments$` },
    { method: 'GET', path: `${p}/deployments/[0-9a-f-]{36}$` },
    { method: 'GET', path: `${p}/deployments/[0-9a-f-]{36}/history/logs` },
    { method: 'POST', path: `${p}/deployments/[0-9a-f-]{36}/retry$` },
    { method: 'POST', path: `${p}/deployments/[0-9a-f-]{36}/rollback$` },
    { method: 'DELETE', path: `${p}/deployments/[0-9a-f-]{36}` },
    { method: 'GET', path: `${p}/domains` },
    { method: 'GET', path: `${p}/upload-token$` },
    { method: 'PATCH', path: `${p}$` }
  ]
  // Asset requests do not name the project, so only the one run that uploads gets these.
  if (uploads) {
    matches.push(
      { method: 'POST', path: '/pages/assets/check-missing' },
      { method: 'POST', path: '/pages/assets/upload' },
      { method: 'POST', path: '/pages/assets/upsert-hashes' }
    )
  }
  return matches.map((match) => ({ ...spec, match }) as Fault)
}

interface Scenario {
  /** A Direct Upload project instead of a Git-connected one. */
  direct?: boolean
  inputs: (name: string) => Record<string, string>
  prepare?: (name: string) => Record<string, string>
  check: (name: string, outputs: Record<string, string>, exitCode: number | null) => void
}

const deploymentsOf = (name: string): number => emulator.listDeployments(name).length

/** A fresh built folder of 12 files, so every run uploads. */
function folder(): string {
  const root = mkdtempSync(join(tmpdir(), 'pages-pilot-fault-site-'))
  for (let i = 0; i < 12; i++) writeFileSync(join(root, `page-${i}.html`), `<p>${root} ${i}</p>`)
  return root
}

const SCENARIOS: Record<string, Scenario> = {
  deploy: {
    inputs: () => ({ branch: 'main', 'health-check-path': '/' }),
    check: (name, out, code) => {
      expect(code).toBe(0)
      expect(out.status).toBe('success')
      expect(deploymentsOf(name)).toBe(3) // two seeded + exactly one new
      expect(emulator.getProject(name)?.canonical_deployment?.id).toBe(out['deployment-id'])
    }
  },
  'deploy of a failing build': {
    prepare: (name) => {
      emulator.scriptNextDeployments(name, { outcome: 'failure' })
      return {}
    },
    inputs: () => ({ branch: 'main', 'rollback-on-failure': 'true', 'health-check-path': '/' }),
    check: (name, out, code) => {
      expect(code).toBe(1)
      expect(out.status).toBe('failure')
      expect(out['rolled-back']).toBe('false')
      expect(deploymentsOf(name)).toBe(3)
    }
  },
  trigger: {
    inputs: () => ({ operation: 'trigger', branch: 'feature/f' }),
    check: (name, out, code) => {
      expect(code).toBe(0)
      expect(deploymentsOf(name)).toBe(3)
      expect(out['deployment-id']).toBe(emulator.listDeployments(name)[0]?.id)
    }
  },
  wait: {
    prepare: (name) => ({ 'deployment-id': emulator.simulatePush(name, { branch: 'main' }).id }),
    inputs: () => ({ operation: 'wait' }),
    check: (_name, out, code) => {
      expect(code).toBe(0)
      expect(out.status).toBe('success')
    }
  },
  rollback: {
    inputs: () => ({ operation: 'rollback' }),
    check: (name, out, code) => {
      expect(code).toBe(0)
      expect(out['rolled-back']).toBe('true')
      expect(emulator.getProject(name)?.canonical_deployment?.id).toBe(
        out['rollback-deployment-id']
      )
    }
  },
  logs: {
    prepare: (name) => ({ 'deployment-id': emulator.listDeployments(name)[0]?.id ?? '' }),
    inputs: () => ({ operation: 'logs' }),
    check: (_name, out, code) => {
      expect(code).toBe(0)
      expect(out['logs-file']).not.toBe('')
    }
  },
  status: {
    inputs: () => ({ operation: 'status' }),
    check: (_name, out, code) => {
      expect(code).toBe(0)
      expect(out.status).toBe('success')
    }
  },
  'deploy a folder': {
    direct: true,
    inputs: () => ({ branch: 'main', directory: folder() }),
    check: (name, out, code) => {
      expect(code).toBe(0)
      expect(out.status).toBe('success')
      expect(out['files-uploaded']).toBe('12')
      expect(deploymentsOf(name)).toBe(1)
    }
  },
  cleanup: {
    prepare: (name) => {
      for (let i = 0; i < 4; i++)
        emulator.seedDeployment(name, { branch: 'feature/old', createdAgoMs: 3_600_000 + i })
      return {}
    },
    inputs: () => ({ operation: 'cleanup', 'keep-latest': '1' }),
    check: (name, out, code) => {
      expect(code).toBe(0)
      expect(out['deleted-count']).toBe('3')
      expect(deploymentsOf(name)).toBe(3) // two production + the newest of feature/old
    }
  },
  'teardown-preview': {
    prepare: (name) => {
      for (let i = 0; i < 3; i++)
        emulator.seedDeployment(name, { branch: 'feature/closed', createdAgoMs: 60_000 + i })
      return {}
    },
    inputs: () => ({ operation: 'teardown-preview', branch: 'feature/closed' }),
    check: (name, out, code) => {
      expect(code).toBe(0)
      expect(out['deleted-count']).toBe('3')
      expect(deploymentsOf(name)).toBe(2)
    }
  },
  project: {
    inputs: () => ({ operation: 'project' }),
    check: (_name, out, code) => {
      expect(code).toBe(0)
      expect(out['production-branch']).toBe('main')
    }
  },
  secrets: {
    inputs: () => ({
      operation: 'secrets',
      environment: 'production',
      secrets: 'API_KEY=fault-secret-value',
      vars: 'MODE=fast'
    }),
    check: (name, out, code) => {
      expect(code).toBe(0)
      expect(out['variables-changed']).toBe('true')
      expect(emulator.getEnvVars(name, 'production')).toEqual({
        API_KEY: { type: 'secret_text', value: 'fault-secret-value' },
        MODE: { type: 'plain_text', value: 'fast' }
      })
    }
  },
  'production-branch': {
    inputs: () => ({ operation: 'project', 'production-branch': 'release' }),
    check: (name, out, code) => {
      expect(code).toBe(0)
      expect(out['production-branch']).toBe('release')
      expect(emulator.getProject(name)?.production_branch).toBe('release')
    }
  },
  domains: {
    inputs: () => ({ operation: 'domains' }),
    check: (_name, _out, code) => expect(code).toBe(0)
  },
  retry: {
    prepare: (name) => ({
      'deployment-id': emulator.seedDeployment(name, {
        branch: 'feature/r',
        outcome: 'failure',
        createdAgoMs: 1_000
      }).id
    }),
    inputs: () => ({ operation: 'retry' }),
    check: (name, out, code) => {
      expect(code).toBe(0)
      expect(out.status).toBe('success')
      expect(deploymentsOf(name)).toBe(4) // two seeded, the failed one, exactly one retry
    }
  }
}

describe.each(Object.entries(FAULTS))('fault: %s', (_faultName, spec) => {
  it('is survived by every operation, with the right outcome and no duplicate effect', async () => {
    await Promise.all(
      Object.entries(SCENARIOS).map(async ([scenarioName, scenario]) => {
        const name = uniqueProject('fault')
        if (scenario.direct) emulator.addProject({ name, source: 'direct' })
        else projectWithHistory(emulator, name)
        const extra = scenario.prepare?.(name) ?? {}
        emulator.addFaults(...hitEveryRequestType(name, spec, scenario.direct))
        const result = await act(emulator, {
          'project-name': name,
          'request-timeout': '500ms',
          ...scenario.inputs(name),
          ...extra
        })
        try {
          scenario.check(name, result.outputs, result.exitCode)
        } catch (error) {
          throw new Error(
            `${scenarioName}: ${(error as Error).message}\n${result.stdout.slice(-2000)}`
          )
        }
      })
    )
  }, 90_000)
})

describe('persistent faults fail in time, with a clear message', () => {
  const persistent: Array<[string, FaultSpec, RegExp]> = [
    [
      '500s',
      { kind: 'status', status: 500, body: 'html' },
      /after 5 attempts \(HTTP 500, unreadable HTML response\)/
    ],
    ['hung connections', { kind: 'hang' }, /after 5 attempts \(no response within 500ms\)/],
    [
      '429 asking for 5 minutes',
      { kind: 'status', status: 429, retryAfterSeconds: 300, body: 'json' },
      /Cloudflare asked to wait 300s/
    ],
    ['malformed bodies', { kind: 'non-json' }, /unreadable HTML response/]
  ]
  it.each(persistent)(
    '%s',
    async (_label, spec, message) => {
      const { name } = projectWithHistory(emulator)
      emulator.addFaults({ ...spec, times: 10, match: { path: `/projects/${name}` } } as Fault)
      const result = await act(emulator, {
        operation: 'status',
        'project-name': name,
        'request-timeout': '500ms'
      })
      expect(result.exitCode).toBe(1)
      expect(result.outputs.error).toMatch(message)
      expect(result.durationMs).toBeLessThan(25_000)
    },
    40_000
  )
})
