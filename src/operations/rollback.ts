import * as core from '@actions/core'
import {
  assertRollbackTarget,
  findPreviousProduction,
  rollBackTo,
  RollbackRefusedError
} from '../domain/rollback.js'
import { track, type OperationContext, readProject } from './context.js'

/**
 * `operation: rollback`: makes `deployment-id` (or, without one, the newest successful
 * production deployment older than the live one) serve production again.
 */
export async function rollback(context: OperationContext): Promise<void> {
  const { settings, client, report, clock } = context
  const project = await readProject(context)
  const live = project.canonical_deployment
  let target
  if (settings.deploymentId) {
    target = await client.getDeployment(settings.projectName, settings.deploymentId)
  } else {
    if (!live) {
      throw new RollbackRefusedError(
        `project '${project.name}' has no live production deployment, so there is nothing to roll back from. Pass deployment-id to choose the deployment to serve.`
      )
    }
    target = await findPreviousProduction(client, settings.projectName, live)
    if (!target) {
      throw new RollbackRefusedError(
        `project '${project.name}' has no successful production deployment older than the live one (${live.id}). Nothing was changed.`
      )
    }
  }
  assertRollbackTarget(target)
  if (live?.id === target.id) {
    core.info(`Deployment ${target.id} already serves production; nothing to do.`)
    track(report, target)
    report.notes.push(`Deployment ${target.id} was already live; nothing was changed.`)
    return
  }
  core.info(`Rolling production back from ${live?.id ?? 'nothing'} to ${target.id}...`)
  const record = {
    fromDeploymentId: live?.id,
    toDeploymentId: target.id,
    toUrl: target.url,
    reason: 'requested',
    verified: false
  }
  const verified = await rollBackTo(client, settings.projectName, target, clock, {
    sending: () => (report.rollbackRequested = target.id),
    accepted: () => {
      report.rollbackRequested = undefined
      track(report, target)
      report.rollback = record
    }
  })
  record.verified = verified
  if (!verified) {
    report.failure = `rolled back to ${target.id}, but the project still does not list it as the live production deployment.`
    return
  }
  core.info(`Production serves ${target.id} again: ${target.url}`)
}
