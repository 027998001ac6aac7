/**
 * Shapes of the Cloudflare Pages API (v4) that pages-pilot reads and writes.
 * Field names follow the API exactly; see shared reference and Cloudflare's OpenAPI schema.
 * The emulator builds its responses from these same types, so both sides stay in step.
 */

/** One entry of `errors` or `messages` in the v4 envelope. */
export interface ApiMessage {
  code: number
  message: string
}

/** Pagination block returned next to list results. */
export interface ResultInfo {
  page: number
  per_page: number
  count: number
  total_count: number
  total_pages?: number
}

/** The `{success, errors, messages, result}` envelope of every v4 response. */
export interface ApiEnvelope<T> {
  success: boolean
  errors: ApiMessage[]
  messages: ApiMessage[]
  result: T | null
  result_info?: ResultInfo
}

/** Names of the build pipeline stages, in the order a deployment passes them. */
export const STAGE_NAMES = ['queued', 'initialize', 'clone_repo', 'build', 'deploy'] as const
export type StageName = (typeof STAGE_NAMES)[number]

export type StageStatus = 'idle' | 'active' | 'success' | 'failure' | 'canceled' | 'skipped'

export interface Stage {
  name: StageName
  started_on: string | null
  ended_on: string | null
  status: StageStatus
}

export type Environment = 'production' | 'preview'

export type DeploymentTriggerType = 'github:push' | 'ad_hoc' | 'deploy_hook' | 'push'

export interface DeploymentTrigger {
  type: DeploymentTriggerType
  metadata: {
    branch: string
    commit_hash: string
    commit_message: string
    commit_dirty?: boolean
  }
}

/** Source repository settings of a Git-connected project; `null` for Direct Upload projects. */
export interface ProjectSource {
  type: 'github' | 'gitlab'
  config: {
    owner: string
    repo_name: string
    production_branch: string
    deployments_enabled?: boolean
    production_deployments_enabled?: boolean
    preview_deployment_setting?: 'all' | 'none' | 'custom'
  }
}

export interface BuildConfig {
  build_command?: string | null
  destination_dir?: string | null
  root_dir?: string | null
  build_caching?: boolean | null
  web_analytics_tag?: string | null
  web_analytics_token?: string | null
}

export interface Deployment {
  id: string
  short_id: string
  project_id: string
  project_name: string
  environment: Environment
  url: string
  created_on: string
  modified_on: string
  aliases: string[] | null
  latest_stage: Stage
  stages: Stage[]
  deployment_trigger: DeploymentTrigger
  build_config: BuildConfig
  source: ProjectSource | null
  env_vars: Record<string, { type?: string; value: string }> | null
  is_skipped: boolean
  skip_reason?: string
  uses_functions?: boolean | null
  production_branch: string
}

export interface Project {
  id: string
  name: string
  subdomain: string
  domains: string[]
  production_branch: string
  created_on: string
  source: ProjectSource | null
  build_config: BuildConfig
  canonical_deployment: Deployment | null
  latest_deployment: Deployment | null
  /** The settings of each environment: variables, compatibility date, bindings. */
  deployment_configs: DeploymentConfigs
}

/** `plain_text` is shown back; a `secret_text` value is encrypted and never shown again. */
export type EnvVarType = 'plain_text' | 'secret_text'

/**
 * One environment variable of a project. Cloudflare answers a secret with its type and an empty
 * value (Cloudflare's Terraform provider, internal/services/pages_project/custom.go, puts the
 * value back from its state because the API answers `secret_text` with `""`).
 */
export interface EnvVar {
  type: EnvVarType
  value: string
}

/** `deployment_configs.<environment>`: the parts pages-pilot reads. */
export interface DeploymentConfig {
  env_vars: Record<string, EnvVar> | null
  compatibility_date?: string
  compatibility_flags?: string[]
  /**
   * Hash of the wrangler configuration of the last deployment made with one (Cloudflare's SDK:
   * "Hash of the Wrangler configuration used for the deployment"). `wrangler pages secret`
   * sends it back with every change, and so does pages-pilot.
   */
  wrangler_config_hash?: string
}

export type DeploymentConfigs = Record<Environment, DeploymentConfig>

/**
 * The body of `PATCH …/pages/projects/{name}` (Cloudflare's SDK: `projects.edit`): only what
 * it names changes. Within `deployment_configs.<environment>.env_vars` each variable is merged
 * on its own, and one set to `null` is deleted (the OpenAPI schema's description).
 */
export interface ProjectPatch {
  production_branch?: string
  deployment_configs?: Partial<Record<Environment, DeploymentConfigPatch>>
}

export interface DeploymentConfigPatch {
  env_vars?: Record<string, EnvVar | null>
  wrangler_config_hash?: string
}

/** One line of a deployment's build log. */
export interface LogLine {
  ts: string
  line: string
}

/** Result of `GET …/deployments/{id}/history/logs`. */
export interface DeploymentLogs {
  total: number
  includes_container_logs: boolean
  data: LogLine[]
}

export type DomainStatus =
  'initializing' | 'pending' | 'active' | 'deactivated' | 'blocked' | 'error'

export interface Domain {
  id: string
  name: string
  status: DomainStatus
  created_on: string
  validation_data?: { status: string; method?: string; error_message?: string }
  verification_data?: { status: string; error_message?: string }
  zone_tag?: string
}

/** Fields of the multipart body of `POST …/deployments`. */
export interface CreateDeploymentFields {
  branch?: string
  commit_hash?: string
  commit_message?: string
  commit_dirty?: 'true' | 'false'
  manifest?: string
}

/** Cloudflare error codes pages-pilot treats specially. */
export const ErrorCode = {
  authentication: 10000,
  unknown: 8000000,
  projectExists: 8000002,
  projectNotFound: 8000007,
  deploymentNotFound: 8000009,
  uploadTokenExpired: 8000013,
  aliasedDeploymentNeedsForce: 8000035,
  projectBlocked: 8000119,
  rateLimited: 971
} as const
