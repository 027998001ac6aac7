import type { Deployment } from '../cloudflare/types.js'
import {
  assertRollbackTarget,
  findPreviousProduction,
  rollBackTo,
  RollbackRefusedError
} from '../domain/rollback.js'
import { track, type OperationContext, readProject } from './context.js'
import type { RollbackTask } from './settings.js'
import { input } from '../util/input-names.js'

/**
 * `operation: rollback`: makes `deployment-id` (or, without one, the newest successful
 * production deployment older than the live one) serve production again.
 */
export async function rollback(context: OperationContext<RollbackTask>): Promise<void> {
  const { task, projectName, client, report, clock, signal, console } = context
  const project = await readProject(context)
  const live = project.canonical_deployment
  let target: Deployment | undefined
  if (task.deploymentId) {
    target = await client.getDeployment(projectName, task.deploymentId)
  } else {
    if (!live) {
      throw new RollbackRefusedError(
        `project '${project.name}' has no live production deployment, so there is nothing to roll back from. Pass ${input('deployment-id')} to choose the deployment to serve.`
      )
    }
    target = await findPreviousProduction(client, projectName, live)
    if (!target) {
      throw new RollbackRefusedError(
        `project '${project.name}' has no successful production deployment older than the live one (${live.id}). Nothing was changed.`
      )
    }
  }
  assertRollbackTarget(target)
  if (live?.id === target.id) {
    console.info(`Deployment ${target.id} already serves production; nothing to do.`)
    track(report, target)
    report.notes.push(`Deployment ${target.id} was already live; nothing was changed.`)
    return
  }
  console.info(`Rolling production back from ${live?.id ?? 'nothing'} to ${target.id}...`)
  const chosen = target
  const record = {
    fromDeploymentId: live?.id,
    toDeploymentId: chosen.id,
    toUrl: chosen.url,
    reason: 'requested',
    verified: false
  }
  const verified = await rollBackTo(client, projectName, chosen, clock, signal, {
    sending: () => (report.rollbackRequested = chosen.id),
    accepted: () => {
      report.rollbackRequested = undefined
      track(report, chosen)
      report.rollback = record
    }
  })
  record.verified = verified
  if (!verified) {
    report.failure = `rolled back to ${chosen.id}, but the project still does not list it as the live production deployment.`
    return
  }
  console.info(`Production serves ${chosen.id} again: ${chosen.url}`)
}
