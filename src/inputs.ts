import * as core from '@actions/core'
import { parseDuration, formatDuration } from './duration.js'
import { registerSecret } from './secrets.js'

/** The operations a user picks with the `operation` input. */
export const OPERATIONS = [
  'deploy',
  'trigger',
  'wait',
  'rollback',
  'logs',
  'status',
  'retry'
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
}

/** Defaults the run context supplies when inputs leave them out. */
export interface InputDefaults {
  headSha: string | undefined
  headBranch: string | undefined
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

  const credentials = readCredentials(read, env, problem)

  const accountId = (read('account-id') || env.CLOUDFLARE_ACCOUNT_ID || '').trim()
  if (!accountId) {
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

  if (problems.length > 0) throw new InputError(problems)
  return {
    operation,
    credentials: credentials as Credentials,
    accountId,
    apiBaseUrl,
    projectName,
    deploymentId: deploymentId?.toLowerCase(),
    branch:
      branchInput ??
      (operation === 'deploy' || operation === 'trigger' ? defaults.headBranch : undefined),
    commitHash: (commitInput ?? defaults.headSha)?.toLowerCase(),
    waitTimeoutMs,
    pollIntervalMs,
    rollbackOnFailure,
    healthCheckPath,
    healthCheckTimeoutMs,
    requestTimeoutMs,
    failOnError
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
  const flat = JSON.stringify(value).slice(1, -1)
  return flat.length > 80 ? `${flat.slice(0, 77)}...` : flat
}
