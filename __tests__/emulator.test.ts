/**
 * The Pages API emulator over real HTTP: envelope, auth, errors, the stage machine in real time,
 * canonical deployments and rollback, pagination, logs, pushes, faults, rate limit, sites and
 * the HTTP control API.
 */
import { get as httpGet } from 'node:http'
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import type {
  ApiEnvelope,
  Deployment,
  DeploymentLogs,
  Domain,
  Project
} from '../src/cloudflare/types.js'
import { startEmulator, type Emulator } from '../emulator/server.js'

const STAGE_MS = 50

let emu: Emulator

beforeAll(async () => {
  emu = await startEmulator({
    stageDurationsMs: {
      queued: STAGE_MS,
      initialize: STAGE_MS,
      clone_repo: STAGE_MS,
      build: STAGE_MS,
      deploy: STAGE_MS
    },
    globalApiKey: { email: 'ci@example.com', key: 'legacy-global-key' }
  })
})

afterAll(async () => {
  await emu.close()
})

afterEach(() => {
  emu.clearFaults()
})

interface Answer<T> {
  status: number
  headers: Headers
  body: ApiEnvelope<T>
}

function projectUrl(project: string, rest = ''): string {
  return `${emu.apiBaseUrl}/accounts/${emu.accountId}/pages/projects/${project}${rest}`
}

async function call<T>(url: string, init: RequestInit = {}): Promise<Answer<T>> {
  const headers = new Headers(init.headers)
  if (!headers.has('authorization') && !headers.has('x-auth-key')) {
    headers.set('authorization', `Bearer ${emu.token}`)
  }
  const response = await fetch(url, { ...init, headers })
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as ApiEnvelope<T>
  }
}

async function createDeployment(project: string, branch?: string): Promise<Deployment> {
  const form = new FormData()
  if (branch) form.set('branch', branch)
  const answer = await call<Deployment>(projectUrl(project, '/deployments'), {
    method: 'POST',
    body: form
  })
  expect(answer.status).toBe(200)
  return answer.body.result as Deployment
}

async function getDeployment(project: string, id: string): Promise<Deployment> {
  return (await call<Deployment>(projectUrl(project, `/deployments/${id}`))).body
    .result as Deployment
}

async function waitUntilDone(project: string, id: string): Promise<Deployment> {
  const deadline = Date.now() + 3000
  for (;;) {
    const d = await getDeployment(project, id)
    const stage = d.latest_stage
    const done =
      d.is_skipped ||
      stage.status === 'failure' ||
      stage.status === 'canceled' ||
      (stage.name === 'deploy' && stage.status === 'success')
    if (done) return d
    if (Date.now() > deadline) throw new Error(`deployment ${id} not done`)
    await sleep(15)
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

describe('envelope and auth', () => {
  beforeAll(() => {
    emu.addProject({ name: 'envelope', domains: [{ name: 'www.example.com', status: 'active' }] })
  })

  it('wraps results in the v4 envelope with result_info on lists', async () => {
    const answer = await call<Project[]>(
      `${emu.apiBaseUrl}/accounts/${emu.accountId}/pages/projects`
    )
    expect(answer.status).toBe(200)
    expect(answer.headers.get('content-type')).toBe('application/json')
    expect(answer.body).toMatchObject({ success: true, errors: [], messages: [] })
    expect(answer.body.result?.map((p) => p.name)).toContain('envelope')
    expect(answer.body.result_info).toMatchObject({ page: 1, count: answer.body.result?.length })
  })

  it('returns a project with subdomain, domains and null deployments before any build', async () => {
    const { body } = await call<Project>(projectUrl('envelope'))
    expect(body.result).toMatchObject({
      name: 'envelope',
      subdomain: 'envelope.pages.dev',
      production_branch: 'main',
      canonical_deployment: null,
      latest_deployment: null
    })
    expect(body.result?.domains).toEqual(['envelope.pages.dev', 'www.example.com'])
    const domains = await call<Domain[]>(projectUrl('envelope', '/domains'))
    expect(domains.body.result?.[0]).toMatchObject({ name: 'www.example.com', status: 'active' })
    const one = await call<Domain>(projectUrl('envelope', '/domains/www.example.com'))
    expect(one.body.result?.name).toBe('www.example.com')
  })

  it('refuses a wrong token with 401/10000 and no credentials with 400/9106', async () => {
    const wrong = await call(projectUrl('envelope'), { headers: { authorization: 'Bearer nope' } })
    expect(wrong.status).toBe(401)
    expect(wrong.body).toEqual({
      success: false,
      errors: [{ code: 10000, message: 'Authentication error' }],
      messages: [],
      result: null
    })
    const response = await fetch(projectUrl('envelope'))
    expect(response.status).toBe(400)
    const body = (await response.json()) as ApiEnvelope<null>
    expect(body.errors[0]?.code).toBe(9106)
  })

  it('accepts the legacy email + global key only when they match', async () => {
    const ok = await call<Project>(projectUrl('envelope'), {
      headers: { 'x-auth-email': 'ci@example.com', 'x-auth-key': 'legacy-global-key' }
    })
    expect(ok.body.success).toBe(true)
    const bad = await call(projectUrl('envelope'), {
      headers: { 'x-auth-email': 'ci@example.com', 'x-auth-key': 'wrong' }
    })
    expect(bad.status).toBe(401)
    expect(bad.body.errors[0]?.code).toBe(10000)
  })

  it('answers a foreign account with 403/10000', async () => {
    const answer = await call(
      `${emu.apiBaseUrl}/accounts/${'f'.repeat(32)}/pages/projects/envelope`
    )
    expect(answer.status).toBe(403)
    expect(answer.body.errors[0]).toEqual({ code: 10000, message: 'Authentication error' })
  })

  it('uses Cloudflare codes for unknown project, deployment and route', async () => {
    const project = await call(projectUrl('missing'))
    expect(project.status).toBe(404)
    expect(project.body.errors[0]?.code).toBe(8000007)
    const deployment = await call(
      projectUrl('envelope', '/deployments/00000000-0000-0000-0000-000000000000')
    )
    expect(deployment.status).toBe(404)
    expect(deployment.body.errors[0]?.code).toBe(8000009)
    const route = await call(`${emu.apiBaseUrl}/zones/whatever`)
    expect(route.status).toBe(404)
    expect(route.body.errors[0]?.code).toBe(7003)
  })

  it('records every request with lowercase headers', async () => {
    const before = emu.requests.length
    await call(projectUrl('envelope'), { headers: { 'X-Custom': 'yes' } })
    const recorded = emu.requests.slice(before)
    expect(recorded).toHaveLength(1)
    expect(recorded[0]).toMatchObject({
      method: 'GET',
      path: '/client/v4' + projectUrl('envelope').split('/client/v4')[1]
    })
    expect(recorded[0]?.headers['authorization']).toBe(`Bearer ${emu.token}`)
    expect(recorded[0]?.headers['x-custom']).toBe('yes')
  })
})

describe('creating projects', () => {
  const projectsUrl = () => `${emu.apiBaseUrl}/accounts/${emu.accountId}/pages/projects`
  const create = (body: unknown) =>
    call<Project>(projectsUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body)
    })

  it('creates a Direct Upload project, then refuses the same name with 409/8000002', async () => {
    const created = await create({ name: 'emu-created', production_branch: 'trunk' })
    expect(created.status).toBe(200)
    expect(created.body.result).toMatchObject({
      name: 'emu-created',
      subdomain: 'emu-created.pages.dev',
      production_branch: 'trunk',
      source: null,
      canonical_deployment: null
    })
    const again = await create({ name: 'emu-created', production_branch: 'trunk' })
    expect(again.status).toBe(409)
    expect(again.body.errors[0]?.code).toBe(8000002)
  })

  it("gives a suffixed pages.dev name when another account's project holds the name", async () => {
    emu.takeSubdomain('emu-taken')
    const created = await create({ name: 'emu-taken', production_branch: 'main' })
    expect(created.body.result?.subdomain).toMatch(/^emu-taken-[0-9a-f]{4}\.pages\.dev$/)
    expect(created.body.result?.domains).toEqual([created.body.result?.subdomain])
  })

  it('refuses a body that is not JSON, a bad name and a missing production branch', async () => {
    expect((await create('not json')).body.errors[0]?.code).toBe(8000001)
    expect((await create({ name: 'Bad Name', production_branch: 'main' })).status).toBe(400)
    const noBranch = await create({ name: 'emu-no-branch' })
    expect(noBranch.status).toBe(400)
    expect(noBranch.body.errors[0]?.message).toBe('A production branch is required.')
    expect(emu.getProject('emu-no-branch')).toBeUndefined()
  })
})

describe('updating a project (PATCH)', () => {
  const patch = (project: string, body: unknown) =>
    call<Project>(projectUrl(project), {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body)
    })
  const envVars = (p: Project | null | undefined, environment: 'preview' | 'production') =>
    p?.deployment_configs[environment].env_vars

  it('merges variables name by name, deletes one set to null, and never answers a secret', async () => {
    emu.addProject({
      name: 'emu-settings',
      source: 'direct',
      deploymentConfigs: { production: { envVars: { KEEP: { type: 'plain_text', value: 'k' } } } }
    })
    const first = await patch('emu-settings', {
      deployment_configs: {
        production: {
          env_vars: {
            API_KEY: { type: 'secret_text', value: 's3cr3t-value' },
            MODE: { value: 'fast' }
          }
        }
      }
    })
    expect(first.status).toBe(200)
    expect(envVars(first.body.result, 'production')).toEqual({
      KEEP: { type: 'plain_text', value: 'k' },
      API_KEY: { type: 'secret_text', value: '' },
      MODE: { type: 'plain_text', value: 'fast' }
    })
    expect(envVars(first.body.result, 'preview')).toBeNull()
    const second = await patch('emu-settings', {
      deployment_configs: { production: { env_vars: { KEEP: null, MODE: { value: 'slow' } } } }
    })
    expect(envVars(second.body.result, 'production')).toEqual({
      API_KEY: { type: 'secret_text', value: '' },
      MODE: { type: 'plain_text', value: 'slow' }
    })
    const read = await call<Project>(projectUrl('emu-settings'))
    expect(JSON.stringify(read.body)).not.toContain('s3cr3t-value')
    expect(read.body.result?.deployment_configs.production.compatibility_date).toMatch(
      /^\d{4}-\d{2}-\d{2}$/
    )
    // The stored value is there for what a Worker would see.
    expect(emu.getEnvVars('emu-settings', 'production')?.API_KEY).toEqual({
      type: 'secret_text',
      value: 's3cr3t-value'
    })
  })

  it('changes the production branch alone, keeping every setting, for Git projects in their source too', async () => {
    emu.addProject({
      name: 'emu-branch',
      deploymentConfigs: { preview: { envVars: { A: { type: 'plain_text', value: '1' } } } }
    })
    const answer = await patch('emu-branch', { production_branch: 'release' })
    expect(answer.body.result).toMatchObject({
      production_branch: 'release',
      source: { config: { production_branch: 'release' } }
    })
    expect(envVars(answer.body.result, 'preview')).toEqual({
      A: { type: 'plain_text', value: '1' }
    })
    // Deployments made from now on follow the new branch.
    const build = await createDeployment('emu-branch', 'release')
    expect(build.environment).toBe('production')
    expect((await createDeployment('emu-branch', 'main')).environment).toBe('preview')
  })

  it('keeps wrangler_config_hash from a deployment made with a wrangler configuration', async () => {
    emu.addProject({
      name: 'emu-hash',
      source: 'direct',
      deploymentConfigs: { preview: { wranglerConfigHash: 'abc123' } }
    })
    const read = await call<Project>(projectUrl('emu-hash'))
    expect(read.body.result?.deployment_configs.preview.wrangler_config_hash).toBe('abc123')
    expect(read.body.result?.deployment_configs.production.wrangler_config_hash).toBeUndefined()
  })

  it('snapshots the variables into each deployment made after a change, secrets without their values', async () => {
    emu.addProject({ name: 'emu-snapshot' })
    const before = await createDeployment('emu-snapshot')
    await patch('emu-snapshot', {
      deployment_configs: {
        production: { env_vars: { TOKEN: { type: 'secret_text', value: 'snapshot-secret' } } }
      }
    })
    const after = await createDeployment('emu-snapshot')
    expect(before.env_vars).toEqual({})
    expect(after.env_vars).toEqual({ TOKEN: { type: 'secret_text', value: '' } })
  })

  it('refuses a malformed body whole, with nothing applied', async () => {
    emu.addProject({ name: 'emu-refused', source: 'direct' })
    const cases: unknown[] = [
      'not json',
      [],
      { production_branch: '' },
      { production_branch: 7 },
      { deployment_configs: { staging: {} } },
      { deployment_configs: { production: { env_vars: [] } } },
      { deployment_configs: { production: { env_vars: { A: { value: 1 } } } } },
      { deployment_configs: { production: { env_vars: { A: { type: 'other', value: 'x' } } } } },
      {
        production_branch: 'applied-if-not-checked-first',
        deployment_configs: { preview: { env_vars: { B: 'plain string' } } }
      }
    ]
    for (const body of cases) {
      const answer = await patch('emu-refused', body)
      expect([JSON.stringify(body), answer.status, answer.body.errors[0]?.code]).toEqual([
        JSON.stringify(body),
        400,
        8000001
      ])
    }
    expect(emu.getProject('emu-refused')?.production_branch).toBe('main')
    expect(emu.getEnvVars('emu-refused', 'preview')).toEqual({})
    expect((await patch('emu-missing', { production_branch: 'x' })).body.errors[0]?.code).toBe(
      8000007
    )
  })
})

describe('deployments in real time', () => {
  beforeAll(() => {
    emu.addProject({ name: 'timeline' })
    emu.addProject({ name: 'direct', source: 'direct' })
  })

  it('walks queued → deploy and becomes the canonical deployment', async () => {
    const created = await createDeployment('timeline')
    expect(created.environment).toBe('production')
    expect(created.deployment_trigger.type).toBe('ad_hoc')
    expect(created.deployment_trigger.metadata.branch).toBe('main')
    expect(created.deployment_trigger.metadata.commit_hash).toMatch(/^[0-9a-f]{40}$/)
    expect(created.short_id).toBe(created.id.slice(0, 8))
    expect(created.aliases).toBeNull()
    expect(created.stages.map((s) => s.status)).toEqual(['active', 'idle', 'idle', 'idle', 'idle'])

    const seen = new Set<string>()
    const deadline = Date.now() + 3000
    let current = created
    while (!(current.latest_stage.name === 'deploy' && current.latest_stage.status === 'success')) {
      seen.add(current.latest_stage.name)
      expect(Date.now()).toBeLessThan(deadline)
      await sleep(10)
      current = await getDeployment('timeline', created.id)
    }
    expect(seen.size).toBeGreaterThanOrEqual(3)
    expect(current.stages.every((s) => s.status === 'success' && s.started_on && s.ended_on)).toBe(
      true
    )
    const project = (await call<Project>(projectUrl('timeline'))).body.result
    expect(project?.canonical_deployment?.id).toBe(created.id)
    expect(project?.latest_deployment?.id).toBe(created.id)
  })

  it('fails at the scripted stage and never goes live', async () => {
    const live = (await call<Project>(projectUrl('timeline'))).body.result?.canonical_deployment?.id
    emu.scriptNextDeployments('timeline', {
      outcome: 'failure',
      logLines: ['vite v5.4.0 building for production...']
    })
    const created = await createDeployment('timeline')
    const done = await waitUntilDone('timeline', created.id)
    expect(done.latest_stage).toMatchObject({ name: 'build', status: 'failure' })
    expect(done.stages.find((s) => s.name === 'deploy')?.status).toBe('idle')
    const logs = (
      await call<DeploymentLogs>(projectUrl('timeline', `/deployments/${created.id}/history/logs`))
    ).body.result
    const lines = logs?.data.map((l) => l.line) ?? []
    expect(lines).toContain('vite v5.4.0 building for production...')
    expect(lines).toContain('Failed: build command exited with code: 1')
    expect(lines).not.toContain('Success: Your site was deployed!')
    const project = (await call<Project>(projectUrl('timeline'))).body.result
    expect(project?.canonical_deployment?.id).toBe(live)
    expect((await fetch(done.url)).status).toBe(404)
  })

  it('finishes skipped deployments at once', async () => {
    emu.scriptNextDeployments('timeline', { outcome: 'skipped' })
    const created = await createDeployment('timeline', 'docs/typo')
    expect(created.is_skipped).toBe(true)
    expect(created.skip_reason).toBeTruthy()
    expect(created.environment).toBe('preview')
    expect(created.stages.slice(1).every((s) => s.status === 'skipped')).toBe(true)
  })

  it('cancels at the scripted stage', async () => {
    emu.scriptNextDeployments('timeline', { outcome: 'canceled', failAt: 'clone_repo' })
    const created = await createDeployment('timeline', 'feature/cancel')
    const done = await waitUntilDone('timeline', created.id)
    expect(done.latest_stage).toMatchObject({ name: 'clone_repo', status: 'canceled' })
    expect(done.stages.map((s) => s.status)).toEqual([
      'success',
      'success',
      'canceled',
      'idle',
      'idle'
    ])
  })

  it('grows the build log as stages progress', async () => {
    emu.scriptNextDeployments('timeline', {
      stageDurationsMs: { queued: 10, initialize: 10, clone_repo: 10, build: 300, deploy: 10 }
    })
    const created = await createDeployment('timeline', 'feature/logs')
    const logsUrl = projectUrl('timeline', `/deployments/${created.id}/history/logs`)
    const early = (await call<DeploymentLogs>(logsUrl)).body.result as DeploymentLogs
    await sleep(120)
    const middle = (await call<DeploymentLogs>(logsUrl)).body.result as DeploymentLogs
    await waitUntilDone('timeline', created.id)
    const late = (await call<DeploymentLogs>(logsUrl)).body.result as DeploymentLogs
    expect(early.total).toBeLessThan(middle.total)
    expect(middle.total).toBeLessThan(late.total)
    expect(middle.data.map((l) => l.line)).toContain(
      'Detected the following tools from environment: npm@10.9.2, nodejs@22.16.0'
    )
    expect(middle.data.map((l) => l.line)).not.toContain('Success: Build command completed')
    expect(late.includes_container_logs).toBe(false)
    expect(late.total).toBe(late.data.length)
    expect(late.data.at(-1)?.line).toBe('Success: Your site was deployed!')
    expect(late.data.map((l) => l.line)).toContain(
      `HEAD is now at ${created.deployment_trigger.metadata.commit_hash.slice(0, 7)} ${created.deployment_trigger.metadata.commit_message}`
    )
  })

  it('retries with the same trigger metadata and environment', async () => {
    const original = await createDeployment('timeline', 'feature/retry')
    emu.scriptNextDeployments('timeline', { outcome: 'failure', failAt: 'deploy' })
    const answer = await call<Deployment>(
      projectUrl('timeline', `/deployments/${original.id}/retry`),
      { method: 'POST' }
    )
    const retried = answer.body.result as Deployment
    expect(retried.id).not.toBe(original.id)
    expect(retried.environment).toBe('preview')
    expect(retried.deployment_trigger).toEqual(original.deployment_trigger)
    const done = await waitUntilDone('timeline', retried.id)
    expect(done.latest_stage).toMatchObject({ name: 'deploy', status: 'failure' })
  })

  it('refuses a Direct Upload deployment without a manifest', async () => {
    const form = new FormData()
    form.set('branch', 'main')
    const answer = await call(projectUrl('direct', '/deployments'), { method: 'POST', body: form })
    expect(answer.status).toBe(400)
    expect(answer.body.success).toBe(false)
    expect(answer.body.errors[0]?.message).toMatch(/manifest/)
  })

  it('hides a simulated push until its delay has passed', async () => {
    const pushed = emu.simulatePush('timeline', {
      branch: 'main',
      commitHash: 'a'.repeat(40),
      commitMessage: 'Pushed commit',
      delayMs: 200
    })
    const hidden = await call(projectUrl('timeline', `/deployments/${pushed.id}`))
    expect(hidden.status).toBe(404)
    const list = await call<Deployment[]>(projectUrl('timeline', '/deployments'))
    expect(list.body.result?.some((d) => d.id === pushed.id)).toBe(false)
    await sleep(220)
    const shown = await getDeployment('timeline', pushed.id)
    expect(shown.deployment_trigger).toMatchObject({
      type: 'github:push',
      metadata: { branch: 'main', commit_hash: 'a'.repeat(40), commit_message: 'Pushed commit' }
    })
    // The pushed commit is now the branch head that an ad hoc build picks up.
    const adHoc = await createDeployment('timeline')
    expect(adHoc.deployment_trigger.metadata.commit_hash).toBe('a'.repeat(40))
  })
})

describe('canonical deployment, rollback and delete', () => {
  let oldProd: Deployment
  let failedProd: Deployment
  let preview: Deployment

  beforeAll(() => {
    emu.addProject({ name: 'rollback' })
    oldProd = emu.seedDeployment('rollback', { createdAgoMs: 3_000_000, commitMessage: 'old' })
    failedProd = emu.seedDeployment('rollback', { createdAgoMs: 2_000_000, outcome: 'failure' })
    preview = emu.seedDeployment('rollback', { branch: 'feature/a', createdAgoMs: 1_500_000 })
  })

  it('makes the newest successful seeded production deployment canonical', async () => {
    const newest = emu.seedDeployment('rollback', { createdAgoMs: 1_000_000 })
    expect(emu.getProject('rollback')?.canonical_deployment?.id).toBe(newest.id)
    expect(preview.aliases).toEqual([`${emu.origin}/__sites/feature-a.rollback.pages.dev`])
  })

  it('rolls back to an older successful production deployment', async () => {
    const answer = await call<Deployment>(
      projectUrl('rollback', `/deployments/${oldProd.id}/rollback`),
      { method: 'POST' }
    )
    expect(answer.body.result?.id).toBe(oldProd.id)
    const project = (await call<Project>(projectUrl('rollback'))).body.result
    expect(project?.canonical_deployment?.id).toBe(oldProd.id)
    const site = await fetch(`${emu.origin}/__sites/rollback.pages.dev/`)
    expect(await site.text()).toContain(oldProd.id)
  })

  it('refuses to roll back to a preview or a failed deployment', async () => {
    for (const target of [preview, failedProd]) {
      const answer = await call(projectUrl('rollback', `/deployments/${target.id}/rollback`), {
        method: 'POST'
      })
      expect(answer.status).toBe(400)
      expect(answer.body.errors[0]?.code).toBe(8000034)
    }
    expect(emu.getProject('rollback')?.canonical_deployment?.id).toBe(oldProd.id)
  })

  it('lets a newer production deployment replace the rollback once it is live', async () => {
    const created = await createDeployment('rollback')
    expect(emu.getProject('rollback')?.canonical_deployment?.id).toBe(oldProd.id)
    await waitUntilDone('rollback', created.id)
    expect(emu.getProject('rollback')?.canonical_deployment?.id).toBe(created.id)
  })

  it('needs force for aliased deployments and never deletes the live one', async () => {
    const live = emu.getProject('rollback')?.canonical_deployment?.id ?? ''
    const refusedLive = await call(projectUrl('rollback', `/deployments/${live}?force=true`), {
      method: 'DELETE'
    })
    expect(refusedLive.status).toBe(400)
    expect(refusedLive.body.errors[0]?.code).toBe(8000036)
    const aliased = await call(projectUrl('rollback', `/deployments/${preview.id}`), {
      method: 'DELETE'
    })
    expect(aliased.body.errors[0]?.code).toBe(8000035)
    const forced = await call(projectUrl('rollback', `/deployments/${preview.id}?force=true`), {
      method: 'DELETE'
    })
    expect(forced.body).toMatchObject({ success: true, result: null })
    const plain = await call(projectUrl('rollback', `/deployments/${failedProd.id}`), {
      method: 'DELETE'
    })
    expect(plain.body.success).toBe(true)
    expect((await call(projectUrl('rollback', `/deployments/${preview.id}`))).status).toBe(404)
  })
})

describe('pagination', () => {
  const ids: string[] = []

  beforeAll(() => {
    emu.addProject({ name: 'paging' })
    for (let i = 0; i < 60; i++) {
      const branch = i % 3 === 0 ? 'main' : `feature/${i}`
      ids.push(emu.seedDeployment('paging', { branch, createdAgoMs: (60 - i) * 60_000 }).id)
    }
  })

  it('walks pages newest first with consistent result_info', async () => {
    const walked: string[] = []
    for (let page = 1; ; page++) {
      const answer = await call<Deployment[]>(
        projectUrl('paging', `/deployments?page=${page}&per_page=25`)
      )
      const info = answer.body.result_info
      expect(info).toMatchObject({ page, per_page: 25, total_count: 60, total_pages: 3 })
      expect(info?.count).toBe(answer.body.result?.length)
      walked.push(...(answer.body.result ?? []).map((d) => d.id))
      if (page * 25 >= (info?.total_count ?? 0)) break
    }
    expect(walked).toEqual([...ids].reverse())
  })

  it('defaults to 25 per page, filters by env and refuses per_page above 25', async () => {
    const first = await call<Deployment[]>(projectUrl('paging', '/deployments'))
    expect(first.body.result).toHaveLength(25)
    const production = await call<Deployment[]>(projectUrl('paging', '/deployments?env=production'))
    expect(production.body.result_info?.total_count).toBe(20)
    expect(production.body.result?.every((d) => d.environment === 'production')).toBe(true)
    const tooMany = await call(projectUrl('paging', '/deployments?per_page=100'))
    expect(tooMany.status).toBe(400)
    expect(tooMany.body.errors[0]?.code).toBe(8000024)
  })
})

describe('faults', () => {
  beforeAll(() => {
    emu.addProject({ name: 'faulty' })
  })

  it('answers scripted statuses with Cloudflare-like bodies', async () => {
    emu.addFaults(
      { kind: 'status', status: 524, match: { path: '/faulty' } },
      { kind: 'status', status: 429, retryAfterSeconds: 7, match: { path: '/faulty' } },
      { kind: 'status', status: 503, body: 'empty', match: { path: '/faulty' } }
    )
    const gateway = await fetch(projectUrl('faulty'), {
      headers: { authorization: `Bearer ${emu.token}` }
    })
    expect(gateway.status).toBe(524)
    expect(gateway.headers.get('content-type')).toContain('text/html')
    expect(await gateway.text()).toContain('A timeout occurred')
    const limited = await call(projectUrl('faulty'))
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('7')
    expect(limited.body.errors[0]?.code).toBe(971)
    const empty = await fetch(projectUrl('faulty'), {
      headers: { authorization: `Bearer ${emu.token}` }
    })
    expect(empty.status).toBe(503)
    expect(await empty.text()).toBe('')
    expect((await call(projectUrl('faulty'))).status).toBe(200)
    expect(emu.requests.slice(-4).map((r) => r.fault)).toEqual([
      'status',
      'status',
      'status',
      undefined
    ])
  })

  it('matches method and path, and counts times', async () => {
    emu.addFaults({
      kind: 'success-false',
      code: 8000000,
      message: 'An unknown error occurred',
      times: 2,
      match: { method: 'post', path: 'faulty/deployments$' }
    })
    expect((await call(projectUrl('faulty', '/deployments'))).body.success).toBe(true)
    for (let i = 0; i < 2; i++) {
      const answer = await call(projectUrl('faulty', '/deployments'), { method: 'POST' })
      expect(answer.status).toBe(200)
      expect(answer.body).toMatchObject({ success: false, errors: [{ code: 8000000 }] })
    }
    expect(
      (await call(projectUrl('faulty', '/deployments'), { method: 'POST' })).body.success
    ).toBe(true)
  })

  it('returns non-JSON bodies', async () => {
    emu.addFaults({ kind: 'non-json' })
    const response = await fetch(projectUrl('faulty'), {
      headers: { authorization: `Bearer ${emu.token}` }
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('text/html')
    await expect(response.json()).rejects.toThrow()
  })

  it('stalls before answering normally', async () => {
    emu.addFaults({ kind: 'stall', ms: 150 })
    const start = Date.now()
    expect((await call(projectUrl('faulty'))).status).toBe(200)
    expect(Date.now() - start).toBeGreaterThanOrEqual(140)
  })

  it('hangs until the client gives up', async () => {
    emu.addFaults({ kind: 'hang' })
    await expect(
      fetch(projectUrl('faulty'), {
        headers: { authorization: `Bearer ${emu.token}` },
        signal: AbortSignal.timeout(150)
      })
    ).rejects.toThrow()
    expect(emu.requests.at(-1)?.fault).toBe('hang')
  })

  it('resets the connection before or during the body', async () => {
    emu.addFaults({ kind: 'reset' })
    await expect(
      fetch(projectUrl('faulty'), { headers: { authorization: `Bearer ${emu.token}` } })
    ).rejects.toThrow()
    for (const kind of ['reset-mid-body', 'truncated'] as const) {
      emu.addFaults({ kind })
      const response = await fetch(projectUrl('faulty'), {
        headers: { authorization: `Bearer ${emu.token}` }
      })
      expect(response.status).toBe(200)
      await expect(response.text()).rejects.toThrow()
      expect(emu.requests.at(-1)?.fault).toBe(kind)
    }
  })

  it('closes at once even with a hung request', async () => {
    const other = await startEmulator()
    other.addFaults({ kind: 'hang' })
    const pending = fetch(`${other.apiBaseUrl}/accounts/${other.accountId}/pages/projects`, {
      headers: { authorization: `Bearer ${other.token}` }
    }).catch((error: unknown) => error)
    await sleep(50)
    const start = Date.now()
    await other.close()
    expect(Date.now() - start).toBeLessThan(500)
    // fetch rejects with a TypeError from another realm, so check the name, not instanceof.
    expect((await pending) as { name?: string }).toMatchObject({ name: 'TypeError' })
  })
})

describe('rate limit', () => {
  it('answers 429/971 with retry-after past the limit, per credential', async () => {
    const limited = await startEmulator({ rateLimit: { limit: 3, windowMs: 60_000 } })
    try {
      const url = `${limited.apiBaseUrl}/accounts/${limited.accountId}/pages/projects`
      const headers = { authorization: `Bearer ${limited.token}` }
      for (let i = 0; i < 3; i++) expect((await fetch(url, { headers })).status).toBe(200)
      const response = await fetch(url, { headers })
      expect(response.status).toBe(429)
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(59)
      const body = (await response.json()) as ApiEnvelope<null>
      expect(body.errors[0]?.code).toBe(971)
    } finally {
      await limited.close()
    }
  })
})

describe('sites', () => {
  beforeAll(() => {
    emu.addProject({ name: 'sites' })
  })

  it('serves 404 until deployed, then the scripted status', async () => {
    emu.scriptNextDeployments('sites', {}, { siteStatus: 503 })
    const ok = await createDeployment('sites', 'feature/Fancy_Branch!')
    expect(ok.aliases).toEqual([`${emu.origin}/__sites/feature-fancy-branch.sites.pages.dev`])
    expect((await fetch(ok.url)).status).toBe(404)
    await waitUntilDone('sites', ok.id)
    const page = await fetch(`${ok.url}/some/path`)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain(ok.id)
    expect(html).toContain(ok.deployment_trigger.metadata.commit_hash)
    expect((await fetch(ok.aliases?.[0] ?? '')).status).toBe(200)

    const broken = await createDeployment('sites', 'feature/Fancy_Branch!')
    await waitUntilDone('sites', broken.id)
    expect((await fetch(broken.url)).status).toBe(503)
    // The branch alias follows the newest live deployment of the branch.
    expect((await fetch(ok.aliases?.[0] ?? '')).status).toBe(503)
    expect((await fetch(`${emu.origin}/__sites/sites.pages.dev`)).status).toBe(404)
  })

  it('answers a browser at <name>.localhost: production, a branch alias and a deployment', async () => {
    emu.addProject({ name: 'browsed', productionBranch: 'main' })
    const live = await createDeployment('browsed', 'main')
    const preview = await createDeployment('browsed', 'feature/x')
    await waitUntilDone('browsed', live.id)
    await waitUntilDone('browsed', preview.id)
    const port = new URL(emu.origin).port
    // The project's own address, as pages-pilot builds it (https://<subdomain>), and the API's.
    expect(emu.browserUrl('https://browsed.pages.dev')).toBe(`http://browsed.localhost:${port}/`)
    expect(emu.browserUrl(`${preview.aliases?.[0]}/a?b=1`)).toBe(
      `http://feature-x.browsed.localhost:${port}/a?b=1`
    )
    expect(emu.browserUrl('https://www.example.com/')).toBeUndefined()
    expect(emu.browserUrl('http://browsed.pages.dev/')).toBeUndefined()
    const production = await viaBrowserHost(emu.browserUrl('https://browsed.pages.dev') ?? '')
    expect(production.status).toBe(200)
    expect(production.body).toContain(live.id)
    expect((await viaBrowserHost(emu.browserUrl(preview.url) ?? '')).body).toContain(preview.id)
    const alias = await viaBrowserHost(emu.browserUrl(preview.aliases?.[0] ?? '') ?? '')
    expect(alias.body).toContain(preview.id)
    expect(alias.body).toContain('<code>/</code>')
    expect((await viaBrowserHost(`http://nothing.localhost:${port}/`)).status).toBe(404)
  })
})

/**
 * GET `url` the way a browser reaches a `*.localhost` host: a connection to loopback with the
 * name in the Host header (Node, unlike browsers and curl, does not resolve `*.localhost`).
 */
function viaBrowserHost(url: string): Promise<{ status: number; body: string }> {
  const target = new URL(url)
  return new Promise((resolve, reject) => {
    const request = httpGet(
      {
        host: '127.0.0.1',
        port: target.port,
        path: `${target.pathname}${target.search}`,
        headers: { host: target.host }
      },
      (response) => {
        let body = ''
        response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk))
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }))
      }
    )
    request.on('error', reject)
  })
}

describe('HTTP control API', () => {
  async function control<T>(
    path: string,
    body?: unknown,
    method = 'POST'
  ): Promise<ApiEnvelope<T>> {
    const init: RequestInit = { method }
    if (body !== undefined) init.body = JSON.stringify(body)
    const response = await fetch(`${emu.origin}/__emulator/${path}`, init)
    return (await response.json()) as ApiEnvelope<T>
  }

  it('scripts projects, deployments, pushes, scripts and faults over HTTP', async () => {
    const project = await control<Project>('projects', {
      name: 'remote',
      productionBranch: 'trunk'
    })
    expect(project.result?.production_branch).toBe('trunk')
    const seeded = await control<Deployment>('deployments', {
      project: 'remote',
      createdAgoMs: 60_000
    })
    expect(seeded.result?.environment).toBe('production')
    expect(emu.getProject('remote')?.canonical_deployment?.id).toBe(seeded.result?.id)

    await control('script', { project: 'remote', scripts: [{ outcome: 'failure' }] })
    const pushed = await control<Deployment>('push', {
      project: 'remote',
      branch: 'topic',
      commitHash: 'b'.repeat(40)
    })
    expect(pushed.result?.deployment_trigger.type).toBe('github:push')
    const done = await waitUntilDone('remote', pushed.result?.id ?? '')
    expect(done.latest_stage.status).toBe('failure')

    await control('faults', {
      faults: [{ kind: 'status', status: 502, match: { path: '/remote' } }]
    })
    const response = await fetch(projectUrl('remote'), {
      headers: { authorization: `Bearer ${emu.token}` }
    })
    expect(response.status).toBe(502)
    expect(await response.text()).toContain('Bad gateway')

    const requests = await control<Array<{ path: string; fault?: string }>>(
      'requests',
      undefined,
      'GET'
    )
    expect(requests.result?.at(-1)).toMatchObject({ fault: 'status' })
    expect(requests.result?.some((r) => r.path.startsWith('/__emulator'))).toBe(false)

    const bad = await fetch(`${emu.origin}/__emulator/projects`, { method: 'POST', body: '{' })
    expect(bad.status).toBe(400)
  })
})
