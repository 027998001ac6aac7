import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Emulator } from '../../emulator/server.js'
import { runAction } from '../../harness/run-action.js'
import type { Deployment } from '../../src/cloudflare/types.js'
import {
  act,
  apiRequests,
  projectWithHistory,
  startWorld,
  uniqueProject
} from '../support/world.js'

const HOUR = 3_600_000

let emulator: Emulator
beforeAll(async () => {
  emulator = await startWorld()
})
afterAll(async () => {
  await emulator.close()
})

/** Everything the action wrote, minus the lines that register the hook URL and id as secrets. */
function unmasked(text: string, hook: { url: string; id: string }): string {
  return text
    .split('\n')
    .filter((line) => line !== `::add-mask::${hook.url}` && line !== `::add-mask::${hook.id}`)
    .join('\n')
}

/** A `pull_request` event that closed the pull request of `branch`. */
function pullRequestClosed(branch: string): {
  env: Record<string, string>
  event: unknown
} {
  return {
    env: { GITHUB_EVENT_NAME: 'pull_request' },
    event: {
      action: 'closed',
      pull_request: { number: 7, merged: true, head: { ref: branch, sha: 'a'.repeat(40) } }
    }
  }
}

describe('operation: project', () => {
  it('reads the project into the outputs and the summary', async () => {
    const name = uniqueProject('proj')
    emulator.addProject({
      name,
      productionBranch: 'main',
      domains: [{ name: 'www.example.com', status: 'active' }]
    })
    const live = emulator.seedDeployment(name, { branch: 'main', createdAgoMs: 2 * HOUR })
    const latest = emulator.seedDeployment(name, { branch: 'feature/x', createdAgoMs: HOUR })

    const result = await act(emulator, { operation: 'project', 'project-name': name })

    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({
      'production-branch': 'main',
      subdomain: `${name}.pages.dev`,
      'canonical-deployment-id': live.id,
      'latest-deployment-id': latest.id,
      source: `github:pages-pilot-demo/${name}`,
      status: 'success',
      'deployment-id': ''
    })
    expect(JSON.parse(result.outputs.domains ?? '')).toEqual([
      `${name}.pages.dev`,
      'www.example.com'
    ])
    expect(result.summary).toContain('<h3>Project</h3>')
    expect(result.summary).toContain(`<code>${live.id}</code>`)
    expect(result.stdout).toContain(`Production branch: main`)
  })

  it('says direct-upload for a project without a Git repository', async () => {
    const name = uniqueProject('direct')
    emulator.addProject({ name, source: 'direct' })
    const result = await act(emulator, { operation: 'project', 'project-name': name })
    expect(result.exitCode).toBe(0)
    expect(result.outputs.source).toBe('direct-upload')
    expect(result.outputs['canonical-deployment-id']).toBe('')
  })
})

describe('operation: domains', () => {
  function projectWithDomains(): string {
    const name = uniqueProject('dom')
    emulator.addProject({
      name,
      domains: [
        { name: 'www.example.com', status: 'active' },
        { name: 'docs.example.com', status: 'pending' }
      ]
    })
    return name
  }

  it('lists custom domains with their status and validation state', async () => {
    const name = projectWithDomains()
    const result = await act(emulator, { operation: 'domains', 'project-name': name })
    expect(result.exitCode).toBe(0)
    expect(JSON.parse(result.outputs['domains-status'] ?? '')).toEqual([
      {
        name: 'www.example.com',
        status: 'active',
        validation: 'active',
        verification: 'active',
        error: null
      },
      {
        name: 'docs.example.com',
        status: 'pending',
        validation: 'pending',
        verification: 'pending',
        error: null
      }
    ])
    expect(result.outputs['inactive-domains']).toBe('docs.example.com')
    expect(result.stdout).toContain('docs.example.com: pending; validation pending (http)')
    expect(result.stdout).toMatch(/::warning::Custom domains not active yet: docs\.example\.com/)
    expect(result.summary).toContain('<h3>Custom domains</h3>')
  })

  it('fails on a domain that is not active when fail-on-inactive-domain is true', async () => {
    const name = projectWithDomains()
    const result = await act(emulator, {
      operation: 'domains',
      'project-name': name,
      'fail-on-inactive-domain': 'true'
    })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.status).toBe('failure')
    expect(result.outputs.error).toMatch(
      /^1 of 2 custom domains are not active: docs\.example\.com \(pending; validation pending \(http\); verification pending\)/
    )
  })

  it('passes when every domain is active, and when there are none', async () => {
    const name = uniqueProject('dom-ok')
    emulator.addProject({ name, domains: [{ name: 'a.example.com', status: 'active' }] })
    const ok = await act(emulator, {
      operation: 'domains',
      'project-name': name,
      'fail-on-inactive-domain': 'true'
    })
    expect(ok.exitCode).toBe(0)
    expect(ok.outputs['inactive-domains']).toBe('')
    const bare = uniqueProject('dom-none')
    emulator.addProject({ name: bare })
    const none = await act(emulator, { operation: 'domains', 'project-name': bare })
    expect(none.exitCode).toBe(0)
    expect(none.outputs['domains-status']).toBe('[]')
  })
})

describe('operation: teardown-preview', () => {
  function projectWithPreviews(): {
    name: string
    closed: Deployment[]
    open: Deployment[]
    live: Deployment
  } {
    const { name, live } = projectWithHistory(emulator)
    const closed = [3, 2, 1].map((hours) =>
      emulator.seedDeployment(name, { branch: 'feature/done', createdAgoMs: hours * HOUR })
    )
    const open = [2, 1].map((hours) =>
      emulator.seedDeployment(name, { branch: 'feature/open', createdAgoMs: hours * HOUR })
    )
    return { name, closed, open, live }
  }

  it('deletes every preview of the closed pull request branch, the aliased newest one with force', async () => {
    const { name, closed, open, live } = projectWithPreviews()
    const result = await act(
      emulator,
      { operation: 'teardown-preview', 'project-name': name },
      pullRequestClosed('feature/done')
    )
    expect(result.exitCode).toBe(0)
    expect(new Set(result.outputs['deleted-ids']?.split(','))).toEqual(
      new Set(closed.map((d) => d.id))
    )
    for (const d of closed) expect(emulator.getDeployment(d.id)).toBeUndefined()
    for (const d of [...open, live]) expect(emulator.getDeployment(d.id)).toBeDefined()
    // Only previews were listed, and force was used for the aliased newest one alone.
    const requests = apiRequests(emulator, name)
    expect(
      requests
        .filter((r) => r.path.includes('/deployments?'))
        .every((r) => r.path.includes('env=preview'))
    ).toBe(true)
    expect(requests.filter((r) => r.path.includes('force=true')).map((r) => r.path)).toEqual([
      expect.stringContaining(`/deployments/${closed[2]?.id ?? ''}?force=true`)
    ])
    expect(result.stdout).toContain('Tearing down the previews of branch feature/done')
    expect(result.summary).toContain('<code>feature/done</code>')
  })

  it('leaves the aliased newest preview when force is false', async () => {
    const { name, closed } = projectWithPreviews()
    const result = await act(emulator, {
      operation: 'teardown-preview',
      'project-name': name,
      branch: 'feature/done',
      force: 'false'
    })
    expect(result.exitCode).toBe(0)
    expect(result.outputs['deleted-count']).toBe('2')
    expect(emulator.getDeployment(closed[2]?.id ?? '')).toBeDefined()
    expect(result.stdout).toMatch(/aliased; Cloudflare deletes it only with force: true/)
  })

  it('refuses clearly when no branch is known', async () => {
    const { name } = projectWithPreviews()
    const result = await act(emulator, { operation: 'teardown-preview', 'project-name': name })
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toContain(
      'branch: required for operation teardown-preview, and no pull request head branch was found'
    )
    expect(apiRequests(emulator, name)).toEqual([])
  })

  it('never touches production, even when the pull request came from the production branch', async () => {
    const { name, live, older } = projectWithHistory(emulator)
    // Its previews were deployed as pr-7 (the pull-request rule), and that is what goes.
    const preview = emulator.seedDeployment(name, { branch: 'pr-7', createdAgoMs: HOUR })
    const result = await act(
      emulator,
      { operation: 'teardown-preview', 'project-name': name },
      pullRequestClosed('main')
    )
    expect(result.exitCode).toBe(0)
    expect(result.outputs['deleted-ids']).toBe(preview.id)
    expect(result.stdout).toContain('Tearing down the previews of branch pr-7')
    expect(emulator.getDeployment(live.id)).toBeDefined()
    expect(emulator.getDeployment(older.id)).toBeDefined()
  })

  it('refuses the production branch outside a pull request', async () => {
    const { name, live, older } = projectWithHistory(emulator)
    const result = await act(emulator, {
      operation: 'teardown-preview',
      'project-name': name,
      branch: 'main'
    })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.error).toContain(
      "teardown-preview never touches production, and branch 'main' is the production branch"
    )
    expect(apiRequests(emulator, name).filter((r) => r.method === 'DELETE')).toEqual([])
    expect(emulator.getDeployment(live.id)).toBeDefined()
    expect(emulator.getDeployment(older.id)).toBeDefined()
  })

  it('is what cleanup with the branch does, minus the newest deployment', async () => {
    const { name, closed } = projectWithPreviews()
    const result = await act(emulator, {
      operation: 'cleanup',
      'project-name': name,
      branch: 'feature/done',
      'keep-latest': '1'
    })
    expect(result.exitCode).toBe(0)
    expect(result.outputs['deleted-ids']?.split(',').sort()).toEqual(
      [closed[0]?.id, closed[1]?.id].sort()
    )
    expect(result.stdout).toMatch(/outside the branch filter|branch feature\/open, outside branch/)
  })
})

describe('trigger through a deploy hook', () => {
  it('starts a build without an API token and never prints the hook URL', async () => {
    const { name } = projectWithHistory(emulator)
    const hook = emulator.addDeployHook(name, { branch: 'main', name: 'cms' })
    const result = await runAction({
      inputs: { operation: 'trigger', 'project-name': name, 'deploy-hook-url': hook.url },
      env: { CLOUDFLARE_API_BASE_URL: emulator.apiBaseUrl }
    })
    expect(result.exitCode).toBe(0)
    const id = result.outputs['deployment-id'] ?? ''
    const created = emulator.getDeployment(id)
    expect(created?.deployment_trigger.type).toBe('deploy_hook')
    expect(created?.deployment_trigger.metadata.branch).toBe('main')
    expect(result.outputs['short-id']).toBe(id.slice(0, 8))
    // The hook request carried no credentials, and no API request was made.
    const sent = emulator.requests.filter((r) => r.path.includes(hook.id))
    expect(sent).toHaveLength(1)
    expect(sent[0]?.headers.authorization).toBeUndefined()
    expect(apiRequests(emulator, name)).toEqual([])
    expect(result.stdout).toContain(`::add-mask::${hook.url}`)
    expect(unmasked(result.allText, hook)).not.toContain(hook.id)
    expect(result.summary).toContain('deploy hook (URL masked)')
  })

  it('reads the created deployment into the outputs when API credentials are given too', async () => {
    const { name, live } = projectWithHistory(emulator)
    const hook = emulator.addDeployHook(name, { branch: 'feature/cms' })
    const result = await act(emulator, {
      operation: 'trigger',
      'project-name': name,
      'deploy-hook-url': hook.url
    })
    expect(result.exitCode).toBe(0)
    expect(result.outputs.branch).toBe('feature/cms')
    expect(result.outputs.environment).toBe('preview')
    expect(result.outputs['previous-deployment-id']).toBe(live.id)
    expect(result.outputs.url).toContain('.pages.dev')
    expect(unmasked(result.allText, hook)).not.toContain(hook.id)
  })

  it('refuses a hook URL that is not Cloudflare, without repeating it', async () => {
    const { name } = projectWithHistory(emulator)
    const evil = 'https://hooks.example.net/pages/webhooks/deploy_hooks/0123456789abcdef'
    const result = await runAction({
      inputs: { operation: 'trigger', 'project-name': name, 'deploy-hook-url': evil },
      env: { CLOUDFLARE_API_BASE_URL: emulator.apiBaseUrl }
    })
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toContain(
      'deploy-hook-url: is not a Cloudflare Pages deploy hook URL; expected https://api.cloudflare.com/client/v4/pages/webhooks/deploy_hooks/<hook id>'
    )
    expect(result.allText.split(`::add-mask::${evil}`).join('')).not.toContain('hooks.example.net')
  })

  it('refuses an emulator hook URL when the API base URL is not that emulator', async () => {
    const { name } = projectWithHistory(emulator)
    const hook = emulator.addDeployHook(name)
    const result = await runAction({
      inputs: { operation: 'trigger', 'project-name': name, 'deploy-hook-url': hook.url },
      env: {}
    })
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toContain('deploy-hook-url: is not a Cloudflare Pages deploy hook URL')
    expect(emulator.requests.some((r) => r.path.includes(hook.id))).toBe(false)
  })

  it('reports a hook Cloudflare does not know', async () => {
    const { name } = projectWithHistory(emulator)
    const result = await runAction({
      inputs: {
        operation: 'trigger',
        'project-name': name,
        'deploy-hook-url': `${emulator.apiBaseUrl}/pages/webhooks/deploy_hooks/00000000-0000-4000-8000-000000000000`
      },
      env: { CLOUDFLARE_API_BASE_URL: emulator.apiBaseUrl }
    })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.error).toMatch(
      /^the deploy hook request failed \(HTTP 404, Cloudflare error 8000006: Deploy hook not found\.\. Cloudflare does not know this hook/
    )
  })
})
