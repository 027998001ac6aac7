import { describe, expect, it } from '@jest/globals'
import {
  decideCleanup,
  type CleanupDecision,
  type CleanupPolicy,
  type KeepReason
} from '../src/domain/cleanup-policy.js'
import type { Deployment, Environment, Stage, StageStatus } from '../src/cloudflare/types.js'
import { taskOf } from './support/settings.js'
import { InputError, readSettings } from '../src/settings/read-settings.js'

const NOW = Date.parse('2025-06-01T12:00:00Z')
const DAY = 86_400_000
let serial = 0

/** A finished deployment of `branch`, `ageDays` old. */
function deployment(
  branch: string,
  ageDays: number,
  options: { environment?: Environment; outcome?: 'success' | 'failure' | 'running' } = {}
): Deployment {
  serial += 1
  const id = `${String(serial).padStart(8, '0')}-0000-4000-8000-000000000000`
  const environment = options.environment ?? (branch === 'main' ? 'production' : 'preview')
  const outcome = options.outcome ?? 'success'
  const status: StageStatus =
    outcome === 'success' ? 'success' : outcome === 'failure' ? 'failure' : 'active'
  const stage: Stage = {
    name: outcome === 'failure' ? 'build' : 'deploy',
    started_on: null,
    ended_on: null,
    status
  }
  return {
    id,
    short_id: id.slice(0, 8),
    project_id: 'p',
    project_name: 'site',
    environment,
    url: `https://${id.slice(0, 8)}.site.pages.dev`,
    created_on: new Date(NOW - ageDays * DAY).toISOString(),
    modified_on: new Date(NOW - ageDays * DAY).toISOString(),
    aliases: null,
    latest_stage: stage,
    stages: [stage],
    deployment_trigger: {
      type: 'github:push',
      metadata: { branch, commit_hash: 'abc1234', commit_message: 'x' }
    },
    build_config: {},
    source: null,
    env_vars: null,
    is_skipped: false,
    production_branch: 'main'
  }
}

function policy(overrides: Partial<CleanupPolicy> = {}): CleanupPolicy {
  return {
    keepLatest: 10,
    olderThanMs: undefined,
    environment: 'preview',
    branch: undefined,
    maxDeletions: 1000,
    deleteBranchHead: false,
    ...overrides
  }
}

function deletedIds(decisions: CleanupDecision[]): string[] {
  return decisions.filter((d) => d.action === 'delete').map((d) => d.deployment.id)
}

function reasonOf(decisions: CleanupDecision[], id: string): KeepReason | 'delete' {
  const decision = decisions.find((d) => d.deployment.id === id)
  if (!decision) throw new Error(`no decision for ${id}`)
  return decision.action === 'delete' ? 'delete' : decision.reason
}

describe('cleanup policy', () => {
  it('keeps the newest keep-latest previews and deletes the rest, whatever the list order', () => {
    const previews = Array.from({ length: 15 }, (_, i) => deployment(`feature/${i}`, i + 1))
    // Each branch has one deployment, so all are newest of their branch: use one branch.
    const oneBranch = Array.from({ length: 15 }, (_, i) => deployment('feature/x', i + 1))
    const decisions = decideCleanup(
      [...oneBranch].reverse(),
      { liveProductionId: undefined, now: NOW },
      policy({ keepLatest: 5 })
    )
    expect(decisions.map((d) => d.deployment.id)).toEqual(oneBranch.map((d) => d.id))
    expect(deletedIds(decisions)).toEqual(oneBranch.slice(5).map((d) => d.id))
    expect(reasonOf(decisions, oneBranch[0]!.id)).toBe('newest-of-branch')
    expect(reasonOf(decisions, oneBranch[4]!.id)).toBe('within-keep-latest')
    const eachBranchNewest = decideCleanup(
      previews,
      { liveProductionId: undefined, now: NOW },
      policy({ keepLatest: 1 })
    )
    expect(deletedIds(eachBranchNewest)).toEqual([])
  })

  it('never deletes the live production deployment, even past keep-latest in production', () => {
    const prod = Array.from({ length: 6 }, (_, i) => deployment('main', i + 1))
    const live = prod[3]!
    const decisions = decideCleanup(
      prod,
      { liveProductionId: live.id, now: NOW },
      policy({ environment: 'production', keepLatest: 1 })
    )
    expect(reasonOf(decisions, live.id)).toBe('live-production')
    expect(reasonOf(decisions, prod[0]!.id)).toBe('newest-of-branch')
    expect(deletedIds(decisions).sort()).toEqual(
      [prod[1]!, prod[2]!, prod[4]!, prod[5]!].map((d) => d.id).sort()
    )
  })

  it('keeps the newest successful preview of a branch whose newest build failed', () => {
    const failed = deployment('feature/a', 1, { outcome: 'failure' })
    const good = deployment('feature/a', 2)
    const old = deployment('feature/a', 3)
    const decisions = decideCleanup(
      [failed, good, old],
      { liveProductionId: undefined, now: NOW },
      policy({ keepLatest: 1 })
    )
    expect(reasonOf(decisions, failed.id)).toBe('newest-of-branch')
    expect(reasonOf(decisions, good.id)).toBe('branch-alias')
    expect(reasonOf(decisions, old.id)).toBe('delete')
  })

  it('keeps deployments still building', () => {
    const head = deployment('feature/a', 0.01, { outcome: 'running' })
    const building = deployment('feature/a', 0.02, { outcome: 'running' })
    const alias = deployment('feature/a', 4)
    const old = deployment('feature/a', 5)
    const decisions = decideCleanup(
      [head, building, alias, old],
      { liveProductionId: undefined, now: NOW },
      policy({ keepLatest: 1 })
    )
    expect(reasonOf(decisions, building.id)).toBe('in-progress')
    expect(reasonOf(decisions, alias.id)).toBe('branch-alias')
    expect(reasonOf(decisions, old.id)).toBe('delete')
  })

  it('deletes only what is older than older-than', () => {
    const all = Array.from({ length: 10 }, (_, i) => deployment('feature/a', i + 1))
    const decisions = decideCleanup(
      all,
      { liveProductionId: undefined, now: NOW },
      policy({ keepLatest: 1, olderThanMs: 7 * DAY })
    )
    // Ages 1..10 days: 1 is the newest; 2..6 are younger than 7 days; 7 is exactly 7 days.
    expect(deletedIds(decisions)).toEqual(all.slice(6).map((d) => d.id))
    expect(reasonOf(decisions, all[3]!.id)).toBe('newer-than-older-than')
    const why = decisions.find((d) => d.deployment.id === all[9]!.id)?.why
    expect(why).toContain('older than 7d')
  })

  it('filters by environment and branch, and says so', () => {
    const prod = deployment('main', 30)
    const prodHead = deployment('main', 1)
    const a = Array.from({ length: 4 }, (_, i) => deployment('feature/a', i + 1))
    const b = Array.from({ length: 4 }, (_, i) => deployment('feature/b', i + 1))
    const decisions = decideCleanup(
      [prodHead, prod, ...a, ...b],
      { liveProductionId: prodHead.id, now: NOW },
      policy({ keepLatest: 1, branch: 'feature/b' })
    )
    expect(reasonOf(decisions, prod.id)).toBe('outside-environment')
    expect(reasonOf(decisions, a[3]!.id)).toBe('outside-branch')
    expect(deletedIds(decisions).sort()).toEqual(
      b
        .slice(1)
        .map((d) => d.id)
        .sort()
    )
    const all = decideCleanup(
      [prodHead, prod, ...a, ...b],
      { liveProductionId: prodHead.id, now: NOW },
      policy({ keepLatest: 1, environment: 'all' })
    )
    // keep-latest counts per environment: the newest production and the newest preview stay.
    expect(reasonOf(all, prod.id)).toBe('delete')
    expect(reasonOf(all, prodHead.id)).toBe('live-production')
  })

  it('caps deletions at max-deletions, the oldest going first', () => {
    const all = Array.from({ length: 20 }, (_, i) => deployment('feature/a', i + 1))
    const decisions = decideCleanup(
      all,
      { liveProductionId: undefined, now: NOW },
      policy({ keepLatest: 1, maxDeletions: 5 })
    )
    expect(deletedIds(decisions)).toEqual(all.slice(15).map((d) => d.id))
    expect(reasonOf(decisions, all[14]!.id)).toBe('max-deletions')
    expect(decisions.filter((d) => d.action === 'keep')).toHaveLength(15)
  })

  it('tears down every preview of a closed branch, its newest one included', () => {
    const prod = deployment('main', 1)
    const closed = Array.from({ length: 3 }, (_, i) => deployment('feature/done', i + 1))
    const other = deployment('feature/open', 1)
    const decisions = decideCleanup(
      [prod, ...closed, other],
      { liveProductionId: prod.id, now: NOW },
      policy({ keepLatest: 0, branch: 'feature/done', deleteBranchHead: true })
    )
    expect(deletedIds(decisions).sort()).toEqual(closed.map((d) => d.id).sort())
    expect(reasonOf(decisions, other.id)).toBe('outside-branch')
    expect(reasonOf(decisions, prod.id)).toBe('live-production')
  })

  it('decides once per id when pages shifted and listed a deployment twice', () => {
    const all = Array.from({ length: 4 }, (_, i) => deployment('feature/a', i + 1))
    const decisions = decideCleanup(
      [...all, all[2]!, all[3]!],
      { liveProductionId: undefined, now: NOW },
      policy({ keepLatest: 1 })
    )
    expect(decisions).toHaveLength(4)
    expect(deletedIds(decisions)).toHaveLength(3)
  })
})

describe('lifecycle inputs', () => {
  const base: Record<string, string> = {
    'api-token': 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-ab',
    'account-id': '0123456789abcdef0123456789abcdef',
    'project-name': 'site'
  }
  const read =
    (inputs: Record<string, string>) =>
    (name: string): string =>
      ({ ...base, ...inputs })[name] ?? ''
  const problemsOf = (inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}): string[] => {
    try {
      readSettings({ headSha: undefined, headBranch: undefined }, env, read(inputs))
    } catch (error) {
      return (error as InputError).problems
    }
    return []
  }

  it('reads the cleanup policy with its defaults', () => {
    const s = readSettings(
      { headSha: undefined, headBranch: 'feature/x' },
      {},
      read({ operation: 'cleanup' })
    )
    expect(taskOf(s, 'cleanup')).toMatchObject({
      keepLatest: 10,
      olderThanMs: undefined,
      environment: 'preview',
      maxDeletions: 100,
      dryRun: false,
      force: false,
      // cleanup never narrows itself to the pull request's branch unless told to.
      branch: { name: undefined }
    })
    const t = readSettings(
      { headSha: undefined, headBranch: 'feature/x' },
      {},
      read({ operation: 'teardown-preview' })
    )
    expect(taskOf(t, 'teardown-preview')).toMatchObject({
      branch: { name: 'feature/x' },
      force: true
    })
    expect(
      taskOf(
        readSettings(
          { headSha: undefined, headBranch: undefined },
          {},
          read({ operation: 'cleanup', 'older-than': '7d', environment: 'ALL' })
        ),
        'cleanup'
      )
    ).toMatchObject({ olderThanMs: 7 * DAY, environment: 'all' })
  })

  it('names every bad lifecycle input', () => {
    expect(
      problemsOf({
        operation: 'cleanup',
        'keep-latest': '0',
        'max-deletions': '1e3',
        'older-than': 'a week',
        environment: 'staging',
        'dry-run': 'maybe',
        force: 'yes',
        'fail-on-inactive-domain': '1'
      }).map((p) => p.split(':')[0])
    ).toEqual([
      'keep-latest',
      'max-deletions',
      'older-than',
      'environment',
      'dry-run',
      'force',
      'fail-on-inactive-domain'
    ])
    // Said in the unit written, with every unit the parser reads.
    expect(problemsOf({ 'older-than': '30s' })).toEqual([
      'older-than: 30s is out of range; use between 60s and 315360000s (1m to 3650d).'
    ])
    expect(problemsOf({ 'older-than': '4000d' })).toEqual([
      'older-than: 4000d is out of range; use between 1m and 3650d.'
    ])
    expect(problemsOf({ 'older-than': 'a week' })).toEqual([
      "older-than: 'a week' is not a duration; write a number and a unit (ms, s, m, h or d), such as 1500ms, 90s, 10m, 12h, 7d or 1h30m, or a number of seconds."
    ])
  })

  it('accepts a deploy hook without credentials only for trigger, and never quotes it', () => {
    const hook =
      'https://api.cloudflare.com/client/v4/pages/webhooks/deploy_hooks/1d654475-0333-4f97-8d81-d5d05221b64a'
    const s = readSettings(
      { headSha: undefined, headBranch: 'feature/x' },
      {},
      (name) =>
        ({ operation: 'trigger', 'project-name': 'site', 'deploy-hook-url': hook })[name] ?? ''
    )
    expect(s.job).toEqual({
      via: 'hook',
      api: undefined,
      task: { kind: 'trigger-hook', hookUrl: hook }
    })
    const wrong = problemsOf({ operation: 'deploy', 'deploy-hook-url': `${hook}?x=1` })
    expect(wrong.map((p) => p.split(':')[0])).toEqual(['deploy-hook-url', 'deploy-hook-url'])
    expect(wrong.join('\n')).not.toContain('1d654475')
    expect(problemsOf({ operation: 'trigger', 'deploy-hook-url': hook, branch: 'x' })).toEqual([
      expect.stringMatching(/^branch: a deploy hook always builds the branch it was created for/)
    ])
    // A loopback API base URL (the emulator) serves its own hooks; nothing else does.
    const local = 'http://127.0.0.1:8787/client/v4'
    expect(
      problemsOf(
        {
          operation: 'trigger',
          'deploy-hook-url': `${local}/pages/webhooks/deploy_hooks/abcdef0123`
        },
        { CLOUDFLARE_API_BASE_URL: local }
      )
    ).toEqual([])
    expect(
      problemsOf({
        operation: 'trigger',
        'deploy-hook-url': `${local}/pages/webhooks/deploy_hooks/abcdef0123`
      })[0]
    ).toMatch(/^deploy-hook-url: is not a Cloudflare Pages deploy hook URL/)
  })
})
