/**
 * `operation: secrets`: sets, replaces and deletes one environment's variables with the request
 * `wrangler pages secret put/bulk/delete` sends (packages/wrangler/src/pages/secret/index.ts in
 * cloudflare/workers-sdk): one `PATCH …/pages/projects/{name}` whose body is
 * `{deployment_configs: {<environment>: {env_vars: {NAME: {type, value} | null},
 * wrangler_config_hash}}}`, the hash being the one the project has (left out when it has none).
 * Unlike wrangler, plain-text variables that already have their value are not sent, a run
 * whose variables are all as asked sends nothing, and the answer is checked.
 */
import type { DeploymentConfigPatch, EnvVar, Project } from '../cloudflare/types.js'
import { planVariables, type VariableChange, type VariablePlan } from '../domain/variables.js'
import { readProject, type OperationContext } from './context.js'
import type { SecretsTask } from './settings.js'
import { step } from '../util/input-names.js'

const CHANGE_MARK: Record<VariableChange['change'], string> = {
  added: '+',
  replaced: '~',
  set: '~',
  deleted: '-',
  unchanged: '='
}

export async function secrets(context: OperationContext<SecretsTask>): Promise<void> {
  const { task, console, report, client, projectName } = context
  const project = await readProject(context)
  const config = project.deployment_configs[task.environment]
  const plan = planVariables(config.env_vars ?? {}, task.set, task.remove)
  const changed = plan.send.length > 0
  const record = {
    environment: task.environment,
    dryRun: task.dryRun,
    changes: plan.changes,
    changed,
    pending: false
  }
  report.variables = record
  console.info(`Variables of ${projectName} (${task.environment}):`)
  for (const c of plan.changes) console.info(`  ${CHANGE_MARK[c.change]} ${describe(c)}`)
  report.status = 'success'
  if (!changed) {
    console.info('Every variable is already as asked: nothing was sent.')
    return
  }
  if (task.dryRun) {
    console.notice(
      `Dry run: ${plan.send.length} variable change${plan.send.length === 1 ? '' : 's'} of the ${task.environment} environment would be sent; nothing was changed.`
    )
    return
  }
  const patch: DeploymentConfigPatch = { env_vars: envVarsOf(plan) }
  if (config.wrangler_config_hash !== undefined) {
    patch.wrangler_config_hash = config.wrangler_config_hash
  }
  record.pending = true
  const updated = await client.updateProject(projectName, {
    deployment_configs: { [task.environment]: patch }
  })
  record.pending = false
  report.project = updated
  checkAnswer(updated, task, plan)
  console.info(
    `Sent ${plan.send.length} variable change${plan.send.length === 1 ? '' : 's'} to the ${task.environment} environment.`
  )
  report.notes.push(
    `Variables apply to the deployments made from now on: the ${task.environment} deployments already made keep the ones they were built with. Deploy again to use these.`
  )
}

/** The `env_vars` of the request: the only place a value is revealed, on its way to the API. */
function envVarsOf(plan: VariablePlan): Record<string, EnvVar | null> {
  return Object.fromEntries(
    plan.send.map(({ name, setting }) => [
      name,
      setting === null
        ? null
        : {
            type: setting.kind === 'secret' ? 'secret_text' : 'plain_text',
            value: setting.value.reveal()
          }
    ])
  )
}

/**
 * Cloudflare's answer is the project as it is now: each variable sent must be there with its
 * type (and a plain value with its value), and each deleted one gone.
 */
function checkAnswer(updated: Project, task: SecretsTask, plan: VariablePlan): void {
  const now = updated.deployment_configs[task.environment].env_vars ?? {}
  const wrong: string[] = []
  for (const { name, setting } of plan.send) {
    const found = now[name]
    if (setting === null) {
      if (found !== undefined) wrong.push(`${name} is still there`)
      continue
    }
    const type = setting.kind === 'secret' ? 'secret_text' : 'plain_text'
    if (found?.type !== type) wrong.push(`${name} is ${found ? found.type : 'missing'}`)
    else if (type === 'plain_text' && found.value !== setting.value.reveal()) {
      wrong.push(`${name} has another value`)
    }
  }
  if (wrong.length > 0) {
    throw new Error(
      `Cloudflare accepted the change of the ${task.environment} variables, but its answer does not show it: ${wrong.join(', ')}. Run ${step()} again; check the project's variables in the Cloudflare dashboard if it persists.`
    )
  }
}

/** `API_KEY (secret): added, new secret`. */
function describe(c: VariableChange): string {
  const kind = c.kind === undefined ? '' : c.kind === 'secret' ? ' (secret)' : ' (plain text)'
  return `${c.name}${kind}: ${c.change}${c.why ? `, ${c.why}` : ''}`
}
