/**
 * What each operation is asked to do: one type per operation, owned here by the operations
 * that read them and built by the settings layer from inputs (or flags, or a config file).
 */
import type { BranchSource, PullRequestFacts } from '../domain/branch-rule.js'
import type { PagesConfigFile } from '../config/wrangler-config.js'
import type { CleanupEnvironment } from '../domain/cleanup-policy.js'
import type { Environment } from '../cloudflare/types.js'
import type { VariableSetting } from '../domain/variables.js'
import type { SmokeCheck } from '../domain/smoke-checks.js'

/** A branch as asked for; `name` undefined means the project's production branch. */
export interface BranchRequest {
  name: string | undefined
  /** Where `name` came from, for the summary; `undefined` when it is not given. */
  source: BranchSource | undefined
}

/** Following a deployment to its end: deploy, wait and retry. */
export interface FollowSettings {
  waitTimeoutMs: number
  /** First polling interval; polling slows down from there while nothing changes. */
  pollIntervalMs: number
  /** A path requested on the new deployment once it succeeds; `undefined` skips the check. */
  healthCheck: { path: string; timeoutMs: number } | undefined
  /** `smoke-checks`: checks run instead of the health check; `undefined` when none are given. */
  smoke: SmokeSettings | undefined
  /** `smoke-headers`: sent with the smoke checks or the health check, to the deployment's hosts only. */
  siteHeaders: Record<string, string>
  /** Roll production back when a new production deployment fails its health check. */
  rollbackOnFailure: boolean
  /** Roll back even when another deployment went live meanwhile. */
  force: boolean
}

/** `smoke-checks`, each retried within `timeoutMs` (`health-check-timeout`). */
export interface SmokeSettings {
  checks: SmokeCheck[]
  timeoutMs: number
}

/** `verify-before-production` and `wait-for-checks`. */
export interface VerifySettings {
  /** Wait for every other check run and commit status of `commitHash` before production. */
  waitForChecks: { commitHash: string } | undefined
}

/** Direct Upload: `directory`, `commit-message`, `commit-dirty`. */
export interface UploadSettings {
  /** Absolute path of the folder. */
  directory: string
  commitMessage: string | undefined
  commitDirty: boolean
}

/** Starting a deployment through the API: deploy and trigger. */
export interface StartSettings {
  /** The project folder (`working-directory`): `functions/` and the wrangler config are there. */
  workingDirectory: string
  /** The checkout (GITHUB_WORKSPACE): the outer bound of what a Worker may be built from. */
  workspace: string
  /** `bundle`: whether `_worker.js` is bundled; `undefined` leaves it to the configuration. */
  bundle: boolean | undefined
  /** The wrangler configuration of the working directory, when it is a Pages one. */
  pagesConfig: PagesConfigFile | undefined
  /**
   * The configuration's `pages_build_output_dir`, uploaded when `directory` is not given and
   * the project is a Direct Upload project (a Git project keeps building from Git).
   */
  configUpload: UploadSettings | undefined
  branch: BranchRequest
  /** The commit recorded on a Direct Upload deployment. */
  commitHash: string | undefined
  /** A folder to upload; without it, Cloudflare builds the branch from Git. */
  upload: UploadSettings | undefined
  /** The event's pull request: its deployments must stay previews. */
  pullRequest: PullRequestFacts | undefined
  /** `create-project`: a missing project is created, as a Direct Upload one, first. */
  createProject: ProjectCreation | undefined
}

/** How a missing project is created (`create-project`, `production-branch`). */
export interface ProjectCreation {
  productionBranch: string
  /** `input`, the repository's default branch, or `main` for want of either. */
  productionBranchSource: 'input' | 'repository' | 'assumed'
}

/** Deleting deployments: cleanup and teardown-preview. */
export interface RemovalSettings {
  /** At most this many deletions per run. */
  maxDeletions: number
  /** Decide and report, delete nothing. */
  dryRun: boolean
  /** Delete aliased previews with `?force=true`. */
  force: boolean
  pullRequest: PullRequestFacts | undefined
}

export interface DeployTask {
  kind: 'deploy'
  start: StartSettings
  follow: FollowSettings
  /** `verify-before-production`: a preview of the same files is checked before production. */
  verify: VerifySettings | undefined
}
export interface TriggerTask {
  kind: 'trigger'
  start: StartSettings
}
/** trigger through `deploy-hook-url`. */
export interface HookTriggerTask {
  kind: 'trigger-hook'
  /** The validated hook URL (a secret). */
  hookUrl: string
}
export interface WaitTask {
  kind: 'wait'
  /** The deployment to wait for; without it, the Git build of `commitHash`. */
  deploymentId: string | undefined
  commitHash: string | undefined
  follow: FollowSettings
}
export interface RollbackTask {
  kind: 'rollback'
  /** The deployment to serve; without it, the one before the live one. */
  deploymentId: string | undefined
}
export interface LogsTask {
  kind: 'logs'
  deploymentId: string | undefined
}
export interface StatusTask {
  kind: 'status'
  deploymentId: string | undefined
}
export interface RetryTask {
  kind: 'retry'
  deploymentId: string
  follow: FollowSettings
}
export interface CleanupTask extends RemovalSettings {
  kind: 'cleanup'
  /** The newest this many deployments of each environment are kept. */
  keepLatest: number
  /** Only deployments older than this are deleted; `undefined`: any age. */
  olderThanMs: number | undefined
  environment: CleanupEnvironment
  /** Only this branch's deployments; `name` undefined: every branch. */
  branch: BranchRequest
}
export interface TeardownTask extends RemovalSettings {
  kind: 'teardown-preview'
  branch: { name: string; source: BranchSource }
}
export interface ProjectTask {
  kind: 'project'
  /** `production-branch`: the branch the project's production deployments come from from now on. */
  productionBranch: string | undefined
  /** Say what would change, change nothing. */
  dryRun: boolean
}
/** `secrets`, `vars` and `delete-secrets` for one environment of the project. */
export interface SecretsTask {
  kind: 'secrets'
  environment: Environment
  /** Variables to set, secrets first, each in its input's order. */
  set: VariableSetting[]
  /** Names of variables to delete. */
  remove: string[]
  dryRun: boolean
}
export interface DomainsTask {
  kind: 'domains'
  /** Fail when a custom domain is not `active`. */
  failOnInactiveDomain: boolean
}

/** Every task that talks to the API with the account's credentials. */
export type ApiTask =
  | DeployTask
  | TriggerTask
  | WaitTask
  | RollbackTask
  | LogsTask
  | StatusTask
  | RetryTask
  | CleanupTask
  | TeardownTask
  | ProjectTask
  | SecretsTask
  | DomainsTask
