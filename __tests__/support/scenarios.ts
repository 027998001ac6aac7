/** Emulator set-ups and readers shared by the in-process and the bundle tests. */
import type { Emulator } from '../../emulator/server.js'
import type { Deployment } from '../../src/cloudflare/types.js'
import type { ActionResult } from '../../harness/run-action.js'

/** Short stages keep a full deployment under a second (of real or virtual time). */
export const FAST_STAGES = { queued: 80, initialize: 80, clone_repo: 80, build: 250, deploy: 80 }

let counter = 0
/** A fresh project name, so that tests never see each other's deployments. */
export function uniqueProject(prefix = 'site'): string {
  counter += 1
  return `${prefix}-${process.pid}-${counter}`
}

/** A Git-connected project with two successful production deployments behind it. */
export function projectWithHistory(
  emulator: Emulator,
  name = uniqueProject()
): {
  name: string
  older: Deployment
  live: Deployment
} {
  emulator.addProject({ name, productionBranch: 'main' })
  const older = emulator.seedDeployment(name, {
    branch: 'main',
    createdAgoMs: 2 * 86_400_000,
    commitMessage: 'Older release'
  })
  const live = emulator.seedDeployment(name, {
    branch: 'main',
    createdAgoMs: 86_400_000,
    commitMessage: 'Current release'
  })
  return { name, older, live }
}

/** API requests (not site requests) the emulator received for a project. */
export function apiRequests(emulator: Emulator, project: string): Emulator['requests'] {
  return emulator.requests.filter((r) => r.path.includes(`/projects/${project}`))
}

/** The PATCH requests (project updates) a project received, their bodies as JSON. */
export function projectPatches(emulator: Emulator, project: string): unknown[] {
  return apiRequests(emulator, project)
    .filter((r) => r.method === 'PATCH')
    .map((r) => JSON.parse(r.body?.toString('utf8') ?? 'null') as unknown)
}

/** The lines of the log that are not workflow commands. */
export function visibleLines(result: ActionResult): string[] {
  return result.stdout.split('\n').filter((line) => line && !line.startsWith('::'))
}
