/** Fixed API objects and reports for unit tests of what pages-pilot renders. */
import type { Deployment, Project, Stage } from '../../src/cloudflare/types.js'
import { newReport, type Report } from '../../src/domain/report.js'

export const T0 = Date.parse('2026-06-01T09:00:00Z')
const at = (ms: number): string => new Date(T0 + ms).toISOString()

/** A deployment that went through every stage: 2 s queued, then 1 s, 3 s, 20 s, 4 s. */
export function deploymentFixture(overrides: Partial<Deployment> = {}): Deployment {
  const stages: Stage[] = [
    { name: 'queued', started_on: at(0), ended_on: at(2_000), status: 'success' },
    { name: 'initialize', started_on: at(2_000), ended_on: at(3_000), status: 'success' },
    { name: 'clone_repo', started_on: at(3_000), ended_on: at(6_000), status: 'success' },
    { name: 'build', started_on: at(6_000), ended_on: at(26_000), status: 'success' },
    { name: 'deploy', started_on: at(26_000), ended_on: at(30_000), status: 'success' }
  ]
  return {
    id: '3f1c2a9e-5b7d-4c1e-9a0b-2d4e6f8a1b3c',
    short_id: '3f1c2a9e',
    project_id: 'p1',
    project_name: 'site',
    environment: 'preview',
    url: 'https://3f1c2a9e.site.pages.dev',
    created_on: at(0),
    modified_on: at(30_000),
    aliases: ['https://feature-x.site.pages.dev'],
    latest_stage: stages[4] as Stage,
    stages,
    deployment_trigger: {
      type: 'ad_hoc',
      metadata: {
        branch: 'feature/x',
        commit_hash: 'a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0',
        commit_message: 'Add the <b>pricing</b> page\n\nLong body'
      }
    },
    build_config: {},
    source: null,
    env_vars: null,
    is_skipped: false,
    production_branch: 'main',
    ...overrides
  }
}

export function projectFixture(overrides: Partial<Project> = {}): Project {
  return {
    id: 'p1',
    name: 'site',
    subdomain: 'site.pages.dev',
    domains: ['site.pages.dev', 'www.example.com'],
    production_branch: 'main',
    created_on: at(-86_400_000),
    source: null,
    build_config: {},
    canonical_deployment: null,
    latest_deployment: null,
    deployment_configs: { preview: { env_vars: null }, production: { env_vars: null } },
    ...overrides
  }
}

export function reportFixture(overrides: Partial<Report> = {}): Report {
  return { ...newReport(T0), operation: 'deploy', projectName: 'site', ...overrides }
}

/**
 * A deployment created `startMs` after T0 whose stages, queued first, took `stageMs` one after
 * the other. The last stage listed ends with `outcome` (`active`: still running, measured to
 * now); the stages after it have not started. `skipped` is a deployment Cloudflare skipped.
 */
export function timedDeploymentFixture(options: {
  id: string
  startMs: number
  stageMs: number[]
  outcome?: 'success' | 'failure' | 'canceled' | 'active' | 'skipped'
  overrides?: Partial<Deployment>
}): Deployment {
  const { id, startMs, stageMs, outcome = 'success', overrides = {} } = options
  const names = ['queued', 'initialize', 'clone_repo', 'build', 'deploy'] as const
  let t = startMs
  const stages: Stage[] = names.map((name, i) => {
    const ms = stageMs[i]
    if (ms === undefined || outcome === 'skipped')
      return { name, started_on: null, ended_on: null, status: 'idle' }
    const last = i === stageMs.length - 1
    const started = t
    t += ms
    if (!last) return { name, started_on: at(started), ended_on: at(t), status: 'success' }
    if (outcome === 'active')
      return { name, started_on: at(started), ended_on: null, status: 'active' }
    return { name, started_on: at(started), ended_on: at(t), status: outcome }
  })
  const latest = [...stages].reverse().find((s) => s.started_on) ?? (stages[0] as Stage)
  return deploymentFixture({
    id,
    short_id: id.slice(0, 8),
    url: `https://${id.slice(0, 8)}.site.pages.dev`,
    created_on: at(startMs),
    modified_on: at(t),
    stages,
    latest_stage: latest,
    is_skipped: outcome === 'skipped',
    ...overrides
  })
}

/**
 * Earlier deployments for `report.history`, newest first, one an hour before T0: `outcomes`
 * gives each one's outcome (newest first) and `seconds` its build time, split over the stages
 * like a real build (queue, initialise, clone, build, deploy).
 */
export function historyFixture(
  entries: Array<{ seconds: number; outcome?: 'success' | 'failure' | 'canceled' | 'skipped' }>
): Deployment[] {
  return entries.map(({ seconds, outcome = 'success' }, i) => {
    const ms = seconds * 1000
    // queued, initialize, clone_repo, build, deploy; a failure stops in the build.
    const shares = outcome === 'failure' ? [0.06, 0.03, 0.09, 0.82] : [0.06, 0.03, 0.09, 0.7]
    const stageMs = shares.map((share) => Math.round(ms * share))
    if (outcome !== 'failure') stageMs.push(ms - stageMs.reduce((a, b) => a + b, 0))
    const hex = ((0x9e3779b1 * (i + 7)) >>> 0).toString(16).padStart(8, '0')
    const id = `${hex}-${String(i).padStart(4, '0')}-4000-8000-000000000000`
    // Each its own commit, as a history of pushes has.
    const commit = `${[...hex].reverse().join('')}${hex}`.repeat(3).slice(0, 40)
    return timedDeploymentFixture({
      id,
      startMs: -(i + 1) * 3_600_000,
      stageMs,
      outcome,
      overrides: {
        deployment_trigger: {
          type: 'github:push',
          metadata: { branch: 'feature/x', commit_hash: commit, commit_message: `Change ${i}` }
        }
      }
    })
  })
}

/** Build times of the last 16 deployments, newest first: 12 successes, 3 failures, a skip. */
export const HISTORY_SECONDS: Array<{
  seconds: number
  outcome?: 'success' | 'failure' | 'canceled' | 'skipped'
}> = [
  { seconds: 35 },
  { seconds: 31 },
  { seconds: 19, outcome: 'failure' },
  { seconds: 33 },
  { seconds: 38 },
  { seconds: 0, outcome: 'skipped' },
  { seconds: 34 },
  { seconds: 29 },
  { seconds: 44, outcome: 'failure' },
  { seconds: 36 },
  { seconds: 32 },
  { seconds: 34 },
  { seconds: 12, outcome: 'failure' },
  { seconds: 40 },
  { seconds: 30 },
  { seconds: 37 }
]

/**
 * Reports covering every picture the job summary can draw, with the time each is rendered
 * at: a success with history, a build that failed half-way, one still running, a history of
 * mostly failures, a project with an odd name, a long build, and a status read of an older
 * deployment.
 */
export function summaryScenarios(): Record<string, { report: Report; now: number }> {
  const accountId = '0123456789abcdef0123456789abcdef'
  const history = historyFixture(HISTORY_SECONDS)
  const current = (stageMs: number[], outcome?: 'success' | 'failure' | 'active') =>
    timedDeploymentFixture({
      id: '3f1c2a9e-5b7d-4c1e-9a0b-2d4e6f8a1b3c',
      startMs: 0,
      stageMs,
      ...(outcome ? { outcome } : {})
    })
  const oddName = 'my "site"; %%{init}%% #x: <b>é\nnext'
  const production = (deployment: Deployment): Deployment => ({
    ...deployment,
    environment: 'production',
    aliases: null,
    deployment_trigger: {
      ...deployment.deployment_trigger,
      metadata: { ...deployment.deployment_trigger.metadata, branch: 'main' }
    }
  })
  return {
    success: {
      report: reportFixture({
        deployment: current([2_400, 1_100, 3_300, 31_200, 4_000]),
        status: 'success',
        accountId,
        history
      }),
      now: T0 + 45_000
    },
    'production deploy': {
      report: reportFixture({
        deployment: production(current([1_800, 900, 2_100, 24_600, 3_100])),
        status: 'success',
        accountId,
        project: projectFixture(),
        branchChoice: { branch: 'main', why: 'the branch input', renamed: false },
        previousDeploymentId: history[0]?.id,
        upload: {
          found: 3,
          uploaded: 3,
          alreadyUploaded: 0,
          bytesUploaded: 2_345,
          bytesTotal: 2_345,
          specialFiles: ['_headers'],
          durationMs: 180,
          worker: undefined
        },
        healthCheck: {
          url: 'https://3f1c2a9e.site.pages.dev/healthz',
          passed: true,
          status: 200,
          attempts: 1,
          detail: 'answered 200'
        },
        history: history.map(production)
      }),
      now: T0 + 36_000
    },
    'failed mid-build': {
      report: reportFixture({
        deployment: current([2_000, 1_000, 3_000, 14_500], 'failure'),
        status: 'failure',
        failure: 'deployment 3f1c2a9e ended with build: failure.',
        logTail: ['npm ERR! missing script: build'],
        accountId,
        history
      }),
      now: T0 + 25_000
    },
    running: {
      report: reportFixture({
        operation: 'status',
        deployment: current([2_000, 1_000, 3_000, 10_000], 'active'),
        status: 'active',
        accountId,
        history
      }),
      now: T0 + 21_500
    },
    'history of failures': {
      report: reportFixture({
        deployment: current([2_000, 1_000, 3_000, 20_000, 4_000]),
        status: 'success',
        history: historyFixture([
          { seconds: 20, outcome: 'failure' },
          { seconds: 33 },
          { seconds: 0, outcome: 'skipped' },
          { seconds: 18, outcome: 'failure' }
        ])
      }),
      now: T0 + 31_000
    },
    'odd project name': {
      report: reportFixture({
        projectName: oddName,
        deployment: timedDeploymentFixture({
          id: 'x"y];z#1-5b7d',
          startMs: 0,
          stageMs: [400, 150, 900, 2_600, 700],
          overrides: { project_name: oddName }
        }),
        status: 'success',
        accountId,
        history: historyFixture([{ seconds: 7 }, { seconds: 5 }, { seconds: 6 }]).map((d, i) =>
          i === 0
            ? {
                ...d,
                short_id: 'a"b]c,d%%',
                deployment_trigger: {
                  ...d.deployment_trigger,
                  metadata: { ...d.deployment_trigger.metadata, commit_hash: 'a"b]c,d%%' }
                }
              }
            : d
        )
      }),
      now: T0 + 6_000
    },
    'long build': {
      report: reportFixture({
        operation: 'wait',
        deployment: current([95_000, 3_000, 12_000, 3_840_000, 61_000]),
        status: 'success',
        accountId,
        history: historyFixture([{ seconds: 3_700 }, { seconds: 3_100 }, { seconds: 4_020 }])
      }),
      now: T0 + 4_100_000
    },
    'status of an older deployment': {
      report: reportFixture({
        operation: 'status',
        deployment: timedDeploymentFixture({
          id: 'b0b0b0b0-0000-4000-8000-000000000000',
          startMs: -(8 * 3_600_000) + 60_000,
          stageMs: [2_000, 1_000, 3_000, 25_000, 4_000]
        }),
        status: 'success',
        accountId,
        history
      }),
      now: T0
    }
  }
}
