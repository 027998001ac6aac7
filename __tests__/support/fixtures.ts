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
    ...overrides
  }
}

export function reportFixture(overrides: Partial<Report> = {}): Report {
  return { ...newReport(T0), operation: 'deploy', projectName: 'site', ...overrides }
}
