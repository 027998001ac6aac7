/**
 * The keys a Pages configuration may hold, and where: what the top level and `env.<name>` may
 * set, what only the top level may, and the Worker-only keys wrangler lets through at their
 * default value.
 */
import { BINDING_FIELDS } from './bindings/binding-fields.js'
import type { ConfigChecks } from './checks.js'

/** The keys a Pages configuration may hold at the top level and in `env.<name>`. */
const SECTION_KEYS: ReadonlySet<string> = new Set([
  'name',
  'compatibility_date',
  'compatibility_flags',
  'no_bundle',
  'limits',
  'placement',
  'upload_source_maps',
  ...BINDING_FIELDS
])

/** Keys allowed only at the top level (`$schema` is for editors; `env` holds the sections). */
const TOP_LEVEL_ONLY_KEYS: ReadonlySet<string> = new Set([
  'pages_build_output_dir',
  'send_metrics',
  'dev',
  'env',
  '$schema'
])

/**
 * Wrangler defaults of Worker-only keys, as JSON. Wrangler validates the configuration after
 * filling in defaults, so a Worker-only key written with its default value passes; the same
 * values are let through here.
 */
const WORKER_KEY_DEFAULTS: Readonly<Record<string, string>> = {
  legacy_env: 'true',
  jsx_factory: '"React.createElement"',
  jsx_fragment: '"React.Fragment"',
  migrations: '[]',
  triggers: '{}',
  rules: '[]',
  define: '{}',
  cloudchamber: '{}',
  unsafe: '{}',
  observability: '{"enabled":true}',
  logfwdr: '{"bindings":[]}',
  python_modules: '{"exclude":["**/*.pyc"]}',
  ...Object.fromEntries(
    [
      'workflows',
      'send_email',
      'dispatch_namespaces',
      'ai_search_namespaces',
      'ai_search',
      'secrets_store_secrets',
      'artifacts',
      'unsafe_hello_world',
      'flagship',
      'ratelimits',
      'worker_loaders',
      'pipelines',
      'vpc_services',
      'vpc_networks'
    ].map((key) => [key, '[]'])
  )
}

const PAGES_CONFIG_DOCS =
  'https://developers.cloudflare.com/pages/functions/wrangler-configuration/'

/** Refuses keys Pages does not support, `main` first because its fix differs. */
export function checkKeys(
  section: Record<string, unknown>,
  prefix: string,
  checks: ConfigChecks
): void {
  const top = prefix === ''
  for (const [key, value] of Object.entries(section)) {
    if (SECTION_KEYS.has(key)) continue
    if (key === 'main') {
      checks.problem(
        `${prefix}main`,
        `Configuration file cannot contain both "main" and "pages_build_output_dir" configuration keys. Remove "main" to deploy this Pages project (Pages runs the _worker.js or functions/ of the output folder); "main" is for Workers, deployed with \`wrangler deploy\`.`
      )
    } else if (TOP_LEVEL_ONLY_KEYS.has(key)) {
      if (!top) {
        checks.problem(
          `${prefix}${key}`,
          `"${key}" is allowed only at the top level of the file. Move it there or remove it.`
        )
      }
    } else if (
      !Object.hasOwn(WORKER_KEY_DEFAULTS, key) ||
      WORKER_KEY_DEFAULTS[key] !== JSON.stringify(value)
    ) {
      checks.problem(
        `${prefix}${key}`,
        `Configuration file for Pages projects does not support "${key}". Remove it; the keys Pages reads are listed at ${PAGES_CONFIG_DOCS}.`
      )
    }
  }
}
