/**
 * The bundle as the runner runs it, once per operation: `node dist/index.js` with INPUT_*
 * variables, outputs through GITHUB_OUTPUT and the summary through GITHUB_STEP_SUMMARY. The
 * behaviour behind each operation is tested in-process (__tests__/operations); this layer
 * proves the bundle, the Actions console and the files the runner reads.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Emulator } from '../../emulator/server.js'
import { act, projectWithHistory, startWorld, uniqueProject } from './support/world.js'

let emulator: Emulator
beforeAll(async () => {
  emulator = await startWorld()
})
afterAll(async () => {
  await emulator.close()
})

describe('the bundle, once per operation', () => {
  it('deploy: follows a Git build to success and writes every output and the summary', async () => {
    const { name, live } = projectWithHistory(emulator)
    const result = await act(emulator, { 'project-name': name, 'health-check-path': '/' })
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({
      status: 'success',
      environment: 'production',
      'health-check': 'passed',
      'previous-deployment-id': live.id,
      'rolled-back': 'false'
    })
    expect(result.outputs['deployment-id']).toMatch(/^[0-9a-f-]{36}$/)
    expect(result.stdout).toContain('::add-mask::')
    expect(result.summary).toContain('Cloudflare Pages deploy')
  })

  it('deploy with directory: uploads a folder (the lazily loaded upload chunk)', async () => {
    const name = uniqueProject('bundle-direct')
    emulator.addProject({ name, source: 'direct' })
    const dir = mkdtempSync(join(tmpdir(), 'pages-pilot-bundle-site-'))
    writeFileSync(join(dir, 'index.html'), '<h1>bundle</h1>')
    const result = await act(emulator, { 'project-name': name, directory: dir, branch: 'main' })
    expect(result.exitCode).toBe(0)
    expect(result.outputs['files-uploaded']).toBe('1')
  })

  it('deploy: alias-url is in GITHUB_OUTPUT from the start, so a step killed during the build still has it', async () => {
    const { name } = projectWithHistory(emulator)
    emulator.scriptNextDeployments(name, { stageDurationsMs: { build: 60_000 } })
    const created = new Promise<void>((resolve) => {
      const stop = emulator.onRequest((request) => {
        if (request.method !== 'POST' || !request.path.endsWith(`/projects/${name}/deployments`))
          return
        stop()
        // A moment for the answer to arrive and the wait to begin.
        setTimeout(resolve, 300)
      })
    })
    const result = await act(
      emulator,
      { 'project-name': name, branch: 'feature/killed' },
      { cancelOn: created, cancelSignal: 'SIGKILL' }
    )
    expect(result.signal).toBe('SIGKILL')
    expect(result.outputs).toEqual({ 'alias-url': `https://feature-killed.${name}.pages.dev` })
  })

  it('job-summary: false writes no job summary, and every output', async () => {
    const { name } = projectWithHistory(emulator)
    const result = await act(emulator, { 'project-name': name, 'job-summary': 'false' })
    expect(result.exitCode).toBe(0)
    expect(result.summary).toBe('')
    expect(result.outputs.status).toBe('success')
  })

  it('trigger: starts a deployment and returns at once', async () => {
    const { name } = projectWithHistory(emulator)
    const result = await act(emulator, {
      operation: 'trigger',
      'project-name': name,
      branch: 'feature/x'
    })
    expect(result.exitCode).toBe(0)
    expect(result.outputs.environment).toBe('preview')
    expect(['idle', 'active']).toContain(result.outputs.status)
  })

  it('wait: follows the build of a pushed commit', async () => {
    const { name } = projectWithHistory(emulator)
    const pushed = emulator.simulatePush(name, { branch: 'main' })
    const commit = pushed.deployment_trigger.metadata.commit_hash
    const result = await act(emulator, {
      operation: 'wait',
      'project-name': name,
      'commit-hash': commit
    })
    expect(result.exitCode).toBe(0)
    expect(result.outputs['deployment-id']).toBe(pushed.id)
  })

  it('rollback: makes the previous production deployment live again', async () => {
    const { name, older } = projectWithHistory(emulator)
    const result = await act(emulator, { operation: 'rollback', 'project-name': name })
    expect(result.exitCode).toBe(0)
    expect(result.outputs['rollback-deployment-id']).toBe(older.id)
    expect(emulator.getProject(name)?.canonical_deployment?.id).toBe(older.id)
  })

  it('logs, status and retry: read a failed build, then retry it', async () => {
    const { name } = projectWithHistory(emulator)
    const failed = emulator.seedDeployment(name, { branch: 'feature/f', outcome: 'failure' })
    const logs = await act(emulator, {
      operation: 'logs',
      'project-name': name,
      'deployment-id': failed.id
    })
    expect(logs.exitCode).toBe(0)
    expect(logs.outputs['logs-file']).toMatch(/\.log$/)
    expect(logs.stdout).toContain('::group::Build log of')
    const status = await act(emulator, { operation: 'status', 'project-name': name })
    expect(status.exitCode).toBe(0)
    expect(status.outputs['deployment-id']).toBe(failed.id)
    const retry = await act(emulator, {
      operation: 'retry',
      'project-name': name,
      'deployment-id': failed.id
    })
    expect(retry.exitCode).toBe(0)
    expect(retry.outputs.status).toBe('success')
  })

  it('cleanup and teardown-preview: delete previews by policy, and a closed branch', async () => {
    const { name } = projectWithHistory(emulator)
    for (let i = 3; i > 0; i--) {
      emulator.seedDeployment(name, { branch: 'feature/old', createdAgoMs: i * 3_600_000 })
    }
    const cleanup = await act(emulator, {
      operation: 'cleanup',
      'project-name': name,
      'keep-latest': '1'
    })
    expect(cleanup.exitCode).toBe(0)
    expect(cleanup.outputs['deleted-count']).toBe('2')
    const teardown = await act(emulator, {
      operation: 'teardown-preview',
      'project-name': name,
      branch: 'feature/old'
    })
    expect(teardown.exitCode).toBe(0)
    expect(teardown.outputs['deleted-count']).toBe('1')
  })

  it('project and domains: read the project and its custom domains', async () => {
    const name = uniqueProject('bundle-domains')
    emulator.addProject({ name, domains: [{ name: 'www.example.com', status: 'pending' }] })
    const project = await act(emulator, { operation: 'project', 'project-name': name })
    expect(project.exitCode).toBe(0)
    expect(project.outputs.subdomain).toBe(`${name}.pages.dev`)
    const domains = await act(emulator, {
      operation: 'domains',
      'project-name': name,
      'fail-on-inactive-domain': 'true'
    })
    expect(domains.exitCode).toBe(1)
    expect(domains.outputs['inactive-domains']).toBe('www.example.com')
    expect(domains.stdout).toContain('::error::pages-pilot domains: 1 of 1 custom domains')
  })

  it("secrets and project: set an environment's variables, then change the production branch", async () => {
    const name = uniqueProject('bundle-settings')
    emulator.addProject({ name, source: 'direct' })
    const secret = 'bundle-secret-3c2b1a'
    const secrets = await act(emulator, {
      operation: 'secrets',
      'project-name': name,
      environment: 'production',
      secrets: `API_KEY=${secret}`,
      vars: 'MODE=fast'
    })
    expect([secrets.exitCode, secrets.outputs['variables-changed']]).toEqual([0, 'true'])
    expect(secrets.stdout).toContain(`::add-mask::${secret}`)
    expect(secrets.allText.replace(/^::add-mask::.*$/gm, '')).not.toContain(secret)
    expect(emulator.getEnvVars(name, 'production')?.API_KEY?.value).toBe(secret)
    const branch = await act(emulator, {
      operation: 'project',
      'project-name': name,
      'production-branch': 'release'
    })
    expect(branch.exitCode).toBe(0)
    expect(branch.outputs['production-branch']).toBe('release')
    expect(branch.stdout).toContain(
      `::notice::Production branch of ${name} changed from main to release.`
    )
  })

  it('bad inputs: fails the step with every problem, before any request', async () => {
    const result = await act(emulator, { 'project-name': 'Not_A_Project', 'wait-timeout': 'soon' })
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toContain('::error::pages-pilot: Invalid inputs:')
    expect(result.outputs.error).toContain('project-name:')
    expect(result.summary).toContain('What went wrong')
  })
})
