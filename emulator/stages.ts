/**
 * The deployment stage machine, computed lazily from the creation time and the stage durations:
 * no timers to leak, and every read at the same instant sees the same state.
 */
import {
  STAGE_NAMES,
  type Stage,
  type StageName,
  type StageStatus
} from '../src/cloudflare/types.js'
import type { DeploymentOutcome } from './types.js'

/** Default durations of new deployments: short, so that tests and demos finish quickly. */
export const DEFAULT_STAGE_DURATIONS_MS: Readonly<Record<StageName, number>> = {
  queued: 200,
  initialize: 200,
  clone_repo: 200,
  build: 800,
  deploy: 200
}

/** Durations of a real Pages build, used for seeded history (scaled down to fit its age). */
export const REALISTIC_STAGE_DURATIONS_MS: Readonly<Record<StageName, number>> = {
  queued: 1500,
  initialize: 2500,
  clone_repo: 1500,
  build: 24000,
  deploy: 4500
}

/** Everything the timeline depends on. */
export interface StagePlan {
  createdMs: number
  durations: Record<StageName, number>
  outcome: DeploymentOutcome
  failAt: StageName
}

/** When a stage runs and how it ends; `final: null` means the stage is never reached. */
export interface StageWindow {
  name: StageName
  startMs: number
  endMs: number
  final: StageStatus | null
}

/** Merges partial duration maps over a base, ignoring negative or non-finite values. */
export function mergeDurations(
  base: Readonly<Record<StageName, number>>,
  ...overrides: Array<Partial<Record<StageName, number>> | undefined>
): Record<StageName, number> {
  const merged = { ...base }
  for (const override of overrides) {
    for (const name of STAGE_NAMES) {
      const value = override?.[name]
      if (typeof value === 'number' && Number.isFinite(value) && value >= 0) merged[name] = value
    }
  }
  return merged
}

/** The fixed schedule of every stage. */
export function stageWindows(plan: StagePlan): StageWindow[] {
  const windows: StageWindow[] = []
  let t = plan.createdMs
  let stopped = false
  for (const name of STAGE_NAMES) {
    if (plan.outcome === 'skipped') {
      // A skipped deployment is done at once: queued succeeds, everything else is skipped.
      windows.push({ name, startMs: t, endMs: t, final: name === 'queued' ? 'success' : 'skipped' })
      continue
    }
    if (stopped) {
      windows.push({ name, startMs: t, endMs: t, final: null })
      continue
    }
    const endMs = t + plan.durations[name]
    let final: StageStatus = 'success'
    if (name === plan.failAt && plan.outcome === 'failure') final = 'failure'
    if (name === plan.failAt && plan.outcome === 'canceled') final = 'canceled'
    windows.push({ name, startMs: t, endMs, final })
    if (final !== 'success') stopped = true
    t = endMs
  }
  return windows
}

/** The stages as the API shows them at `now`. */
export function stagesAt(plan: StagePlan, now: number): Stage[] {
  return stageWindows(plan).map((w) => {
    if (w.final === null || now < w.startMs) return idle(w.name)
    if (w.final === 'skipped')
      return { name: w.name, started_on: null, ended_on: null, status: 'skipped' }
    if (now < w.endMs) {
      return { name: w.name, started_on: iso(w.startMs), ended_on: null, status: 'active' }
    }
    return { name: w.name, started_on: iso(w.startMs), ended_on: iso(w.endMs), status: w.final }
  })
}

/** The current or last stage reached: the last one that is not idle. */
export function latestStage(stages: Stage[]): Stage {
  const reached = stages.filter((s) => s.status !== 'idle')
  return reached[reached.length - 1] ?? stages[0] ?? idle('queued')
}

/** When the deployment finished (whatever the outcome). */
export function doneAtMs(plan: StagePlan): number {
  const windows = stageWindows(plan)
  const last = windows.filter((w) => w.final !== null).pop()
  return last?.endMs ?? plan.createdMs
}

/** When the deployment went live on its URL, or null if it never does. */
export function deployedAtMs(plan: StagePlan): number | null {
  if (plan.outcome !== 'success') return null
  return doneAtMs(plan)
}

/** Latest stage transition at or before `now`, for `modified_on`. */
export function lastChangeMs(plan: StagePlan, now: number): number {
  let latest = plan.createdMs
  for (const w of stageWindows(plan)) {
    if (w.final === null) continue
    if (w.startMs <= now) latest = Math.max(latest, w.startMs)
    if (w.endMs <= now) latest = Math.max(latest, w.endMs)
  }
  return latest
}

/** ISO 8601 timestamp as the API writes them. */
export function iso(ms: number): string {
  return new Date(ms).toISOString()
}

function idle(name: StageName): Stage {
  return { name, started_on: null, ended_on: null, status: 'idle' }
}
