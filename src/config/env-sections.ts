/** The `env` table of a Pages configuration: its `production` and `preview` sections. */
import { describeValue, isTable, quoteList, type ConfigChecks } from './checks.js'
import { readSection, type PagesSection } from './section.js'
import { checkKeys } from './supported-keys.js'

/** The two environments of a Pages project; `env.<name>` may use no other names. */
export const PAGES_ENVIRONMENTS = ['production', 'preview'] as const
export type PagesEnvironment = (typeof PAGES_ENVIRONMENTS)[number]

export function readEnvironments(
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
