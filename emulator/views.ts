/**
 * Turns stored records into the API objects of src/cloudflare/types.ts as they look at `now`.
 */
import type { BuildConfig, Deployment, Project } from '../src/cloudflare/types.js'
import { deploymentConfigView, envVarsView } from './project-settings.js'
import { iso, lastChangeMs, latestStage, stagesAt } from './stages.js'
import type { DeploymentRecord, EmulatorState, ProjectRecord } from './state.js'

const GIT_BUILD_CONFIG: BuildConfig = {
  build_command: 'npm run build',
  destination_dir: 'dist',
  root_dir: '',
  build_caching: true,
  web_analytics_tag: null,
  web_analytics_token: null
}

const DIRECT_BUILD_CONFIG: BuildConfig = {
  build_command: null,
  destination_dir: null,
  root_dir: null,
  build_caching: null,
  web_analytics_tag: null,
  web_analytics_token: null
}

/** `*.pages.dev` host names are served under `/__sites/` on the emulator itself. */
export function siteUrl(origin: string, host: string): string {
  return `${origin}/__sites/${host}`
}

/** The Deployment object at `now`. */
export function deploymentView(state: EmulatorState, d: DeploymentRecord, now: number): Deployment {
  const project = d.project
  const shortId = d.id.slice(0, 8)
  const stages = stagesAt(d, now)
  const view: Deployment = {
    id: d.id,
    short_id: shortId,
    project_id: project.id,
    project_name: project.name,
    environment: d.environment,
    url: siteUrl(state.origin, `${shortId}.${project.subdomain}`),
    created_on: iso(d.createdMs),
    modified_on: iso(lastChangeMs(d, now)),
    // A preview's branch alias; production's list can hold the project's custom domains, as
    // Cloudflare's does (never its address as outputs report it: https://<subdomain>).
    aliases:
      d.environment === 'preview'
        ? now < d.createdMs + d.aliasLateMs
          ? null
          : [siteUrl(state.origin, `${d.aliasLabel}.${project.subdomain}`)]
        : project.domains.length > 0
          ? project.domains.map((domain) => `https://${domain.name}`)
          : null,
    latest_stage: latestStage(stages),
    stages,
    deployment_trigger: {
      type: d.triggerType,
      metadata: {
        branch: d.branch,
        commit_hash: d.commitHash,
        commit_message: d.commitMessage,
        commit_dirty: d.commitDirty
      }
    },
    build_config: project.source ? { ...GIT_BUILD_CONFIG } : { ...DIRECT_BUILD_CONFIG },
    source: structuredClone(project.source),
    env_vars: envVarsView(d.envVars) ?? {},
    is_skipped: d.outcome === 'skipped',
    uses_functions: d.upload?.worker !== undefined,
    production_branch: project.productionBranch
  }
  if (d.outcome === 'skipped') {
    view.skip_reason = 'Build skipped: the commit message contains a skip instruction ([CI Skip]).'
  }
  return view
}

/**
 * The Project object at `now`, with its live and latest deployments and each environment's
 * settings (wrangler reads the compatibility date and flags there; secrets never show).
 */
export function projectView(state: EmulatorState, p: ProjectRecord, now: number): Project {
  const canonical = state.canonical(p, now)
  const latest = state.visible(p, now)[0]
  return {
    id: p.id,
    name: p.name,
    subdomain: p.subdomain,
    domains: [p.subdomain, ...p.domains.map((d) => d.name)],
    production_branch: p.productionBranch,
    created_on: iso(p.createdMs),
    source: structuredClone(p.source),
    build_config: p.source ? { ...GIT_BUILD_CONFIG } : { ...DIRECT_BUILD_CONFIG },
    canonical_deployment: canonical ? deploymentView(state, canonical, now) : null,
    latest_deployment: latest ? deploymentView(state, latest, now) : null,
    deployment_configs: {
      preview: deploymentConfigView(p.configs.preview),
      production: deploymentConfigView(p.configs.production)
    }
  }
}
