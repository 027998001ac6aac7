/**
 * Reads every input once, validates it, and builds the settings of the chosen operation. All
 * problems are collected and thrown together, each naming its input and the fix.
 */
import { realpathSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseDeployHookUrl } from '../cloudflare/deploy-hook.js'
import { deploysForkCode, type BranchSource } from '../domain/branch-rule.js'
import { commitMessageForCloudflare } from '../domain/commit-message.js'
import { CLEANUP_ENVIRONMENTS } from '../domain/cleanup-terms.js'
import { OPERATIONS, type Operation } from '../operations/names.js'
import type {
  ApiTask,
  BranchRequest,
  FollowSettings,
  ProjectCreation,
  SmokeSettings,
  StartSettings,
  UploadSettings,
  VerifySettings
} from '../operations/settings.js'
import { parseSmokeChecks, parseSmokeHeaders } from '../domain/smoke-checks.js'
import { parseDuration } from '../util/duration.js'
import { byDialect, input, workspaceName } from '../util/input-names.js'
import { registerSecret } from '../util/secrets.js'
import { READS_CHECKOUT } from './checkout-defaults.js'
import { credentialsGiven, readAccountId, readApiBaseUrl, readCredentials } from './credentials.js'
import {
  clip,
  InputError,
  isBranchName,
  optional,
  Problems,
  readBoolean,
  readChoice,
  readCount,
  readBranchInput,
  readDuration,
  type InputSource
} from './fields.js'
import type { ApiSettings, GitHubSettings, InputDefaults, Settings } from './settings.js'
import { readSecretsTask } from './variables.js'

export { InputError, type InputSource } from './fields.js'

const PROJECT_NAME = /^[a-z0-9][a-z0-9-]*$/
const DEPLOYMENT_ID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i
const COMMIT_HASH = /^[0-9a-f]{7,64}$/i
/** The operations that read `environment`. */
const USES_ENVIRONMENT: ReadonlySet<Operation> = new Set(['cleanup', 'secrets'])
/** The operations that follow a deployment and may roll production back after it. */
const ROLL_BACK_ON_FAILURE: ReadonlySet<Operation> = new Set(['deploy', 'retry', 'wait'])

/** Reads and validates all inputs; throws {@link InputError} listing every problem. */
export function readSettings(
  defaults: InputDefaults,
  env: NodeJS.ProcessEnv,
  read: InputSource
): Settings {
  const problems = new Problems()
  const warnings: string[] = []
  const notices: string[] = []

  const operation = readChoice<Operation>(
    read,
    'operation',
    OPERATIONS,
    'deploy',
    problems,
    `is not an operation. Use one of: ${OPERATIONS.join(', ')}.`
  )

  // Read first and masked at once, like the credentials: the hook id is the hook's secret.
  const deployHookText = optional(read('deploy-hook-url'))
  if (deployHookText !== undefined) registerSecret(deployHookText)
  // A deploy hook needs neither credentials nor an account id: its URL is its credential.
  const hookOnly =
    deployHookText !== undefined &&
    !credentialsGiven(read, env) &&
    !(read('account-id') || env.CLOUDFLARE_ACCOUNT_ID)
  const credentials = hookOnly ? undefined : readCredentials(read, env, problems, warnings)
  const accountId = hookOnly ? undefined : readAccountId(read, env, problems)
  const apiBaseUrl = readApiBaseUrl(env, problems)

  const projectName = read('project-name').trim() || (defaults.pagesConfig?.name ?? '')
  if (!projectName) {
    problems.add(
      `${input('project-name')}: required. Give the Pages project name as it appears in its *.pages.dev URL, or set name (with pages_build_output_dir) in wrangler.toml of ${input('working-directory')}.`
    )
  } else if (!PROJECT_NAME.test(projectName) || projectName.length > 58) {
    problems.add(
      `${input('project-name')}: '${clip(projectName)}' is not a Pages project name; use lowercase letters, digits and dashes, starting with a letter or digit (at most 58 characters).`
    )
  }

  const deploymentId = optional(read('deployment-id'))?.toLowerCase()
  if (deploymentId !== undefined && !DEPLOYMENT_ID.test(deploymentId)) {
    problems.add(
      `${input('deployment-id')}: '${clip(deploymentId)}' is not a deployment id; expected the full UUID (for example 3f1c2a9e-5b7d-4c1e-9a0b-2d4e6f8a1b3c), as the deployment-id output of an earlier step gives it.`
    )
  }

  const branchInput = readBranchInput(
    read,
    'branch',
    problems,
    notices,
    "the pull request's or the pushed branch, and on a tag push the production branch"
  )

  const commitInput = optional(read('commit-hash'))
  if (commitInput !== undefined && !COMMIT_HASH.test(commitInput)) {
    problems.add(
      `${input('commit-hash')}: '${clip(commitInput)}' is not a commit SHA; expected 7 to 40 hexadecimal characters (64 for SHA-256 repositories).`
    )
  }
  const commitHash = (
    commitInput ?? (READS_CHECKOUT.has(operation) ? defaults.headSha : undefined)
  )?.toLowerCase()

  const waitTimeoutMs = readDuration(read, 'wait-timeout', '20m', 1_000, 6 * 3_600_000, problems)
  const pollIntervalMs = readDuration(read, 'poll-interval', '2s', 100, 300_000, problems)
  const healthCheckTimeoutMs = readDuration(
    read,
    'health-check-timeout',
    '60s',
    1_000,
    3_600_000,
    problems
  )
  const requestTimeoutMs = readDuration(read, 'request-timeout', '30s', 500, 600_000, problems)

  const healthCheckPath = optional(read('health-check-path'))
  if (healthCheckPath !== undefined && !/^\/[^\s]*$/.test(healthCheckPath)) {
    problems.add(
      `${input('health-check-path')}: '${clip(healthCheckPath)}' must be a path on the deployment starting with '/', such as /healthz.`
    )
  }

  const smoke = readSmokeChecks(read, healthCheckTimeoutMs, problems)
  if (smoke && healthCheckPath !== undefined) {
    problems.add(
      `${input('health-check-path')}: ${input('health-check-path')} is the one-check form of ${input('smoke-checks')}; give one of the two, adding ${clip(healthCheckPath)} as a line of ${input('smoke-checks')}.`
    )
  }
  const siteHeaders = readSiteHeaders(
    read,
    smoke !== undefined || healthCheckPath !== undefined,
    problems
  )

  const rollbackOnFailure = readBoolean(read, 'rollback-on-failure', false, problems)
  if (
    rollbackOnFailure &&
    ROLL_BACK_ON_FAILURE.has(operation) &&
    smoke === undefined &&
    healthCheckPath === undefined
  ) {
    warnings.push(
      `${input('rollback-on-failure', 'true')} rolls production back only when a new production deployment fails its smoke checks or health check, and neither is given, so nothing would ever be rolled back (a failed build never goes live). Add ${input('smoke-checks')} (such as / 200) or ${input('health-check-path')} (such as /healthz).`
    )
  }
  const failOnError = readBoolean(read, 'fail-on-error', true, problems)
  const jobSummary = readBoolean(read, 'job-summary', true, problems)

  const keepLatest = readCount(read, 'keep-latest', 10, 1, 1_000, problems)
  const maxDeletions = readCount(read, 'max-deletions', 100, 1, 10_000, problems)
  const olderThanText = optional(read('older-than'))
  const olderThanMs =
    olderThanText === undefined
      ? undefined
      : readDuration(read, 'older-than', olderThanText, 60_000, 3_650 * 86_400_000, problems)
  // cleanup and secrets each read `environment` their own way; it means nothing elsewhere.
  if (optional(read('environment')) !== undefined && !USES_ENVIRONMENT.has(operation)) {
    problems.add(
      `${input('environment')}: only operations cleanup (which deployments to delete) and secrets (whose variables to set) use it; remove it for ${operation}.`
    )
  }
  const environment =
    operation === 'cleanup'
      ? readChoice(
          read,
          'environment',
          CLEANUP_ENVIRONMENTS,
          'preview',
          problems,
          'is not an environment to clean up. Use preview, production or all.'
        )
      : 'preview'
  const dryRun = readBoolean(read, 'dry-run', false, problems)
  const secretsTask = readSecretsTask(read, operation, dryRun, problems)
  // Tearing down a closed branch means its aliased newest preview too, unless told otherwise.
  const force = readBoolean(read, 'force', operation === 'teardown-preview', problems)
  const failOnInactiveDomain = readBoolean(read, 'fail-on-inactive-domain', false, problems)

  const branch = defaultBranch(operation, branchInput, defaults)

  let hookUrl: string | undefined
  if (deployHookText !== undefined) {
    if (operation !== 'trigger') {
      problems.add(
        `${input('deploy-hook-url')}: only operation trigger uses a deploy hook; remove it or use ${input('operation', 'trigger')}.`
      )
    }
    const parsed = parseDeployHookUrl(deployHookText, apiBaseUrl)
    if (typeof parsed === 'string') problems.add(`${input('deploy-hook-url')}: ${parsed}`)
    else {
      registerSecret(parsed.hookId)
      hookUrl = parsed.url
    }
    if (branchInput !== undefined) {
      problems.add(
        `${input('branch')}: a deploy hook always builds the branch it was created for; leave ${input('branch')} out with ${input('deploy-hook-url')}, or create a hook for that branch.`
      )
    }
  }

  const workingDirectory = readWorkingDirectory(read, operation, defaults, problems)
  const bundleText = optional(read('bundle'))
  const bundle = bundleText === undefined ? undefined : readBoolean(read, 'bundle', true, problems)
  const commitDirty = readBoolean(read, 'commit-dirty', false, problems)
  const upload = readUpload(read, operation, workingDirectory, defaults, commitDirty, problems)
  const deploying = operation === 'deploy' || operation === 'trigger'
  const configUpload =
    deploying && defaults.pagesConfig && deployHookText === undefined
      ? commitOf(read, defaults, defaults.pagesConfig.outputDir, commitDirty)
      : undefined
  if ((upload || configUpload) && deploysForkCode(defaults.pullRequest)) {
    refuseWorkspaceRoot(workingDirectory, defaults, problems)
  }
  if (upload && deployHookText !== undefined) {
    problems.add(
      `${input('directory')}: a deploy hook builds from Git; use either ${input('directory')} or ${input('deploy-hook-url')}.`
    )
  }
  const productionBranch = readBranchInput(read, 'production-branch', problems, notices)
  const createProject = readProjectCreation(read, operation, defaults, problems, productionBranch, {
    folder: upload !== undefined || configUpload !== undefined,
    hook: deployHookText !== undefined
  })
  const rateShare = readRateShare(read, problems)
  const github = readGitHub(read, problems)
  // A fork's workflow_run names no pull request: the number given is that pull request's.
  const pullRequest =
    defaults.pullRequest &&
    defaults.pullRequest.number === undefined &&
    github.pullRequestNumber !== undefined
      ? { ...defaults.pullRequest, number: github.pullRequestNumber }
      : defaults.pullRequest
  const verify = readVerify(read, operation, problems, {
    folder: upload !== undefined || configUpload !== undefined,
    checked: smoke !== undefined || healthCheckPath !== undefined,
    waitForChecks: github.waitForChecks,
    commitHash
  })

  const api: ApiSettings | undefined =
    credentials && accountId !== undefined
      ? { credentials, accountId, baseUrl: apiBaseUrl, rateShare }
      : undefined
  const follow: FollowSettings = {
    waitTimeoutMs,
    pollIntervalMs,
    healthCheck:
      healthCheckPath === undefined
        ? undefined
        : { path: healthCheckPath, timeoutMs: healthCheckTimeoutMs },
    smoke,
    siteHeaders,
    rollbackOnFailure,
    force
  }
  const start: StartSettings = {
    workingDirectory,
    workspace: defaults.workspace ?? process.cwd(),
    bundle,
    pagesConfig: defaults.pagesConfig,
    configUpload,
    branch,
    commitHash,
    upload,
    pullRequest,
    createProject
  }
  const removal = { maxDeletions, dryRun, force, pullRequest }

  /** The operation's task; `undefined` once a problem says why it cannot be built. */
  const task = ((): ApiTask | undefined => {
    switch (operation) {
      case 'deploy':
        return { kind: 'deploy', start, follow, verify }
      case 'trigger':
        return { kind: 'trigger', start }
      case 'wait':
        return { kind: 'wait', deploymentId, commitHash, follow }
      case 'rollback':
      case 'logs':
      case 'status':
        return { kind: operation, deploymentId }
      case 'retry':
        if (deploymentId === undefined) {
          return problems.add(
            `${input('deployment-id')}: required for operation retry. Pass the id of the deployment to retry.`
          )
        }
        return { kind: 'retry', deploymentId, follow }
      case 'cleanup':
        return { kind: 'cleanup', keepLatest, olderThanMs, environment, branch, ...removal }
      case 'teardown-preview':
        if (branch.name === undefined) {
          return problems.add(
            `${input('branch')}: required for operation teardown-preview, and no pull request head branch was found in the workflow context. Run it on pull_request: closed, or pass the branch whose previews to delete.`
          )
        }
        return {
          kind: 'teardown-preview',
          branch: { name: branch.name, source: branch.source ?? 'input' },
          ...removal
        }
      case 'project':
        return { kind: 'project', productionBranch, dryRun }
      case 'secrets':
        return secretsTask
      case 'domains':
        return { kind: 'domains', failOnInactiveDomain }
    }
  })()

  let job: Settings['job'] | undefined
  if (hookUrl !== undefined) job = { via: 'hook', api, task: { kind: 'trigger-hook', hookUrl } }
  else if (api && task) job = { via: 'api', api, task }
  // Without a problem, one of the two is always built: credentials are read unless a hook is given.
  if (problems.list.length > 0 || !job) throw new InputError(problems.list)
  return {
    operation,
    projectName,
    failOnError,
    jobSummary,
    requestTimeoutMs,
    github,
    warnings,
    notices,
    job
  }
}

/**
 * The branch an operation acts on: the input, or for deploy and trigger the event's branch
 * (a merged pull request's base), for teardown-preview the pull request's head branch.
 */
function defaultBranch(
  operation: Operation,
  input: string | undefined,
  defaults: InputDefaults
): BranchRequest {
  if (input !== undefined) return { name: input, source: 'input' }
  const deploying = operation === 'deploy' || operation === 'trigger'
  if (!deploying && operation !== 'teardown-preview') return { name: undefined, source: undefined }
  const name = deploying && 'deployBranch' in defaults ? defaults.deployBranch : defaults.headBranch
  const source: BranchSource | undefined =
    name === undefined
      ? undefined
      : ((deploying ? defaults.deployBranchSource : defaults.headBranchSource) ?? 'pushed')
  return { name, source }
}

/**
 * `working-directory`, resolved against the workspace: where the project lives in a monorepo.
 * It must be a folder when a deployment reads from it.
 */
function readWorkingDirectory(
  read: InputSource,
  operation: Operation,
  defaults: InputDefaults,
  problems: Problems
): string {
  const text = read('working-directory').trim() || '.'
  const workspace = defaults.workspace ?? process.cwd()
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(text) || text.length > 4096) {
    problems.add(`${input('working-directory')}: '${clip(text)}' is not a usable path.`)
    return workspace
  }
  const directory = resolve(workspace, text)
  if ((operation === 'deploy' || operation === 'trigger') && !isDirectory(directory)) {
    problems.add(
      `${input('working-directory')}: '${clip(text)}' is not a folder (${clip(directory)}). Give the project's folder relative to ${workspaceName()}, such as apps/site.`
    )
  }
  return directory
}

/**
 * A fork's files never share a folder with the runner's: other steps leave credentials at the
 * workspace root (google-github-actions/auth writes gha-creds-*.json there), and a Worker
 * built from the working directory may import anything in it.
 */
function refuseWorkspaceRoot(
  workingDirectory: string,
  defaults: InputDefaults,
  problems: Problems
): void {
  const root = defaults.workspace ?? process.cwd()
  if (realOrSelf(workingDirectory) !== realOrSelf(root)) return
  const number = defaults.pullRequest?.number
  problems.add(
    `${input('working-directory')}: this run deploys the code of a fork's pull request${number === undefined ? '' : ` (#${number})`}, and ${input('working-directory')} is the workspace root (${clip(root)}), where other steps leave credentials (google-github-actions/auth writes gha-creds-*.json there). Download the fork's artifact into a folder of its own and name it, e.g. ${input('working-directory', 'site')} with ${input('directory', '.')} (docs/workflows.md, "Previews of pull requests from forks").`
  )
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(path)
  } catch {
    return resolve(path)
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

function readUpload(
  read: InputSource,
  operation: Operation,
  workingDirectory: string,
  defaults: InputDefaults,
  commitDirty: boolean,
  problems: Problems
): UploadSettings | undefined {
  const text = optional(read('directory'))
  if (text === undefined) return undefined
  if (operation !== 'deploy' && operation !== 'trigger') {
    return problems.add(
      `${input('directory')}: only operations deploy and trigger upload a folder; remove it for ${operation}.`
    )
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(text) || text.length > 4096) {
    return problems.add(`${input('directory')}: '${clip(text)}' is not a usable path.`)
  }
  return commitOf(read, defaults, resolve(workingDirectory, text), commitDirty)
}

/** A folder to upload, with the commit fields its deployment records. */
function commitOf(
  read: InputSource,
  defaults: InputDefaults,
  directory: string,
  commitDirty: boolean
): UploadSettings {
  const message = optional(read('commit-message')) ?? defaults.commitMessage
  return {
    directory,
    commitMessage: message === undefined ? undefined : commitMessageForCloudflare(message),
    commitDirty
  }
}

/**
 * `create-project` and `production-branch`: a missing project is created before the first
 * deployment. It is a Direct Upload project, so there must be a folder to upload. (With
 * operation project, `production-branch` changes an existing project's instead.)
 */
function readProjectCreation(
  read: InputSource,
  operation: Operation,
  defaults: InputDefaults,
  problems: Problems,
  branch: string | undefined,
  run: { folder: boolean; hook: boolean }
): ProjectCreation | undefined {
  const create = readBoolean(read, 'create-project', false, problems)
  if (!create) {
    if (optional(read('production-branch')) !== undefined && operation !== 'project') {
      problems.add(
        `${input('production-branch')}: used with ${input('create-project', 'true')} (the production branch of the project it creates) or with ${input('operation', 'project')} (to change an existing project's); remove it, or set one of them.`
      )
    }
    return undefined
  }
  if (operation !== 'deploy' && operation !== 'trigger') {
    return problems.add(
      `${input('create-project')}: only operations deploy and trigger create a project; remove it for ${operation}.`
    )
  }
  if (run.hook) {
    return problems.add(
      `${input('create-project')}: a deploy hook belongs to a project that exists; use either ${input('create-project')} or ${input('deploy-hook-url')}.`
    )
  }
  if (!run.folder) {
    return problems.add(
      `${input('create-project')}: the project it creates is a Direct Upload project, which deploys a built folder: set ${input('directory')} (or pages_build_output_dir in the wrangler configuration). A project that Cloudflare builds from Git is connected to its repository in the Cloudflare dashboard.`
    )
  }
  if (branch !== undefined) return { productionBranch: branch, productionBranchSource: 'input' }
  if (defaults.defaultBranch !== undefined && isBranchName(defaults.defaultBranch)) {
    return { productionBranch: defaults.defaultBranch, productionBranchSource: 'repository' }
  }
  return { productionBranch: 'main', productionBranchSource: 'assumed' }
}

/** `api-rate-limit`: requests per window, like `300/5m`. */
function readRateShare(read: InputSource, problems: Problems): { limit: number; windowMs: number } {
  const text = read('api-rate-limit').trim() || '300/5m'
  const match = /^(\d+)\s*\/\s*(\S+)$/.exec(text)
  const limit = Number(match?.[1])
  const windowMs = match?.[2] ? parseDuration(match[2]) : undefined
  if (
    !match ||
    windowMs === undefined ||
    limit < 1 ||
    limit > 1_200 ||
    windowMs < 1_000 ||
    windowMs > 3_600_000
  ) {
    problems.add(
      `${input('api-rate-limit')}: '${clip(text)}' is not a request rate; write requests per window, like 300/5m (at most 1200, the account's limit per 5 minutes).`
    )
    return { limit: 300, windowMs: 300_000 }
  }
  return { limit, windowMs }
}

function readGitHub(read: InputSource, problems: Problems): GitHubSettings {
  const deployment = readBoolean(read, 'github-deployment', false, problems)
  const comment = readBoolean(read, 'comment-on-pr', false, problems)
  const commitStatus = readBoolean(read, 'commit-status', false, problems)
  const environment = optional(read('github-environment'))
  // Control characters are exactly what this rejects.
  // eslint-disable-next-line no-control-regex
  const controlCharacter = /[\u0000-\u001f\u007f]/
  if (
    environment !== undefined &&
    (environment.length > 255 || controlCharacter.test(environment))
  ) {
    problems.add(`${input('github-environment')}: must be a single line of at most 255 characters.`)
  }
  const numberText = optional(read('pull-request-number'))
  let pullRequestNumber: number | undefined
  if (numberText !== undefined) {
    pullRequestNumber = Number(numberText.replace(/^#/, ''))
    if (!/^#?[1-9]\d{0,9}$/.test(numberText) || pullRequestNumber > 2 ** 31 - 1) {
      pullRequestNumber = undefined
      problems.add(
        `${input('pull-request-number')}: '${clip(numberText)}' is not a pull request number; give the number alone, such as 42 (in a workflow_run, the output of the step that finds the pull request: docs/workflows.md, "Previews of pull requests from forks").`
      )
    }
  }
  const waitForChecks = readBoolean(read, 'wait-for-checks', false, problems)
  const wanted = deployment || comment || commitStatus || waitForChecks
  const token = wanted ? read('github-token').trim() || undefined : undefined
  if (token) registerSecret(token)
  if (wanted && !token) {
    problems.add(
      `${input('github-token')}: required by ${input('github-deployment')}, ${input('comment-on-pr')}, ${input('commit-status')} and ${input('wait-for-checks')}, and it is empty. ${byDialect({ action: 'Leave it at its default (${{ github.token }}) or pass a token.', cli: "Set GITHUB_TOKEN in the step's environment (`GITHUB_TOKEN: ${{ github.token }}`) or pass --github-token." })}`
    )
  }
  return {
    token,
    deployment,
    environment,
    comment,
    commitStatus,
    pullRequestNumber,
    waitForChecks
  }
}

/** `smoke-checks`: every line a check; an invalid line is refused, named by its number. */
function readSmokeChecks(
  read: InputSource,
  timeoutMs: number,
  problems: Problems
): SmokeSettings | undefined {
  const text = read('smoke-checks')
  if (text.trim() === '') return undefined
  const parsed = parseSmokeChecks(text)
  for (const problem of parsed.problems) {
    problems.add(
      `${input('smoke-checks')}: line ${problem.lineNumber} ('${clip(problem.line)}'): ${problem.message}`
    )
  }
  if (parsed.checks.length > 100) {
    problems.add(
      `${input('smoke-checks')}: ${parsed.checks.length} checks; at most 100 are run, so keep the list to the pages that matter.`
    )
  }
  if (parsed.checks.length === 0 && parsed.problems.length === 0) {
    problems.add(`${input('smoke-checks')}: only comments; give at least one check, such as / 200.`)
  }
  return { checks: parsed.checks, timeoutMs }
}

/**
 * `smoke-headers`: every value is masked at once (an Access service token's secret), and no
 * message repeats a line.
 */
function readSiteHeaders(
  read: InputSource,
  checked: boolean,
  problems: Problems
): Record<string, string> {
  const text = read('smoke-headers')
  if (text.trim() === '') return {}
  const parsed = parseSmokeHeaders(text)
  for (const value of Object.values(parsed.headers)) registerSecret(value)
  for (const problem of parsed.problems) {
    problems.add(`${input('smoke-headers')}: line ${problem.lineNumber} ${problem.message}`)
  }
  if (!checked) {
    problems.add(
      `${input('smoke-headers')}: sent only with ${input('smoke-checks')} or the health check, and neither is given; add ${input('smoke-checks')} (or ${input('health-check-path')}), or remove ${input('smoke-headers')}.`
    )
  }
  return parsed.headers
}

/** `verify-before-production` and `wait-for-checks`. */
function readVerify(
  read: InputSource,
  operation: Operation,
  problems: Problems,
  run: { folder: boolean; checked: boolean; waitForChecks: boolean; commitHash: string | undefined }
): VerifySettings | undefined {
  const verify = readBoolean(read, 'verify-before-production', false, problems)
  if (!verify) {
    if (run.waitForChecks) {
      problems.add(
        `${input('wait-for-checks')}: waits between the verified preview and production, so it needs ${input('verify-before-production', 'true')}; set it, or remove ${input('wait-for-checks')}.`
      )
    }
    return undefined
  }
  if (operation !== 'deploy') {
    return problems.add(
      `${input('verify-before-production')}: only operation deploy verifies a preview before production; remove it for ${operation}.`
    )
  }
  if (!run.folder) {
    problems.add(
      `${input('verify-before-production')}: production is created from the files the verified preview uploaded, so it needs a folder to upload: set ${input('directory')} (or pages_build_output_dir in the wrangler configuration). A project Cloudflare builds from Git builds each branch anew.`
    )
  }
  if (!run.checked) {
    problems.add(
      `${input('verify-before-production')}: the preview is verified by ${input('smoke-checks')} or the health check, and neither is given; add ${input('smoke-checks')} (or ${input('health-check-path')}).`
    )
  }
  if (run.waitForChecks && run.commitHash === undefined) {
    problems.add(
      `${input('wait-for-checks')}: no commit to read the checks of; pass ${input('commit-hash')}, or run on a push or pull_request event.`
    )
  }
  return {
    waitForChecks:
      run.waitForChecks && run.commitHash !== undefined ? { commitHash: run.commitHash } : undefined
  }
}
