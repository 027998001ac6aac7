/**
 * Cloudflare's answers checked at the door: fields the schema makes optional get the value
 * their absence means (a project without `source` is a Direct Upload project), and an answer
 * without a field pages-pilot cannot do without is refused with a message that says so,
 * instead of failing later with a JavaScript error deep in the code.
 */
import { runAgain } from '../util/input-names.js'
import type { RequestContext } from './errors.js'
import type {
  Deployment,
  DeploymentConfig,
  DeploymentConfigs,
  DeploymentTrigger,
  EnvVar,
  Environment,
  Project,
  Stage
} from './types.js'

/** An answer that lacks what pages-pilot needs to go on safely. */
export class IncompleteAnswerError extends Error {
  constructor(context: RequestContext, what: string) {
    super(
      `${context.operation} failed: Cloudflare's answer has no usable ${what}, so pages-pilot stopped before acting on it. This is unexpected and usually temporary: ${runAgain()}, and check https://www.cloudflarestatus.com if it persists.`
    )
    this.name = 'IncompleteAnswerError'
  }
}

type Loose = Record<string, unknown>

export function projectFrom(value: unknown, context: RequestContext): Project {
  const raw = object(value, context, 'project')
  const name = text(raw.name, context, 'project name')
  return {
    ...(raw as unknown as Project),
    name,
    subdomain:
      typeof raw.subdomain === 'string' && raw.subdomain ? raw.subdomain : `${name}.pages.dev`,
    domains: Array.isArray(raw.domains) ? raw.domains.filter((d) => typeof d === 'string') : [],
    // Which deployments are production decides what a pull request may do: never guessed.
    production_branch: text(raw.production_branch, context, 'production branch'),
    created_on: typeof raw.created_on === 'string' ? utc(raw.created_on) : '',
    source: isObject(raw.source) ? (raw.source as unknown as Project['source']) : null,
    build_config: isObject(raw.build_config) ? (raw.build_config as Project['build_config']) : {},
    canonical_deployment: isObject(raw.canonical_deployment)
      ? deploymentFrom(raw.canonical_deployment, context)
      : null,
    latest_deployment: isObject(raw.latest_deployment)
      ? deploymentFrom(raw.latest_deployment, context)
      : null,
    deployment_configs: deploymentConfigsFrom(raw.deployment_configs)
  }
}

/**
 * Each environment's settings, keeping only variables of a known shape: a project answered
 * without them reads as one whose variables are not known to exist (every change is an add).
 */
function deploymentConfigsFrom(value: unknown): DeploymentConfigs {
  const configs = isObject(value) ? value : {}
  const config = (environment: Environment): DeploymentConfig => {
    const raw = isObject(configs[environment]) ? configs[environment] : {}
    const { env_vars: vars, wrangler_config_hash: hash, ...rest } = raw
    return {
      ...(rest as Partial<DeploymentConfig>),
      env_vars: isObject(vars)
        ? Object.fromEntries(
            Object.entries(vars).flatMap(([name, v]): Array<[string, EnvVar]> => {
              if (!isObject(v)) return []
              // A secret's value never comes back; whatever stands in for it is dropped.
              if (v.type === 'secret_text') return [[name, { type: 'secret_text', value: '' }]]
              const plain = v.type === 'plain_text' || v.type === undefined
              return plain && typeof v.value === 'string'
                ? [[name, { type: 'plain_text', value: v.value }]]
                : []
            })
          )
        : null,
      ...(typeof hash === 'string' && hash !== '' ? { wrangler_config_hash: hash } : {})
    }
  }
  return { preview: config('preview'), production: config('production') }
}

export function deploymentFrom(value: unknown, context: RequestContext): Deployment {
  const raw = object(value, context, 'deployment')
  const id = text(raw.id, context, 'deployment id')
  const environment = raw.environment
  if (environment !== 'production' && environment !== 'preview') {
    throw new IncompleteAnswerError(context, `environment for deployment ${id}`)
  }
  const latest = stageFrom(raw.latest_stage, context, id)
  const stages = Array.isArray(raw.stages)
    ? raw.stages.map((stage) => stageFrom(stage, context, id))
    : [latest]
  return {
    ...(raw as unknown as Deployment),
    id,
    short_id: typeof raw.short_id === 'string' && raw.short_id ? raw.short_id : id.slice(0, 8),
    project_name: typeof raw.project_name === 'string' ? raw.project_name : '',
    environment,
    url: typeof raw.url === 'string' ? raw.url : '',
    created_on: utc(text(raw.created_on, context, `creation time of deployment ${id}`)),
    modified_on: typeof raw.modified_on === 'string' ? utc(raw.modified_on) : '',
    aliases: Array.isArray(raw.aliases) ? raw.aliases.filter((a) => typeof a === 'string') : null,
    latest_stage: latest,
    stages: stages.length > 0 ? stages : [latest],
    deployment_trigger: triggerFrom(raw.deployment_trigger),
    build_config: isObject(raw.build_config)
      ? (raw.build_config as Deployment['build_config'])
      : {},
    source: isObject(raw.source) ? (raw.source as unknown as Deployment['source']) : null,
    env_vars: isObject(raw.env_vars) ? (raw.env_vars as Deployment['env_vars']) : null,
    is_skipped: raw.is_skipped === true,
    production_branch: typeof raw.production_branch === 'string' ? raw.production_branch : ''
  }
}

function stageFrom(value: unknown, context: RequestContext, id: string): Stage {
  if (!isObject(value) || typeof value.name !== 'string' || typeof value.status !== 'string') {
    throw new IncompleteAnswerError(context, `stage for deployment ${id}`)
  }
  return {
    name: value.name as Stage['name'],
    status: value.status as Stage['status'],
    started_on: typeof value.started_on === 'string' ? utc(value.started_on) : null,
    ended_on: typeof value.ended_on === 'string' ? utc(value.ended_on) : null
  }
}

function triggerFrom(value: unknown): DeploymentTrigger {
  const trigger = isObject(value) ? value : {}
  const metadata = isObject(trigger.metadata) ? trigger.metadata : {}
  const field = (name: string): string =>
    typeof metadata[name] === 'string' ? (metadata[name] as string) : ''
  return {
    type: (typeof trigger.type === 'string' ? trigger.type : 'ad_hoc') as DeploymentTrigger['type'],
    metadata: {
      ...metadata,
      branch: field('branch'),
      commit_hash: field('commit_hash'),
      commit_message: field('commit_message')
    }
  }
}

/**
 * A timestamp with its zone. Cloudflare's are UTC (`…Z`); one without a zone is UTC too, which
 * JavaScript would otherwise read as the runner's local time, hours off on a runner not in UTC.
 */
export function utc(timestamp: string): string {
  const zoneless = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$/.exec(
    timestamp.trim()
  )
  return zoneless ? `${zoneless[1]}T${zoneless[2]}Z` : timestamp
}

function object(value: unknown, context: RequestContext, what: string): Loose {
  if (!isObject(value)) throw new IncompleteAnswerError(context, what)
  return value
}

function text(value: unknown, context: RequestContext, what: string): string {
  if (typeof value !== 'string' || value === '') throw new IncompleteAnswerError(context, what)
  return value
}

function isObject(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
