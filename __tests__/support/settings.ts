/** Typed access to parts of {@link Settings} in tests; a wrong shape fails the test. */
import type { ApiTask } from '../../src/operations/settings.js'
import type { ApiSettings, Settings } from '../../src/settings/settings.js'

export function apiOf(settings: Settings): ApiSettings {
  const api = settings.job.api
  if (!api) throw new Error(`expected API settings, got ${JSON.stringify(settings.job)}`)
  return api
}

export function taskOf<K extends ApiTask['kind']>(
  settings: Settings,
  kind: K
): Extract<ApiTask, { kind: K }> {
  const task = settings.job.task
  if (task.kind !== kind) throw new Error(`expected a ${kind} task, got ${task.kind}`)
  return task as Extract<ApiTask, { kind: K }>
}
