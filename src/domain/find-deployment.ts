import type { Clock } from '../util/clock.js'
import type { PagesClient } from '../cloudflare/pages-client.js'
import type { Deployment, Environment } from '../cloudflare/types.js'
import { formatDuration } from '../util/duration.js'
import { pollUntil } from '../util/poll.js'
import type { RateBudget } from '../http/rate-budget.js'
import { input } from '../util/input-names.js'

/** How deep a commit lookup pages: 5 pages of 25 reach past a busy day of other branches. */
const MAX_PAGES = 5

/**
 * Yields deployments newest first by `created_on`, up to `maxPages` pages. Cloudflare documents
 * no order for the list (it answers newest first in practice), so the order is read off the
 * first page: newest first, pages are walked forward; oldest first, the last page is the newest,
 * so pages are walked backward from it; neither, every page (up to `maxPages`) is read and sorted.
 */
export async function* walkDeployments(
  client: PagesClient,
  projectName: string,
  options: { environment?: Environment; maxPages?: number } = {}
): AsyncGenerator<Deployment> {
  const maxPages = options.maxPages ?? Number.POSITIVE_INFINITY
  const list = (page: number) =>
    client.listDeployments(
      projectName,
      options.environment ? { page, environment: options.environment } : { page }
    )
  const first = await list(1)
  const order = orderOf(first.deployments)
  const info = first.resultInfo
  const pages =
    info && info.per_page > 0 ? Math.max(1, Math.ceil(info.total_count / info.per_page)) : undefined
  if (order === 'newest-first') {
    yield* first.deployments
    for (let page = 2, last = first; page <= maxPages && hasMore(last, page - 1); page++) {
      last = await list(page)
      if (last.deployments.length === 0) return
      yield* newestFirst(last.deployments)
    }
    return
  }
  if (order === 'oldest-first' && pages !== undefined) {
    for (let page = pages, seen = 0; page >= 1 && seen < maxPages; page--, seen++) {
      const listed = page === 1 ? first : await list(page)
      yield* newestFirst(listed.deployments)
    }
    return
  }
  const all = [...first.deployments]
  for (let page = 2, last = first; page <= maxPages && hasMore(last, page - 1); page++) {
    last = await list(page)
    if (last.deployments.length === 0) break
    all.push(...last.deployments)
  }
  yield* newestFirst(all)
}

/** Deployments sorted newest first by `created_on` (ties keep their order). */
export function newestFirst(deployments: readonly Deployment[]): Deployment[] {
  return [...deployments].sort((a, b) => createdMs(b) - createdMs(a))
}

function createdMs(deployment: Deployment): number {
  return Date.parse(deployment.created_on) || 0
}

/** How a page is ordered; a page of one, or all alike, counts as newest first. */
function orderOf(deployments: readonly Deployment[]): 'newest-first' | 'oldest-first' | 'none' {
  const times = deployments.map(createdMs)
  const descending = times.every((t, i) => i === 0 || t <= (times[i - 1] ?? t))
  if (descending) return 'newest-first'
  const ascending = times.every((t, i) => i === 0 || t >= (times[i - 1] ?? t))
  return ascending ? 'oldest-first' : 'none'
}

function hasMore(
  listed: {
    deployments: readonly Deployment[]
    resultInfo?: { page: number; per_page: number; total_count: number } | undefined
  },
  page: number
): boolean {
  const info = listed.resultInfo
  return info ? page * info.per_page < info.total_count : listed.deployments.length > 0
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
        `no deployment of commit ${commitHash} appeared in project '${projectName}' within ${input('wait-timeout')} (${formatDuration(options.timeoutMs)}). Check that the project is connected to this repository, that automatic deployments are enabled for the branch, and that ${input('commit-hash')} names a pushed commit.`
      )
  )
}
