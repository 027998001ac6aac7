/**
 * A project's settings as `PATCH …/pages/projects/{name}` changes them: the production branch
 * and `deployment_configs`, one per environment. The real API's rules, with their sources:
 *
 * - Only what the body names changes: "Set new attributes for an existing project" (the
 *   OpenAPI operation `pages-project-update-project`).
 * - Within an environment, `env_vars` and every binding map are merged name by name, and a name
 *   set to `null` is deleted: "To delete an environment variable, set the key to null" (same
 *   operation), and Cloudflare's TypeScript SDK types every map entry of `ProjectEditParams` as
 *   `… | null` (cloudflare-typescript/src/resources/pages/projects/projects.ts). Other keys are
 *   replaced whole.
 * - A variable sent without `type` is plain text (the OpenAPI `pages_project-patch` example sends
 *   `{"value": "3.3"}`).
 * - A secret's value is never answered: `{type: "secret_text", value: ""}` (Cloudflare's Terraform
 *   provider, internal/services/pages_project/custom.go, restores secret values from its own
 *   state because the API answers them empty).
 */
import type { DeploymentConfig, EnvVar, Environment, EnvVarType } from '../src/cloudflare/types.js'
import { ApiError, EmulatorCode } from './envelope.js'

/** One environment's settings as stored: secrets with their real values. */
export interface StoredDeploymentConfig {
  envVars: Record<string, EnvVar>
  /** Binding maps (`kv_namespaces`, `d1_databases`…), merged name by name like `env_vars`. */
  maps: Record<string, Record<string, unknown>>
  /** Everything else (`compatibility_date`, `wrangler_config_hash`…), replaced whole. */
  scalars: Record<string, unknown>
}

export const ENVIRONMENTS: readonly Environment[] = ['preview', 'production']

/** The map-valued keys of a deployment config besides `env_vars` (the SDK's edit params). */
const BINDING_MAPS: ReadonlySet<string> = new Set([
  'ai_bindings',
  'analytics_engine_datasets',
  'browsers',
  'd1_databases',
  'durable_object_namespaces',
  'hyperdrive_bindings',
  'kv_namespaces',
  'mtls_certificates',
  'queue_producers',
  'r2_buckets',
  'services',
  'vectorize_bindings'
])

const ENV_VAR_TYPES: ReadonlySet<string> = new Set<EnvVarType>(['plain_text', 'secret_text'])

/** A new project's settings: Cloudflare dates both environments to the creation day. */
export function newDeploymentConfig(
  createdMs: number,
  seed: { envVars?: Record<string, EnvVar>; wranglerConfigHash?: string } = {}
): StoredDeploymentConfig {
  const scalars: Record<string, unknown> = {
    compatibility_date: new Date(createdMs).toISOString().slice(0, 10),
    compatibility_flags: []
  }
  if (seed.wranglerConfigHash !== undefined) scalars.wrangler_config_hash = seed.wranglerConfigHash
  return { envVars: { ...seed.envVars }, maps: {}, scalars }
}

/** The variables as the API answers them: a secret's value left out. */
export function envVarsView(vars: Record<string, EnvVar>): Record<string, EnvVar> | null {
  const names = Object.keys(vars)
  if (names.length === 0) return null
  return Object.fromEntries(
    names.map((name) => {
      const v = vars[name] as EnvVar
      return [name, v.type === 'secret_text' ? { type: v.type, value: '' } : { ...v }]
    })
  )
}

/** `deployment_configs.<environment>` as the API answers it. */
export function deploymentConfigView(
  config: StoredDeploymentConfig
): DeploymentConfig & Record<string, unknown> {
  return {
    ...structuredClone(config.scalars),
    ...structuredClone(config.maps),
    env_vars: envVarsView(config.envVars)
  }
}

/** What a PATCH body asks for, checked: nothing is applied unless all of it is valid. */
export interface ProjectUpdate {
  productionBranch: string | undefined
  configs: Partial<Record<Environment, Record<string, unknown>>>
}

/** Reads and checks a PATCH body; throws a 400 `ApiError` naming what is wrong. */
export function readProjectUpdate(body: Buffer): ProjectUpdate {
  let parsed: unknown
  try {
    parsed = JSON.parse(body.toString('utf8'))
  } catch {
    throw invalid('Request body must be a JSON object.')
  }
  if (!isObject(parsed)) throw invalid('Request body must be a JSON object.')
  const branch = parsed.production_branch
  if (branch !== undefined && (typeof branch !== 'string' || branch.trim() === '')) {
    throw invalid('production_branch must be a branch name.')
  }
  const configs: ProjectUpdate['configs'] = {}
  const given = parsed.deployment_configs
  if (given !== undefined) {
    if (!isObject(given)) throw invalid('deployment_configs must be an object.')
    for (const [environment, config] of Object.entries(given)) {
      if (!(ENVIRONMENTS as readonly string[]).includes(environment)) {
        throw invalid(`deployment_configs has no environment "${environment}".`)
      }
      if (!isObject(config)) throw invalid(`deployment_configs.${environment} must be an object.`)
      checkConfig(environment, config)
      configs[environment as Environment] = config
    }
  }
  return { productionBranch: branch, configs }
}

/** Applies one environment's part of a checked PATCH body. */
export function mergeDeploymentConfig(
  stored: StoredDeploymentConfig,
  patch: Record<string, unknown>
): void {
  for (const [key, value] of Object.entries(patch)) {
    if (key === 'env_vars') {
      for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
        if (v === null) delete stored.envVars[name]
        else {
          const entry = v as { type?: EnvVarType; value: string }
          stored.envVars[name] = { type: entry.type ?? 'plain_text', value: entry.value }
        }
      }
    } else if (BINDING_MAPS.has(key)) {
      const map = (stored.maps[key] ??= {})
      for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
        if (v === null) delete map[name]
        else map[name] = structuredClone(v)
      }
    } else if (value === undefined) {
      continue
    } else {
      stored.scalars[key] = structuredClone(value)
    }
  }
}

function checkConfig(environment: string, config: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(config)) {
    if (key !== 'env_vars' && !BINDING_MAPS.has(key)) continue
    if (!isObject(value))
      throw invalid(`deployment_configs.${environment}.${key} must be an object.`)
    if (key !== 'env_vars') continue
    for (const [name, entry] of Object.entries(value)) {
      if (entry === null) continue
      const ok =
        isObject(entry) &&
        typeof entry.value === 'string' &&
        (entry.type === undefined ||
          (typeof entry.type === 'string' && ENV_VAR_TYPES.has(entry.type)))
      if (!ok) {
        throw invalid(
          `deployment_configs.${environment}.env_vars.${name} must be null or {type: "plain_text" | "secret_text", value: string}.`
        )
      }
    }
  }
}

function invalid(message: string): ApiError {
  return new ApiError(400, EmulatorCode.invalidBody, message)
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
