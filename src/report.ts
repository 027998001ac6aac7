import type { Deployment, Project } from './cloudflare/types.js'
import type { Operation } from './inputs.js'

/** The health check made on a fresh deployment. */
export interface HealthCheckResult {
  url: string
  passed: boolean
  /** Last HTTP status seen, 0 when no response arrived. */
  status: number
  attempts: number
  detail: string
}

/** A rollback of production that pages-pilot made or attempted. */
export interface RollbackRecord {
  /** The deployment production was rolled back from. */
  fromDeploymentId: string | undefined
  /** The deployment production serves again. */
  toDeploymentId: string
  reason: string
  /** Whether the project was re-read and serves `toDeploymentId`. */
  verified: boolean
}

/**
 * What a run did and found, filled in by the operation step by step. Outputs and the job
 * summary are written from it even when the run fails or is cancelled half-way.
 */
export interface Report {
  operation: Operation | undefined
  projectName: string | undefined
  project: Project | undefined
  /** The deployment the run is about (created, waited for, read or rolled back to). */
  deployment: Deployment | undefined
  /** Final or live status; see `status` in action.yml. */
  status: string | undefined
  /** What production served when the run began. */
  previousDeploymentId: string | undefined
  rollback: RollbackRecord | undefined
  healthCheck: HealthCheckResult | undefined
  logsFile: string | undefined
  /** Last lines of the build log, kept for the summary when a build failed. */
  logTail: string[]
  /** Why the run failed; `undefined` when it succeeded. */
  failure: string | undefined
  /** Things worth telling the reader that are not failures. */
  notes: string[]
  startedAt: number
}

export function newReport(startedAt: number): Report {
  return {
    operation: undefined,
    projectName: undefined,
    project: undefined,
    deployment: undefined,
    status: undefined,
    previousDeploymentId: undefined,
    rollback: undefined,
    healthCheck: undefined,
    logsFile: undefined,
    logTail: [],
    failure: undefined,
    notes: [],
    startedAt
  }
}
