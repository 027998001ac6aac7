import type { Clock } from '../util/clock.js'
import type { PagesClient } from '../cloudflare/pages-client.js'
import type { Deployment, Environment } from '../cloudflare/types.js'
import { formatDuration } from '../util/duration.js'
import { pollUntil } from '../util/poll.js'
import type { RateBudget } from '../http/rate-budget.js'

/** How deep a commit lookup pages: 5 pages of 25 reach past a busy day of other branches. */
const MAX_PAGES = 5

/** Yields deployments newest first, page after page, up to `maxPages`. */
export async function* walkDeployments(
  client: PagesClient,
  projectName: string,
  options: { environment?: Environment; maxPages?: number } = {}
): AsyncGenerator<Deployment> {
  const maxPages = options.maxPages ?? Number.POSITIVE_INFINITY
  for (let page = 1; page <= maxPages; page++) {
    const listed = await client.listDeployments(
      projectName,
      options.environment ? { page, environment: options.environment } : { page }
    )
    yield* listed.deployments
    const info = listed.resultInfo
    const more = info ? info.page * info.per_page < info.total_count : listed.deployments.length > 0
    if (!more || listed.deployments.length === 0) return
  }
}

/** True when the deployment was built from `commitHash` (a full SHA or a prefix of one). */
export function isForCommit(deployment: Deployment, commitHash: string): boolean {
  const built = deployment.deployment_trigger?.metadata?.commit_hash?.toLowerCase() ?? ''
  return built.length > 0 && (built.startsWith(commitHash) || commitHash.startsWith(built))
}

/** The newest deployment built from `commitHash`, or `undefined` when none is listed yet. */
export async function findDeploymentForCommit(
  client: PagesClient,
  projectName: string,
  commitHash: string
): Promise<Deployment | undefined> {
  for await (const deployment of walkDeployments(client, projectName, { maxPages: MAX_PAGES })) {
    if (isForCommit(deployment, commitHash)) return deployment
  }
  return undefined
}

export interface AwaitCommitOptions {
  timeoutMs: number
  pollIntervalMs: number
  clock: Clock
  signal: AbortSignal | undefined
  log: (line: string) => void
  /** This run's share of the rate limit: looking again spreads out as it is used up. */
  budget?: RateBudget | undefined
}

/**
 * Waits for Cloudflare's Git integration to list a deployment for `commitHash`: the build
 * appears some seconds after the push, so a missing deployment is looked for again.
 */
export async function awaitDeploymentForCommit(
  client: PagesClient,
  projectName: string,
  commitHash: string,
  options: AwaitCommitOptions
): Promise<Deployment> {
  let announced = false
  return pollUntil<Deployment>(
    {
      clock: options.clock,
      signal: options.signal,
      timeoutMs: options.timeoutMs,
      intervalMs: options.pollIntervalMs,
      floorMs: () => options.budget?.pollFloorMs() ?? 0
    },
    async () => {
      const found = await findDeploymentForCommit(client, projectName, commitHash)
      if (found) return { value: found }
      if (!announced) {
        options.log(
          `No deployment of commit ${commitHash.slice(0, 12)} is listed yet; waiting for Cloudflare to start one.`
        )
        announced = true
      }
      return { changed: false }
    },
    () =>
      new Error(
        `no deployment of commit ${commitHash} appeared in project '${projectName}' within wait-timeout (${formatDuration(options.timeoutMs)}). Check that the project is connected to this repository, that automatic deployments are enabled for the branch, and that commit-hash names a pushed commit.`
      )
  )
}
