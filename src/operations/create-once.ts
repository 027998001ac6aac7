import { CloudflareApiError } from '../cloudflare/errors.js'
import type { PagesClient } from '../cloudflare/pages-client.js'
import type { Deployment, Project } from '../cloudflare/types.js'
import { walkDeployments } from '../domain/find-deployment.js'
import type { CreationRequest } from '../domain/report.js'
import { CanceledError } from '../util/canceled.js'
import type { OperationContext } from './context.js'

/** Sends of one creation at most: wrangler's three attempts on 8000000. */
const MAX_SENDS = 3
/** Pause before a send after a look found nothing, doubled each time. */
const RESEND_AFTER_MS = 2_000

/**
 * Sends a request that creates a deployment (create or retry) so that it takes effect once.
 * When it fails in a way that leaves its effect unknown (a gateway's 502 or 503, Cloudflare's
 * 8000000, a timeout after sending, a body cut short), the deployment list is read first: a
 * deployment of the branch (and commit) newer than any the project had is adopted, and only when
 * there is none is the request sent again. While the request is out, the report says so, for a
 * run cancelled in between (see {@link findCreated}).
 */
export async function createOnce(
  context: OperationContext<unknown>,
  project: Project,
  branch: string,
  send: () => Promise<Deployment>,
  commitHash?: string
): Promise<Deployment> {
  const known = project.latest_deployment
  const creation: CreationRequest = {
    project: project.name,
    branch,
    commitHash,
    afterMs: known ? Date.parse(known.created_on) || 0 : 0
  }
  for (let sent = 1; ; sent++) {
    context.report.creating = creation
    let error: unknown
    try {
      const created = await send()
      context.report.creating = undefined
      return created
    } catch (failure) {
      error = failure
    }
    if (error instanceof CanceledError) throw error
    context.report.creating = undefined
    if (!(error instanceof CloudflareApiError && error.ambiguous)) throw error
    const created = await lookAgain(context, creation, known?.id)
    if (created) {
      context.console.warning(
        `${error.message} Cloudflare did create deployment ${created.id}; following it.`
      )
      return created
    }
    if (sent >= MAX_SENDS) throw error
    context.console.warning(
      `${error.message} No deployment was created, so the request is sent once more.`
    )
    await context.clock.sleep(RESEND_AFTER_MS * 2 ** (sent - 1), context.signal)
  }
}

/**
 * Pauses between looks at the deployment list: a request that timed out on our side may
 * still be processed by Cloudflare a moment later, and a second build must not race it.
 */
const LOOK_AGAIN_AFTER_MS = [0, 2_000, 3_000]

async function lookAgain(
  context: OperationContext<unknown>,
  creation: CreationRequest,
  knownId: string | undefined
): Promise<Deployment | undefined> {
  for (const pause of LOOK_AGAIN_AFTER_MS) {
    if (pause > 0) await context.clock.sleep(pause, context.signal)
    const created = await findCreated(context.client, creation, knownId)
    if (created) return created
  }
  return undefined
}

/**
 * The deployment `creation` made, if the list shows it: the newest (by `created_on`: the list
 * has no documented order) of its branch, and of its commit when one was sent, created after
 * the newest deployment the project had before.
 */
export async function findCreated(
  client: PagesClient,
  creation: CreationRequest,
  knownId?: string
): Promise<Deployment | undefined> {
  for await (const d of walkDeployments(client, creation.project, { maxPages: 2 })) {
    const meta = d.deployment_trigger.metadata
    if (d.id === knownId || (Date.parse(d.created_on) || 0) <= creation.afterMs) continue
    if (meta.branch !== creation.branch) continue
    if (creation.commitHash && meta.commit_hash && meta.commit_hash !== creation.commitHash)
      continue
    return d
  }
  return undefined
}
