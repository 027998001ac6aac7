/**
 * The configuration of one deployment: the top level, or the `env.production` / `env.preview`
 * section with what it inherits, as wrangler chooses between them.
 */
import { BINDING_FIELDS } from './bindings/binding-fields.js'
import type { WorkerBinding } from './bindings/worker-binding.js'
import type { ConfigFileName } from './config-files.js'
import type { PagesEnvironment } from './env-sections.js'
import type { PlacementConfig } from './placement.js'
import type { PagesSection, WorkerLimits } from './section.js'
import type { PagesConfigFile } from './wrangler-config.js'

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
