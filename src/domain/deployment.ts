import { STAGE_NAMES, type Deployment, type Stage } from '../cloudflare/types.js'

/** How a deployment ended, or the live status of its current stage while it runs. */
export type DeploymentOutcome = 'success' | 'failure' | 'canceled' | 'skipped'

/** True once the deployment can change no more: skipped, failed, canceled or deployed. */
export function isFinished(deployment: Deployment): boolean {
  return finalOutcome(deployment) !== undefined
}

/** The final outcome, or `undefined` while the deployment is still in progress. */
export function finalOutcome(deployment: Deployment): DeploymentOutcome | undefined {
  if (deployment.is_skipped) return 'skipped'
  const stages = stagesOf(deployment)
  if (stages.some((s) => s.status === 'failure')) return 'failure'
  if (stages.some((s) => s.status === 'canceled')) return 'canceled'
  const deploy = stages.find((s) => s.name === 'deploy')
  if (deploy?.status === 'success') return 'success'
  return undefined
}

/** The value of the `status` output: the outcome, or the current stage's status while running. */
export function statusOf(deployment: Deployment): string {
  return finalOutcome(deployment) ?? deployment.latest_stage.status
}

/** True for a production deployment that finished deploying: the only valid rollback target. */
export function isSuccessfulProduction(deployment: Deployment): boolean {
  return deployment.environment === 'production' && finalOutcome(deployment) === 'success'
}

/**
 * The deployment's stable address. A preview's is its branch alias
 * (`https://<branch>.<project>.pages.dev`), which Cloudflare can fill in a moment after creation,
 * so callers re-read the deployment before giving up on it. Production's is the project's own
 * host, `https://<subdomain>` when the project is known: never a custom domain, which the API
 * may list among a production deployment's aliases.
 */
export function aliasUrlOf(deployment: Deployment, subdomain?: string): string | undefined {
  if (deployment.environment === 'production' && subdomain) return `https://${subdomain}`
  return (deployment.aliases ?? []).find((alias) => alias.includes('.pages.dev'))
}

/** Stages in pipeline order, whatever order the API listed them in. */
export function stagesOf(deployment: Deployment): Stage[] {
  const stages = deployment.stages.length > 0 ? deployment.stages : [deployment.latest_stage]
  return [...stages].sort((a, b) => STAGE_NAMES.indexOf(a.name) - STAGE_NAMES.indexOf(b.name))
}

/** How long one stage took (or has taken so far, measured to `now`). */
export function stageDurationMs(stage: Stage, now: number): number | undefined {
  if (!stage.started_on) return undefined
  const end = stage.ended_on ? Date.parse(stage.ended_on) : now
  return Math.max(0, end - Date.parse(stage.started_on))
}

/** Time from creation to the end of the last finished stage (or to `now` while running). */
export function totalDurationMs(deployment: Deployment, now: number): number {
  const ends = stagesOf(deployment)
    .map((s) => (s.ended_on ? Date.parse(s.ended_on) : undefined))
    .filter((t): t is number => t !== undefined)
  const end = isFinished(deployment) && ends.length > 0 ? Math.max(...ends) : now
  return Math.max(0, end - Date.parse(deployment.created_on))
}
