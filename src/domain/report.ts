import type { KeepReason } from './cleanup-policy.js'
import type { Deployment, Domain, Project } from '../cloudflare/types.js'
import type { HealthCheckResult } from './health-check.js'
import type { BranchChoice } from './branch-rule.js'
import type { VariableChange } from './variables.js'
import type { AliasPrediction } from './branch-alias.js'
import type { SmokeResult } from './smoke-checks.js'
import type { ChecksVerdict } from './commit-checks.js'
import type { SpecialFileFinding } from './special-files.js'

/** The smoke checks run on one deployment. */
export interface SmokeRecord {
  deploymentId: string
  /** The deployment URL the paths were joined to. */
  url: string
  results: SmokeResult[]
  passed: boolean
}

/** `verify-before-production`: the preview checked before production was created. */
export interface VerificationRecord {
  /** The branch of the preview: {@link VERIFY_BRANCH}. */
  branch: string
  deploymentId: string
  url: string
  passed: boolean
  /** The checks run on it (the health check is one check of the health-check path). */
  smoke: SmokeRecord | undefined
  healthCheck: HealthCheckResult | undefined
  /** Why it did not pass, when it did not. */
  failure: string | undefined
}

/** A rollback of production that pages-pilot made or attempted. */
export interface RollbackRecord {
  /** The deployment production was rolled back from. */
  fromDeploymentId: string | undefined
  /** The deployment production serves again. */
  toDeploymentId: string
  /** Its URL, for links in the summary and on GitHub. */
  toUrl: string
  reason: string
  /** Whether the project was re-read and serves `toDeploymentId`. */
  verified: boolean
}

/** What a Direct Upload sent. */
export interface UploadRecord {
  /** Files in the manifest. */
  found: number
  /** Files sent because Cloudflare did not have them. */
  uploaded: number
  /** Files Cloudflare already had. */
  alreadyUploaded: number
  bytesUploaded: number
  /** Size of every file of the folder. */
  bytesTotal: number
  specialFiles: string[]
  durationMs: number
  /** The Worker deployed with the assets, when the project has one. */
  worker: WorkerRecord | undefined
}

/** A Worker built for a Direct Upload: Pages Functions, or a `_worker.js` (advanced mode). */
export interface WorkerRecord {
  kind: 'functions' | 'advanced'
  /** Functions routes. */
  routes: number | undefined
  modules: number
  bytes: number
  gzipBytes: number
  /** `_routes.json` sent: the output folder's own, or generated from the routes. */
  routesJson: 'custom' | 'generated' | undefined
  /** How esbuild was had, when a build needed it. */
  bundler: { source: string; durationMs: number; downloadedBytes: number } | undefined
  buildMs: number
}

/** One deployment a cleanup deleted or kept, with the facts the summary shows. */
export interface CleanupEntry {
  id: string
  environment: string
  branch: string
  createdOn: string
  /** Why it was deleted, or why it was kept. */
  why: string
}

/** A deployment a cleanup kept, with the reason code used to group them. */
export interface KeptEntry extends CleanupEntry {
  reason: KeepReason
}

/** What `cleanup` or `teardown-preview` did. */
export interface CleanupRecord {
  dryRun: boolean
  /** The branch whose previews a teardown deleted, or the cleanup's branch filter. */
  branch: string | undefined
  /** Deployments listed and decided on. */
  examined: number
  /** Deleted, or in a dry run, the ones that would be. Oldest first. */
  deleted: CleanupEntry[]
  /** Everything else examined, newest first, each with its reason. */
  kept: KeptEntry[]
  /** Deletes that failed; these deployments are also in `kept` (reason delete-failed). */
  failed: Array<{ id: string; error: string }>
}

/** What `secrets` did to one environment's variables: names and kinds, never a value. */
export interface VariablesRecord {
  environment: string
  dryRun: boolean
  changes: VariableChange[]
  /** Whether there is a change to send (in a dry run: would have been). */
  changed: boolean
  /** The change was sent and its answer has not come (yet): it may have taken effect. */
  pending: boolean
}

/** `production-branch` with operation project. */
export interface ProductionBranchRecord {
  from: string
  to: string
  dryRun: boolean
  /** Whether the branch was changed (false when it already was `to`, or in a dry run). */
  changed: boolean
  /** The change was sent and its answer has not come (yet): it may have taken effect. */
  pending: boolean
}

/** A deploy hook this run POSTed to. */
export interface DeployHookRecord {
  /** The deployment the hook created, when Cloudflare said. */
  deploymentId: string | undefined
}

/** A deployment being created: by which request, of which branch and commit, since when. */
export interface CreationRequest {
  project: string
  branch: string
  commitHash: string | undefined
  /** `created_on` of the newest deployment before the request, or 0. */
  afterMs: number
}

/**
 * What a run did and found, filled in by the operation step by step. Outputs and the job
 * summary are written from it even when the run fails or is cancelled half-way.
 */
export interface Report {
  /** The operation as the user named it. */
  operation: string | undefined
  projectName: string | undefined
  project: Project | undefined
  /** `create-project`: this run created the project. */
  projectCreated: boolean
  /** The deployment the run is about (created, waited for, read or rolled back to). */
  deployment: Deployment | undefined
  /** Final or live status; see `status` in action.yml. */
  status: string | undefined
  /** What production served when the run began. */
  previousDeploymentId: string | undefined
  /** The branch deployed, torn down or cleaned up, and why that one. */
  branchChoice: BranchChoice | undefined
  rollback: RollbackRecord | undefined
  /** A rollback request sent and not yet answered: its target. Cleared once Cloudflare accepts it. */
  rollbackRequested: string | undefined
  /**
   * A request that creates a deployment, sent and not yet answered: what it creates. A run
   * cancelled meanwhile looks the deployment up, so that it does not go unreported.
   */
  creating: CreationRequest | undefined
  /** Set by deploy/trigger with `directory`. */
  upload: UploadRecord | undefined
  healthCheck: HealthCheckResult | undefined
  /** The smoke checks of the deployment the run is about. */
  smoke: SmokeRecord | undefined
  verification: VerificationRecord | undefined
  /** `wait-for-checks`: the other checks of the commit, as last read. */
  commitChecks: ChecksVerdict | undefined
  /** What Cloudflare would drop from `_redirects` and `_headers`. */
  specialFileFindings: SpecialFileFinding[]
  logsFile: string | undefined
  /** Last lines of the build log, kept for the summary when a build failed. */
  logTail: string[]
  /** The first lines of a failed build's log that say what went wrong, at most 3. */
  firstErrorLines: string[]
  /** The deployment's address as computed from its branch before the build (deploy, trigger). */
  predictedAlias: AliasPrediction | undefined
  /** Why the run failed; `undefined` when it succeeded. */
  failure: string | undefined
  /** Things worth telling the reader that are not failures. */
  notes: string[]
  /** cleanup and teardown-preview. */
  cleanup: CleanupRecord | undefined
  /** domains: the project's custom domains. */
  domains: Domain[] | undefined
  /** trigger through `deploy-hook-url`. */
  deployHook: DeployHookRecord | undefined
  /** secrets: the variables set, replaced, deleted or left as they were. */
  variables: VariablesRecord | undefined
  /** project with `production-branch`. */
  productionBranch: ProductionBranchRecord | undefined
  /** The Cloudflare account, for links to the dashboard. */
  accountId: string | undefined
  /**
   * Earlier deployments of the same environment as `deployment`, newest first (up to 20, from
   * one page of the list), for the build-time chart of the summary.
   */
  history: Deployment[] | undefined
  startedAt: number
}

export function newReport(startedAt: number): Report {
  return {
    operation: undefined,
    projectName: undefined,
    project: undefined,
    projectCreated: false,
    deployment: undefined,
    status: undefined,
    previousDeploymentId: undefined,
    branchChoice: undefined,
    rollback: undefined,
    rollbackRequested: undefined,
    creating: undefined,
    upload: undefined,
    healthCheck: undefined,
    smoke: undefined,
    verification: undefined,
    commitChecks: undefined,
    specialFileFindings: [],
    logsFile: undefined,
    logTail: [],
    firstErrorLines: [],
    predictedAlias: undefined,
    failure: undefined,
    notes: [],
    cleanup: undefined,
    domains: undefined,
    deployHook: undefined,
    variables: undefined,
    productionBranch: undefined,
    accountId: undefined,
    history: undefined,
    startedAt
  }
}
