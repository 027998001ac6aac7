/**
 * Reads a project's wrangler configuration the way `wrangler pages deploy` 4.86.0 does, for two
 * uses: defaults for the project name and the output folder, and the Worker metadata keys
 * (bindings, compatibility date and flags, placement, limits) that wrangler sends with a
 * Functions or `_worker.js` bundle. The rules are wrangler's own, from the folder
 * packages/wrangler/src/config of its repository (validation-pages.ts, validation.ts); the
 * metadata is compared as JSON text with what wrangler was observed to send, in
 * __tests__/wrangler-config.test.ts.
 *
 * Where wrangler only logs a problem and deploys without the file, pages-pilot stops with a
 * {@link ConfigError}: a deployment that silently lost its bindings fails later, at run time.
 */
import { createHash } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { TomlDate } from 'smol-toml'
import {
  ConfigChecks,
  describeValue,
  isTable,
  quoteList,
  toJsonValue,
  type JsonValue
} from './checks.js'
import { ConfigError } from './config-error.js'
import { decodeConfigBytes, parseConfigText, type ConfigFormat } from './parse-config.js'
import {
  BINDING_FIELDS,
  metadataOrder,
  readBindings,
  type BindingField,
  type WorkerBinding
} from './pages-bindings.js'

export { ConfigError, type ConfigPosition } from './config-error.js'
export type { JsonValue } from './checks.js'
export type { WorkerBinding, WorkerBindingType } from './pages-bindings.js'

/** The names wrangler looks for, in its order: the first one present is the configuration. */
export const CONFIG_FILE_NAMES = ['wrangler.json', 'wrangler.jsonc', 'wrangler.toml'] as const
export type ConfigFileName = (typeof CONFIG_FILE_NAMES)[number]

/** The two environments of a Pages project; `env.<name>` may use no other names. */
export const PAGES_ENVIRONMENTS = ['production', 'preview'] as const
export type PagesEnvironment = (typeof PAGES_ENVIRONMENTS)[number]

/** `placement` as written, validated. */
export interface PlacementConfig {
  mode?: string
  hint?: string
  region?: string
  host?: string
  hostname?: string
}

/** `placement` as wrangler sends it. */
export type WorkerPlacement =
  | { mode: 'smart'; hint?: string }
  | { mode: 'targeted'; region: string }
  | { mode: 'targeted'; host: string }
  | { mode: 'targeted'; hostname: string }

/** `limits` as written (wrangler sends the table unchanged), e.g. `{ cpu_ms: 100 }`. */
export type WorkerLimits = { readonly [key: string]: JsonValue }

/** What the top level or one `env.<name>` section of the file sets. */
export interface PagesSection {
  compatibilityDate: string | undefined
  compatibilityFlags: readonly string[] | undefined
  limits: WorkerLimits | undefined
  placement: PlacementConfig | undefined
  noBundle: boolean | undefined
  uploadSourceMaps: boolean | undefined
  /** Binding keys written in the section (even empty), for the not-inherited warnings. */
  bindingFields: ReadonlySet<BindingField>
  varNames: readonly string[]
  /** In declaration order; {@link workerMetadata} puts them in wrangler's order. */
  bindings: readonly WorkerBinding[]
}

export interface PagesConfigFile {
  /** Absolute path of the file found. */
  path: string
  fileName: ConfigFileName
  /** Hex SHA-256 of the raw bytes; wrangler sends it as `wrangler_config_hash`. */
  sha256: string
  /** The top-level `name`: the Pages project name. */
  name: string
  /** `pages_build_output_dir`, resolved against the file's folder. */
  outputDir: string
  /** Top-level `no_bundle`, which is what wrangler uses to decide whether to bundle. */
  noBundle: boolean | undefined
  /** Top-level `upload_source_maps`. */
  uploadSourceMaps: boolean | undefined
  topLevel: PagesSection
  /** The `env.production` / `env.preview` sections that exist. */
  environments: Readonly<Partial<Record<PagesEnvironment, PagesSection>>>
}

/** The configuration of one deployment, after wrangler's environment rules. */
export interface ResolvedPagesConfig {
  fileName: ConfigFileName
  environment: PagesEnvironment
  /** Whether `env.<environment>` exists; when it does not, the top level is used unchanged. */
  fromEnvSection: boolean
  compatibilityDate: string | undefined
  compatibilityFlags: readonly string[]
  limits: WorkerLimits | undefined
  placement: PlacementConfig | undefined
  noBundle: boolean | undefined
  uploadSourceMaps: boolean | undefined
  bindings: readonly WorkerBinding[]
  /** Wrangler's warnings for top-level bindings and vars that the environment does not get. */
  warnings: readonly string[]
}

/**
 * The Worker metadata keys besides `main_module`, in wrangler's order. Spread them after
 * `main_module` and serialise with `JSON.stringify` to get wrangler's exact text.
 */
export interface WorkerMetadataFields {
  bindings: WorkerBinding[]
  compatibility_date?: string
  compatibility_flags: string[]
  placement?: WorkerPlacement
  limits?: WorkerLimits
}

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

/** Project names wrangler accepts in `name`. */
const WRANGLER_NAME = /^[a-z0-9_][a-z0-9-_]*$/

/** The wrangler configuration files in `folder`, in the order wrangler reads them. */
export async function configFilesIn(folder: string): Promise<ConfigFileName[]> {
  const present: ConfigFileName[] = []
  for (const name of CONFIG_FILE_NAMES) {
    if (await isFile(join(folder, name))) present.push(name)
  }
  return present
}

/**
 * Looks in `workingDirectory` only (not upward): wrangler.json, then wrangler.jsonc, then
 * wrangler.toml; the first one present is the configuration, as in wrangler. A file without
 * `pages_build_output_dir` is not a Pages configuration: it is ignored with wrangler's warning.
 *
 * @throws ConfigError when the file cannot be read or parsed, or is not a valid Pages
 *   configuration (every problem is listed).
 */
export async function readPagesConfig(
  workingDirectory: string
): Promise<{ config: PagesConfigFile | undefined; warnings: string[] }> {
  const warnings: string[] = []
  const [fileName, ...shadowed] = await configFilesIn(workingDirectory)
  if (fileName === undefined) return { config: undefined, warnings }
  if (shadowed.length > 0) {
    warnings.push(
      `${quoteList(shadowed)} ${shadowed.length === 1 ? 'is' : 'are'} ignored because ${fileName} is read first (wrangler's order: ${CONFIG_FILE_NAMES.join(', ')}). Remove the files that are not used, to avoid editing the wrong one.`
    )
  }

  const path = resolve(workingDirectory, fileName)
  let bytes: Buffer
  try {
    bytes = await readFile(path)
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : String(error)
    throw new ConfigError(path, [
      `cannot be read (${reason}). Check that the file is readable by the runner's user.`
    ])
  }
  const format: ConfigFormat = fileName === 'wrangler.toml' ? 'toml' : 'json'
  const raw = parseConfigText(decodeConfigBytes(bytes, path), format, path)

  // Wrangler's test for a Pages configuration: the key is present, whatever its value.
  if (raw.pages_build_output_dir === undefined) {
    warnings.push(
      `Pages now has ${fileName} support.\n` +
        `We detected a configuration file at ${path} but it is missing the "pages_build_output_dir" field, required by Pages.\n` +
        `If you would like to use this configuration file to deploy your project, please use "pages_build_output_dir" to specify the directory of static files to upload.\n` +
        `Ignoring configuration file for now, and proceeding with project deploy.`
    )
    return { config: undefined, warnings }
  }

  const checks = new ConfigChecks(fileName, format)
  const name = readName(raw, checks)
  const outputDir = readOutputDir(raw, path, checks)
  readBoolean(raw, 'send_metrics', '', checks)
  checkKeys(raw, '', checks)
  const topLevel = readSection(raw, '', checks)
  const environments = readEnvironments(raw.env, checks)

  // A missing name or folder is always among the problems; the test also narrows their types.
  if (checks.problems.length > 0 || name === undefined || outputDir === undefined) {
    throw new ConfigError(path, checks.problems)
  }
  return {
    config: {
      path,
      fileName,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      name,
      outputDir,
      noBundle: topLevel.noBundle,
      uploadSourceMaps: topLevel.uploadSourceMaps,
      topLevel,
      environments
    },
    warnings: [...warnings, ...checks.warnings]
  }
}

/**
 * The configuration for a deployment to `environment`, as wrangler resolves it. When
 * `env.<environment>` exists, it inherits the compatibility date and flags, limits, placement,
 * `no_bundle` and `upload_source_maps` it does not set, but no vars and no bindings: those it
 * does not declare are absent, with wrangler's warnings. When it does not exist, the top level
 * is used unchanged.
 */
export function configFor(
  config: PagesConfigFile,
  environment: PagesEnvironment
): ResolvedPagesConfig {
  const top = config.topLevel
  const env = config.environments[environment]
  if (env === undefined) {
    return {
      fileName: config.fileName,
      environment,
      fromEnvSection: false,
      compatibilityDate: top.compatibilityDate,
      compatibilityFlags: top.compatibilityFlags ?? [],
      limits: top.limits,
      placement: top.placement,
      noBundle: top.noBundle,
      uploadSourceMaps: top.uploadSourceMaps,
      bindings: top.bindings,
      warnings: []
    }
  }
  return {
    fileName: config.fileName,
    environment,
    fromEnvSection: true,
    compatibilityDate: env.compatibilityDate ?? top.compatibilityDate,
    compatibilityFlags: env.compatibilityFlags ?? top.compatibilityFlags ?? [],
    limits: env.limits ?? top.limits,
    placement: env.placement ?? top.placement,
    noBundle: env.noBundle ?? top.noBundle,
    uploadSourceMaps: env.uploadSourceMaps ?? top.uploadSourceMaps,
    bindings: env.bindings,
    warnings: notInheritedWarnings(config.fileName, top, env, environment)
  }
}

/**
 * The metadata keys wrangler sends besides `main_module` when a Pages configuration exists:
 * `bindings` (always, `[]` when none), `compatibility_date` (when set), `compatibility_flags`
 * (always), `placement` and `limits` (when set), in that order.
 */
export function workerMetadata(resolved: ResolvedPagesConfig): WorkerMetadataFields {
  const placement = workerPlacement(resolved.placement)
  return {
    bindings: metadataOrder(resolved.bindings),
    ...(resolved.compatibilityDate !== undefined
      ? { compatibility_date: resolved.compatibilityDate }
      : {}),
    compatibility_flags: [...resolved.compatibilityFlags],
    ...(placement !== undefined ? { placement } : {}),
    ...(resolved.limits !== undefined ? { limits: resolved.limits } : {})
  }
}

/**
 * Wrangler's mapping of `placement`: `mode = "off"` (without a hint) sends nothing, a hint or
 * `mode = "smart"` is smart placement, and a region, host or hostname is targeted placement.
 */
function workerPlacement(placement: PlacementConfig | undefined): WorkerPlacement | undefined {
  if (placement === undefined) return undefined
  const { mode, hint, region, host, hostname } = placement
  if (!hint && mode === 'off') return undefined
  if (hint || mode === 'smart')
    return hint !== undefined ? { mode: 'smart', hint } : { mode: 'smart' }
  if (region) return { mode: 'targeted', region }
  if (host) return { mode: 'targeted', host }
  if (hostname) return { mode: 'targeted', hostname }
  return undefined
}

function notInheritedWarnings(
  fileName: string,
  top: PagesSection,
  env: PagesSection,
  environment: PagesEnvironment
): string[] {
  const warnings: string[] = []
  for (const field of BINDING_FIELDS) {
    if (!top.bindingFields.has(field)) continue
    if (!env.bindingFields.has(field)) {
      warnings.push(
        `${fileName}: "${field}" exists at the top level, but not on "env.${environment}".\n` +
          `This is not what you probably want, since "${field}" is not inherited by environments.\n` +
          `Please add "${field}" to "env.${environment}".`
      )
    } else if (field === 'vars') {
      for (const name of top.varNames.filter((n) => !env.varNames.includes(n))) {
        warnings.push(
          `${fileName}: "vars.${name}" exists at the top level, but not on "env.${environment}.vars".\n` +
            `This is not what you probably want, since "vars" configuration is not inherited by environments.\n` +
            `Please add "vars.${name}" to "env.${environment}".`
        )
      }
    }
  }
  return warnings
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile()
  } catch {
    return false
  }
}

function readName(raw: Record<string, unknown>, checks: ConfigChecks): string | undefined {
  const name = raw.name
  const example = checks.assign('name', '"my-project"')
  if (typeof name !== 'string') {
    checks.problem(
      'name',
      name === undefined
        ? `Missing top-level field "name" in configuration file.\n` +
            `Pages requires the name of your project to be configured at the top-level of your Wrangler configuration file. This is because, in Pages, environments target the same project. Add ${example}, with the project's name as in its *.pages.dev address.`
        : `must be a string, found ${describeValue(name)}. Write ${example}, with the project's name as in its *.pages.dev address.`
    )
    return undefined
  }
  if (name.trim() === '') {
    checks.problem(
      'name',
      `is empty. Pages requires the name of your project to be configured at the top-level of your Wrangler configuration file. Write ${example}, with the project's name as in its *.pages.dev address.`
    )
    return undefined
  }
  if (!WRANGLER_NAME.test(name)) {
    checks.problem(
      'name',
      `Expected "name" to be of type string, alphanumeric and lowercase with dashes only but got ${JSON.stringify(name)}. Use the project's name as in its *.pages.dev address.`
    )
    return undefined
  }
  return name
}

function readOutputDir(
  raw: Record<string, unknown>,
  path: string,
  checks: ConfigChecks
): string | undefined {
  const dir = raw.pages_build_output_dir
  if (typeof dir !== 'string') {
    checks.problem(
      'pages_build_output_dir',
      `must be a string (the folder to upload, relative to ${checks.fileName}), found ${describeValue(dir)}. E.g. ${checks.assign('pages_build_output_dir', '"./dist"')}.`
    )
    return undefined
  }
  // Relative to the file's folder, as wrangler resolves it (not to the working directory).
  return resolve(dirname(path), dir)
}

/** Refuses keys Pages does not support, `main` first because its fix differs. */
function checkKeys(section: Record<string, unknown>, prefix: string, checks: ConfigChecks): void {
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

function readEnvironments(
  value: unknown,
  checks: ConfigChecks
): Partial<Record<PagesEnvironment, PagesSection>> {
  const environments: Partial<Record<PagesEnvironment, PagesSection>> = {}
  if (value === undefined) return environments
  if (!isTable(value)) {
    checks.problem(
      'env',
      `must be ${checks.table} of environments, found ${describeValue(value)}. Write ${checks.format === 'toml' ? '[env.preview] and [env.production] sections' : '"env": { "preview": { … }, "production": { … } }'}.`
    )
    return environments
  }
  const unsupported = Object.keys(value).filter(
    (name) => !(PAGES_ENVIRONMENTS as readonly string[]).includes(name)
  )
  if (unsupported.length > 0) {
    checks.problem(
      'env',
      `Configuration file contains the following environment names that are not supported by Pages projects: ${quoteList(unsupported)}. The supported named-environments for Pages are "preview" and "production". Rename or remove the others (a deployment of the production branch uses "production", any other branch "preview").`
    )
  }
  for (const environment of PAGES_ENVIRONMENTS) {
    const section = value[environment]
    if (section === undefined) continue
    const prefix = `env.${environment}.`
    if (!isTable(section)) {
      checks.problem(
        `env.${environment}`,
        `must be ${checks.table}, found ${describeValue(section)}. Write ${checks.format === 'toml' ? `[env.${environment}]` : `"${environment}": { … }`} followed by its keys.`
      )
      continue
    }
    if (section.name !== undefined) {
      checks.warn(
        `"env.${environment}.name" is ignored: in Pages every environment deploys to the project named by the top-level "name".`
      )
    }
    checkKeys(section, prefix, checks)
    environments[environment] = readSection(section, prefix, checks)
  }
  return environments
}

/** The values of the top level or of one `env.<name>` section. */
function readSection(
  section: Record<string, unknown>,
  prefix: string,
  checks: ConfigChecks
): PagesSection {
  const bindings = readBindings(section, prefix, checks)
  return {
    compatibilityDate: readCompatibilityDate(section, prefix, checks),
    compatibilityFlags: readFlags(section, prefix, checks),
    limits: readLimits(section, prefix, checks),
    placement: readPlacement(section, prefix, checks),
    noBundle: readBoolean(section, 'no_bundle', prefix, checks),
    uploadSourceMaps: readBoolean(section, 'upload_source_maps', prefix, checks),
    bindingFields: bindings.fields,
    varNames: bindings.varNames,
    bindings: bindings.bindings
  }
}

function readCompatibilityDate(
  section: Record<string, unknown>,
  prefix: string,
  checks: ConfigChecks
): string | undefined {
  const value = section.compatibility_date
  if (value === undefined) return undefined
  const key = `${prefix}compatibility_date`
  const example = (date: string): string => checks.assign('compatibility_date', `"${date}"`)
  if (value instanceof TomlDate) {
    checks.problem(
      key,
      `is a TOML date; wrangler reads it only as a string. Quote it: ${example(value.toISOString().slice(0, 10))}.`
    )
    return undefined
  }
  if (typeof value !== 'string') {
    checks.problem(
      key,
      `must be a string, found ${describeValue(value)}. E.g. ${example('2024-10-01')}.`
    )
    return undefined
  }
  if (!isCalendarDate(value)) {
    const dashes = /[–—]/.test(value)
      ? ' Use hyphens (-) rather than en-dashes (–) or em-dashes (—).'
      : ''
    checks.problem(
      key,
      `${JSON.stringify(value)} is not a date in the form YYYY-MM-DD.${dashes} E.g. ${example('2024-10-01')}.`
    )
    return undefined
  }
  return value
}

/**
 * YYYY-MM-DD naming a real day. Wrangler accepts anything `new Date()` parses; the Workers
 * runtime only takes this form, so anything else is refused here rather than by the API.
 */
function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  if (match === null) return false
  const [, year, month, day] = match.map(Number)
  const date = new Date(Date.UTC(year ?? 0, (month ?? 0) - 1, day ?? 0))
  return date.toISOString().slice(0, 10) === text
}

function readFlags(
  section: Record<string, unknown>,
  prefix: string,
  checks: ConfigChecks
): string[] | undefined {
  const value = section.compatibility_flags
  if (value === undefined) return undefined
  if (Array.isArray(value) && value.every((flag) => typeof flag === 'string')) {
    return value as string[]
  }
  checks.problem(
    `${prefix}compatibility_flags`,
    `must be an array of strings, found ${describeValue(value)}. E.g. ${checks.assign('compatibility_flags', '["nodejs_compat"]')}.`
  )
  return undefined
}

function readBoolean(
  section: Record<string, unknown>,
  field: string,
  prefix: string,
  checks: ConfigChecks
): boolean | undefined {
  const value = section[field]
  if (value === undefined || typeof value === 'boolean') return value
  checks.problem(
    `${prefix}${field}`,
    `must be true or false, found ${describeValue(value)}. E.g. ${checks.assign(field, 'true')}.`
  )
  return undefined
}

function readLimits(
  section: Record<string, unknown>,
  prefix: string,
  checks: ConfigChecks
): WorkerLimits | undefined {
  const value = section.limits
  if (value === undefined) return undefined
  const key = `${prefix}limits`
  const json = isTable(value) ? toJsonValue(value) : undefined
  if (!isTable(json)) {
    checks.problem(
      key,
      `must be ${checks.table} of numbers, found ${describeValue(value)}. E.g. ${checks.format === 'toml' ? '[limits] with cpu_ms = 100' : '"limits": { "cpu_ms": 100 }'}.`
    )
    return undefined
  }
  let valid = true
  for (const [limit, amount] of Object.entries(json)) {
    if (limit !== 'cpu_ms' && limit !== 'subrequests') {
      checks.warn(
        `"${key}.${limit}" is not a limit wrangler knows ("cpu_ms", "subrequests"); it is sent as written. Check its spelling.`
      )
    } else if (typeof amount !== 'number') {
      valid = false
      checks.problem(`${key}.${limit}`, `must be a number, found ${describeValue(amount)}.`)
    }
  }
  return valid ? (json as WorkerLimits) : undefined
}

function readPlacement(
  section: Record<string, unknown>,
  prefix: string,
  checks: ConfigChecks
): PlacementConfig | undefined {
  const value = section.placement
  if (value === undefined) return undefined
  const key = `${prefix}placement`
  if (!isTable(value)) {
    checks.problem(
      key,
      `must be ${checks.table}, found ${describeValue(value)}. E.g. ${checks.format === 'toml' ? '[placement] with mode = "smart"' : '"placement": { "mode": "smart" }'}.`
    )
    return undefined
  }
  const before = checks.problems.length
  const placement: PlacementConfig = {}
  for (const field of ['mode', 'hint', 'region', 'host', 'hostname'] as const) {
    const item = value[field]
    if (item === undefined) continue
    if (typeof item === 'string') placement[field] = item
    else checks.problem(`${key}.${field}`, `must be a string, found ${describeValue(item)}.`)
  }
  const unknown = Object.keys(value).filter(
    (field) => !['mode', 'hint', 'region', 'host', 'hostname'].includes(field)
  )
  if (unknown.length > 0) {
    checks.warn(`"${key}" has unknown keys ${quoteList(unknown)}; they are ignored.`)
  }
  const targeted = (['region', 'host', 'hostname'] as const).filter((f) => f in value)
  const mode = placement.mode
  const modeProblem = (allowed: readonly string[]): void => {
    if (mode !== undefined && !allowed.includes(mode)) {
      checks.problem(
        `${key}.mode`,
        `${JSON.stringify(mode)} is not a placement mode here; use one of ${quoteList(allowed)}.`
      )
    }
  }
  if ('hint' in value && targeted.length > 0) {
    checks.problem(
      key,
      `"placement" cannot have both "hint" (smart format) and "region"/"host"/"hostname" (targeted format) fields. Keep one format.`
    )
  } else if ('hint' in value) {
    modeProblem(['off', 'smart'])
    if (mode === undefined) {
      checks.problem(
        `${key}.mode`,
        `missing. With a "hint", set ${checks.assign('mode', '"smart"')}.`
      )
    } else if (placement.hint && mode !== 'smart') {
      checks.problem(
        `${key}.hint`,
        `"placement.hint" can only be set when "placement.mode" is "smart". Set ${checks.assign('mode', '"smart"')} or remove the hint.`
      )
    }
  } else if (targeted.length > 0) {
    modeProblem(['off', 'targeted'])
    if (targeted.length > 1) {
      checks.problem(
        key,
        `"placement" fields ${quoteList(targeted)} are mutually exclusive. Only one can be specified.`
      )
    }
  } else {
    if (mode === undefined) {
      checks.problem(`${key}.mode`, `missing. Set ${checks.assign('mode', '"smart"')} (or "off").`)
    }
    modeProblem(['off', 'smart', 'targeted'])
  }
  return checks.problems.length === before ? placement : undefined
}
