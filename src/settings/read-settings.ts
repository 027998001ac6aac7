import { resolve } from 'node:path'
import * as core from '@actions/core'
import { CLEANUP_ENVIRONMENTS, type CleanupEnvironment } from '../domain/cleanup-policy.js'
import { parseDeployHookUrl } from '../cloudflare/deploy-hook.js'
import { parseDuration, formatDuration } from '../util/duration.js'
import type { BranchSource, PullRequestFacts } from '../domain/branch-rule.js'
import { registerSecret } from '../util/secrets.js'

/** The operations a user picks with the `operation` input. */
export const OPERATIONS = [
  'deploy',
  'trigger',
  'wait',
  'rollback',
  'logs',
  'status',
  'retry',
  'cleanup',
  'teardown-preview',
  'project',
  'domains'
] as const
export type Operation = (typeof OPERATIONS)[number]

/** How requests authenticate: an API token, or the legacy Global API Key. */
export type Credentials =
  { kind: 'token'; token: string } | { kind: 'global-key'; key: string; email: string }

/** Everything the action was asked to do, validated. Read once, at the start of `run()`. */
export interface Settings {
  operation: Operation
  credentials: Credentials
  /** Cloudflare account id (32 hex characters). */
  accountId: string
  /** Where API requests go; the only host that ever sees the credentials. */
  apiBaseUrl: string
  projectName: string
  deploymentId: string | undefined
  /** Branch to deploy; `undefined` lets Cloudflare use the production branch. */
  branch: string | undefined
  /** Where `branch` came from, for the summary; `undefined` with `branch`. */
  branchSource: BranchSource | undefined
  /** The event's pull request: its deployments must stay previews. */
  pullRequest: PullRequestFacts | undefined
  /** Commit whose Git-integration build `wait` looks for. */
  commitHash: string | undefined
  waitTimeoutMs: number
  /** First polling interval; polling slows down from there while nothing changes. */
  pollIntervalMs: number
  rollbackOnFailure: boolean
  /** Path requested on the deployment URL after a successful deploy; `undefined` skips the check. */
  healthCheckPath: string | undefined
  /** How long the health check keeps retrying while the deployment propagates. */
  healthCheckTimeoutMs: number
  /** Time allowed for one HTTP request before it is abandoned and retried. */
  requestTimeoutMs: number
  /** `false` reports failures in outputs and the summary without failing the step. */
  failOnError: boolean
  /** cleanup: the newest this many deployments of each environment are kept. */
  keepLatest: number
  /** cleanup: only deployments older than this are deleted; `undefined`: any age. */
  olderThanMs: number | undefined
  /** cleanup: which environments are cleaned up. */
  environment: CleanupEnvironment
  /** cleanup, teardown-preview: at most this many deletions per run. */
  maxDeletions: number
  /** cleanup, teardown-preview: decide and report, delete nothing. */
  dryRun: boolean
  /** cleanup, teardown-preview: delete aliased previews with `?force=true`. */
  force: boolean
  /** domains: fail when a custom domain is not `active`. */
  failOnInactiveDomain: boolean
  /** trigger: a Cloudflare deploy hook URL to POST instead of creating the deployment by API. */
  deployHookUrl: string | undefined
  /**
   * Whether API credentials and an account id were given. Only `false` for a trigger through
   * `deploy-hook-url` without them; then no API request may be sent.
   */
  apiAccess: boolean
  /** This run's share of the account's API rate limit (`api-rate-limit`). */
  rateShare: { limit: number; windowMs: number }
  /** GitHub features; `token` is read only when one of them is on. */
  github: GitHubSettings
  /** deploy/trigger with `directory`: the folder to upload instead of a Git build. */
  upload: UploadSettings | undefined
}

/** Direct Upload: `directory`, `commit-message`, `commit-dirty` (and `commit-hash`). */
export interface UploadSettings {
  /** Absolute path of the folder. */
  directory: string
  commitMessage: string | undefined
  commitDirty: boolean
}

/** The GitHub side: `github-token`, `github-deployment`, `github-environment`, `comment-on-pr`, `commit-status`. */
export interface GitHubSettings {
  token: string | undefined
  deployment: boolean
  environment: string | undefined
  comment: boolean
  commitStatus: boolean
}

/** Defaults the run context supplies when inputs leave them out. */
export interface InputDefaults {
  headSha: string | undefined
  /** The pull request's head branch, or the pushed branch: what teardown-preview removes. */
  headBranch: string | undefined
  headBranchSource?: BranchSource
  /** What deploy and trigger build by default: `headBranch`, or a merged pull request's base. */
  deployBranch?: string | undefined
  deployBranchSource?: BranchSource
  pullRequest?: PullRequestFacts | undefined
  /** Message of the head commit, when the event carries it. */
  commitMessage?: string | undefined
  /** Where relative paths are resolved: GITHUB_WORKSPACE on a runner. */
  workspace?: string | undefined
}

/** Thrown with every problem found in the inputs at once, each naming its input and the fix. */
export class InputError extends Error {
  constructor(readonly problems: string[]) {
    super(
      problems.length === 1
        ? `Invalid input: ${problems[0]}`
        : `Invalid inputs:\n${problems.map((p) => `  - ${p}`).join('\n')}`
    )
    this.name = 'InputError'
  }
}

const DEFAULT_API_BASE_URL = 'https://api.cloudflare.com/client/v4'
const PROJECT_NAME = /^[a-z0-9][a-z0-9-]*$/
const ACCOUNT_ID = /^[0-9a-f]{32}$/i
const DEPLOYMENT_ID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i
const COMMIT_HASH = /^[0-9a-f]{7,64}$/i
const TOKEN = /^[A-Za-z0-9_\-.~+/=]+$/
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

type Reader = (name: string) => string

/** Reads and validates all inputs; throws {@link InputError} listing every problem. */
export function readSettings(
  defaults: InputDefaults,
  env: NodeJS.ProcessEnv = process.env,
  read: Reader = (name) => core.getInput(name)
): Settings {
  const problems: string[] = []
  const problem = (text: string): undefined => {
    problems.push(text)
    return undefined
  }

  const operationText = read('operation').trim() || 'deploy'
  const operation = (OPERATIONS as readonly string[]).includes(operationText)
    ? (operationText as Operation)
    : (problem(
        `operation: '${clip(operationText)}' is not an operation. Use one of: ${OPERATIONS.join(', ')}.`
      ) ?? 'deploy')

  // Read first and masked at once, like the credentials: the hook id is the hook's secret.
  const deployHookText = optional(read('deploy-hook-url'))
  if (deployHookText !== undefined) registerSecret(deployHookText)
  const hookOnly =
    deployHookText !== undefined &&
    !(read('api-token') || env.CLOUDFLARE_API_TOKEN || read('api-key') || env.CLOUDFLARE_API_KEY) &&
    !(read('account-id') || env.CLOUDFLARE_ACCOUNT_ID)

  const credentials = hookOnly ? undefined : readCredentials(read, env, problem)

  const accountId = (read('account-id') || env.CLOUDFLARE_ACCOUNT_ID || '').trim()
  if (hookOnly) {
    // A deploy hook needs neither: its URL is its credential.
  } else if (!accountId) {
    problem(
      'account-id: required. Set the input or the CLOUDFLARE_ACCOUNT_ID variable to the 32-character id shown in the Cloudflare dashboard (Workers & Pages › Account details).'
    )
  } else if (!ACCOUNT_ID.test(accountId)) {
    problem(
      `account-id: '${clip(accountId)}' is not an account id; expected 32 hexadecimal characters.`
    )
  }

  const apiBaseUrl = readApiBaseUrl(env, problem)

  const projectName = read('project-name').trim()
  if (!projectName) {
    problem(
      'project-name: required. Give the Pages project name as it appears in its *.pages.dev URL.'
    )
  } else if (!PROJECT_NAME.test(projectName) || projectName.length > 58) {
    problem(
      `project-name: '${clip(projectName)}' is not a Pages project name; use lowercase letters, digits and dashes, starting with a letter or digit (at most 58 characters).`
    )
  }

  const deploymentId = optional(read('deployment-id'))
  if (deploymentId !== undefined && !DEPLOYMENT_ID.test(deploymentId)) {
    problem(
      `deployment-id: '${clip(deploymentId)}' is not a deployment id; expected the full UUID (for example 3f1c2a9e-5b7d-4c1e-9a0b-2d4e6f8a1b3c), as the deployment-id output of an earlier step gives it.`
    )
  }
  if (operation === 'retry' && deploymentId === undefined) {
    problem('deployment-id: required for operation retry. Pass the id of the deployment to retry.')
  }

  const branchInput = optional(read('branch'))
  if (branchInput !== undefined && !isBranchName(branchInput)) {
    problem(
      `branch: '${clip(branchInput)}' is not a valid Git branch name (no spaces, control characters, '..', '~', '^', ':', '?', '*', '[' or '\\').`
    )
  }

  const commitInput = optional(read('commit-hash'))
  if (commitInput !== undefined && !COMMIT_HASH.test(commitInput)) {
    problem(
      `commit-hash: '${clip(commitInput)}' is not a commit SHA; expected 7 to 40 hexadecimal characters (64 for SHA-256 repositories).`
    )
  }

  const waitTimeoutMs = readDuration(read, 'wait-timeout', '20m', 1_000, 6 * 3_600_000, problem)
  const pollIntervalMs = readDuration(read, 'poll-interval', '2s', 100, 300_000, problem)
  const healthCheckTimeoutMs = readDuration(
    read,
    'health-check-timeout',
    '60s',
    1_000,
    3_600_000,
    problem
  )
  const requestTimeoutMs = readDuration(read, 'request-timeout', '30s', 500, 600_000, problem)

  const healthCheckPath = optional(read('health-check-path'))
  if (healthCheckPath !== undefined && !/^\/[^\s]*$/.test(healthCheckPath)) {
    problem(
      `health-check-path: '${clip(healthCheckPath)}' must be a path on the deployment starting with '/', such as /healthz.`
    )
  }

  const rollbackOnFailure = readBoolean(read, 'rollback-on-failure', false, problem)
  const failOnError = readBoolean(read, 'fail-on-error', true, problem)

  const keepLatest = readCount(read, 'keep-latest', 10, 1, 1_000, problem)
  const maxDeletions = readCount(read, 'max-deletions', 100, 1, 10_000, problem)
  const olderThanText = optional(read('older-than'))
  const olderThanMs =
    olderThanText === undefined
      ? undefined
      : readDuration(read, 'older-than', olderThanText, 60_000, 3_650 * 86_400_000, problem)
  const environmentText = read('environment').trim().toLowerCase() || 'preview'
  const environment = (CLEANUP_ENVIRONMENTS as readonly string[]).includes(environmentText)
    ? (environmentText as CleanupEnvironment)
    : (problem(
        `environment: '${clip(environmentText)}' is not an environment to clean up. Use preview, production or all.`
      ) ?? 'preview')
  const dryRun = readBoolean(read, 'dry-run', false, problem)
  // Tearing down a closed branch means its aliased newest preview too, unless told otherwise.
  const force = readBoolean(read, 'force', operation === 'teardown-preview', problem)
  const failOnInactiveDomain = readBoolean(read, 'fail-on-inactive-domain', false, problem)

  const deploying = operation === 'deploy' || operation === 'trigger'
  const defaultBranch = deploying
    ? 'deployBranch' in defaults
      ? defaults.deployBranch
      : defaults.headBranch
    : operation === 'teardown-preview'
      ? defaults.headBranch
      : undefined
  let branch = branchInput ?? defaultBranch
  let branchSource: BranchSource | undefined =
    branchInput !== undefined
      ? 'input'
      : defaultBranch === undefined
        ? undefined
        : ((deploying ? defaults.deployBranchSource : defaults.headBranchSource) ?? 'pushed')
  if (operation === 'teardown-preview' && branch === undefined) {
    problem(
      'branch: required for operation teardown-preview, and no pull request head branch was found in the workflow context. Run it on pull_request: closed, or pass the branch whose previews to delete.'
    )
  }

  let deployHookUrl: string | undefined
  if (deployHookText !== undefined) {
    if (operation !== 'trigger') {
      problem(
        `deploy-hook-url: only operation trigger uses a deploy hook; remove it or set operation: trigger.`
      )
    }
    const parsed = parseDeployHookUrl(deployHookText, apiBaseUrl)
    if (typeof parsed === 'string') problem(`deploy-hook-url: ${parsed}`)
    else {
      registerSecret(parsed.hookId)
      deployHookUrl = parsed.url
    }
    if (branchInput !== undefined) {
      problem(
        'branch: a deploy hook always builds the branch it was created for; leave branch out with deploy-hook-url, or create a hook for that branch.'
      )
    }
    // The hook decides the branch; a default from the run context would only mislead.
    branch = undefined
    branchSource = undefined
  }

  const upload = readUploadSettings(read, operation, defaults, problem)
  if (upload && deployHookText !== undefined) {
    problem('directory: a deploy hook builds from Git; use either directory or deploy-hook-url.')
  }
  const rateShare = readRateShare(read, problem)
  const github = readGitHubSettings(read, problem)

  if (problems.length > 0) throw new InputError(problems)
  return {
    operation,
    // Never sent when apiAccess is false: a deploy-hook trigger makes no API request.
    credentials: credentials ?? { kind: 'token', token: '' },
    accountId,
    apiBaseUrl,
    projectName,
    deploymentId: deploymentId?.toLowerCase(),
    branch,
    branchSource,
    pullRequest: defaults.pullRequest,
    commitHash: (commitInput ?? defaults.headSha)?.toLowerCase(),
    waitTimeoutMs,
    pollIntervalMs,
    rollbackOnFailure,
    healthCheckPath,
    healthCheckTimeoutMs,
    requestTimeoutMs,
    failOnError,
    keepLatest,
    olderThanMs,
    environment,
    maxDeletions,
    dryRun,
    force,
    failOnInactiveDomain,
    deployHookUrl,
    apiAccess: !hookOnly,
    rateShare,
    github,
    upload
  }
}

function readCredentials(
  read: Reader,
  env: NodeJS.ProcessEnv,
  problem: (text: string) => undefined
): Credentials | undefined {
  const token = (read('api-token') || env.CLOUDFLARE_API_TOKEN || '').trim()
  const key = (read('api-key') || env.CLOUDFLARE_API_KEY || '').trim()
  const email = (read('api-email') || env.CLOUDFLARE_EMAIL || '').trim()
  // Mask before anything can print them, even a validation message.
  for (const secret of [token, key]) if (secret) registerSecret(secret)

  if (token) {
    if (!TOKEN.test(token)) {
      return problem(
        'api-token: contains spaces or characters an API token never has. Paste the token alone, without "Bearer " or quotes.'
      )
    }
    return { kind: 'token', token }
  }
  if (key || email) {
    if (!key) return problem('api-key: required with api-email (the legacy Global API Key).')
    if (!email || !EMAIL.test(email)) {
      return problem(
        'api-email: the e-mail address of the Cloudflare account is required with api-key.'
      )
    }
    if (!TOKEN.test(key)) return problem('api-key: contains characters a Global API Key never has.')
    core.warning(
      'api-key and api-email use the legacy Global API Key, which can do anything on the account. Create an API token with the "Cloudflare Pages: Edit" permission and pass it as api-token instead.'
    )
    return { kind: 'global-key', key, email }
  }
  return problem(
    'api-token: required. Create an API token with the "Account › Cloudflare Pages › Edit" permission, store it as a repository secret and pass it as `api-token: ${{ secrets.CLOUDFLARE_API_TOKEN }}`.'
  )
}

function readApiBaseUrl(env: NodeJS.ProcessEnv, problem: (text: string) => undefined): string {
  const text = (env.CLOUDFLARE_API_BASE_URL || DEFAULT_API_BASE_URL).trim().replace(/\/+$/, '')
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return problem(`CLOUDFLARE_API_BASE_URL: '${clip(text)}' is not a URL.`) ?? DEFAULT_API_BASE_URL
  }
  // The token would travel in clear text over plain HTTP; allow it only on this machine.
  const secure =
    url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))
  if (!secure || url.username || url.password || url.search || url.hash) {
    return (
      problem(
        `CLOUDFLARE_API_BASE_URL: '${clip(text)}' must be an https URL without credentials or query (plain http is accepted only for localhost).`
      ) ?? DEFAULT_API_BASE_URL
    )
  }
  return text
}

function readDuration(
  read: Reader,
  name: string,
  fallback: string,
  minMs: number,
  maxMs: number,
  problem: (text: string) => undefined
): number {
  const text = read(name).trim() || fallback
  const ms = parseDuration(text)
  if (ms === undefined) {
    problem(
      `${name}: '${clip(text)}' is not a duration; write it like 90s, 10m, 1500ms or a number of seconds.`
    )
    return 0
  }
  if (ms < minMs || ms > maxMs) {
    problem(
      `${name}: ${text} is out of range; use between ${formatDuration(minMs)} and ${formatDuration(maxMs)}.`
    )
  }
  return ms
}

/** Cloudflare keeps at most this much of a commit message. */
const COMMIT_MESSAGE_BYTES = 384

function readUploadSettings(
  read: Reader,
  operation: Operation,
  defaults: InputDefaults,
  problem: (text: string) => undefined
): UploadSettings | undefined {
  const commitDirty = readBoolean(read, 'commit-dirty', false, problem)
  const messageInput = optional(read('commit-message'))
  const text = optional(read('directory'))
  if (text === undefined) return undefined
  if (operation !== 'deploy' && operation !== 'trigger') {
    return problem(
      `directory: only operations deploy and trigger upload a folder; remove it for ${operation}.`
    )
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(text) || text.length > 4096) {
    return problem(`directory: '${clip(text)}' is not a usable path.`)
  }
  const directory = resolve(defaults.workspace ?? process.cwd(), text)
  const message = messageInput ?? defaults.commitMessage
  return {
    directory,
    commitMessage: message === undefined ? undefined : truncateBytes(message, COMMIT_MESSAGE_BYTES),
    commitDirty
  }
}

/** Cuts `text` to at most `bytes` UTF-8 bytes without splitting a character. */
function truncateBytes(text: string, bytes: number): string {
  if (Buffer.byteLength(text) <= bytes) return text
  let end = text.length
  while (Buffer.byteLength(text.slice(0, end)) > bytes) end--
  return text.slice(0, end)
}

/** `api-rate-limit`: requests per window, like `300/5m`. */
function readRateShare(
  read: Reader,
  problem: (text: string) => undefined
): { limit: number; windowMs: number } {
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
    problem(
      `api-rate-limit: '${clip(text)}' is not a request rate; write requests per window, like 300/5m (at most 1200, the account's limit per 5 minutes).`
    )
    return { limit: 300, windowMs: 300_000 }
  }
  return { limit, windowMs }
}

function readGitHubSettings(read: Reader, problem: (text: string) => undefined): GitHubSettings {
  const deployment = readBoolean(read, 'github-deployment', false, problem)
  const comment = readBoolean(read, 'comment-on-pr', false, problem)
  const commitStatus = readBoolean(read, 'commit-status', false, problem)
  const environment = optional(read('github-environment'))
  // Control characters are exactly what this rejects.
  // eslint-disable-next-line no-control-regex
  const controlCharacter = /[\u0000-\u001f\u007f]/
  if (
    environment !== undefined &&
    (environment.length > 255 || controlCharacter.test(environment))
  ) {
    problem('github-environment: must be a single line of at most 255 characters.')
  }
  const wanted = deployment || comment || commitStatus
  const token = wanted ? read('github-token').trim() || undefined : undefined
  if (token) registerSecret(token)
  if (wanted && !token) {
    problem(
      'github-token: required by github-deployment, comment-on-pr and commit-status, and it is empty. Leave it at its default (${{ github.token }}) or pass a token.'
    )
  }
  return { token, deployment, environment, comment, commitStatus }
}

function readCount(
  read: Reader,
  name: string,
  fallback: number,
  min: number,
  max: number,
  problem: (text: string) => undefined
): number {
  const text = read(name).trim()
  if (text === '') return fallback
  const value = Number(text)
  if (!/^\d+$/.test(text) || value < min || value > max) {
    problem(`${name}: '${clip(text)}' must be a whole number from ${min} to ${max}.`)
    return fallback
  }
  return value
}

function readBoolean(
  read: Reader,
  name: string,
  fallback: boolean,
  problem: (text: string) => undefined
): boolean {
  const text = read(name).trim().toLowerCase()
  if (text === '') return fallback
  if (text === 'true') return true
  if (text === 'false') return false
  problem(`${name}: '${clip(text)}' is not a boolean; use true or false.`)
  return fallback
}

function optional(text: string): string | undefined {
  const value = text.trim()
  return value === '' ? undefined : value
}

function isBranchName(name: string): boolean {
  // Control characters are exactly what this rejects.
  // eslint-disable-next-line no-control-regex
  const forbidden = /[\s~^:?*[\\\x00-\x1f\x7f]|\.\.|@\{|\/\/|^[-/.]|[/.]$|\.lock$/
  return name.length <= 255 && !forbidden.test(name)
}

/** Keeps hostile or huge values from flooding the log when quoted back in a message. */
function clip(value: string): string {
  // JSON escapes C0 controls and newlines; DEL and the C1 controls it leaves alone are escaped too.
  const flat = JSON.stringify(value)
    .slice(1, -1)
    .replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
  return flat.length > 80 ? `${flat.slice(0, 77)}...` : flat
}
