import { CloudflareApiError } from '../cloudflare/errors.js'
import { triggerDeployHook } from '../cloudflare/deploy-hook.js'
import { API_RETRY_POLICY } from '../http/retry.js'
import { describeDeployment, track, type OperationContext } from './context.js'
import type { HookTriggerTask } from './settings.js'

/** A hook trigger may run without API credentials: then there is no client, and no budget. */
export type HookContext = Omit<OperationContext<HookTriggerTask>, 'client' | 'budget'> & {
  client: OperationContext<HookTriggerTask>['client'] | undefined
  userAgent: string
}

/**
 * `operation: trigger` with `deploy-hook-url`: starts a build through the hook (the headless
 * CMS path) and returns at once. With API credentials too, the deployment the hook created is
 * read into the outputs; without them, only its id is known.
 */
export async function triggerThroughHook(context: HookContext): Promise<void> {
  const { task, projectName, client, report, clock, signal, console } = context
  console.info(`Calling the deploy hook of project ${projectName} (its URL is masked)...`)
  const result = await triggerDeployHook(task.hookUrl, {
    requestTimeoutMs: context.requestTimeoutMs,
    retry: API_RETRY_POLICY,
    clock,
    signal,
    userAgent: context.userAgent
  })
  report.deployHook = { deploymentId: result.deploymentId }
  // The hook queued a build; without the API that is all that is known about it.
  report.status = 'idle'
  const id = result.deploymentId
  if (id === undefined) {
    report.notes.push(
      'The deploy hook accepted the request but did not name the deployment it started, so the deployment-id output is empty.'
    )
    console.info('The deploy hook accepted the request.')
    return
  }
  console.info(`The deploy hook started deployment ${id}.`)
  if (!client) return
  const project = await client.getProject(projectName)
  report.project = project
  report.previousDeploymentId = project.canonical_deployment?.id
  try {
    const deployment = await client.getDeployment(projectName, id)
    track(report, deployment)
    describeDeployment(console, deployment)
  } catch (error) {
    if (!(error instanceof CloudflareApiError && error.notFound)) throw error
    report.notes.push(
      `Deployment ${id} is not listed in project ${projectName} yet: check that the hook belongs to this project.`
    )
  }
}
