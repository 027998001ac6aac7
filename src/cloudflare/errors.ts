import { ErrorCode, type ApiMessage } from './types.js'
import { input, runAgain } from '../util/input-names.js'

/** What the failed request was about, so that messages can say what to fix. */
export interface RequestContext {
  /** Plain words for the request, such as "get project" or "create deployment". */
  operation: string
  accountId: string
  projectName?: string
  deploymentId?: string
  /**
   * The request carried the upload token (a JWT for the asset endpoints), not api-token: a
   * refusal then says nothing about api-token.
   */
  uploadToken?: boolean
}

/** Why a request failed, in the terms the client's retry logic needs. */
export type FailureKind =
  /** Cloudflare answered with an error envelope or an error status. */
  | 'api'
  /** Too many requests: HTTP 429. */
  | 'rate-limited'
  /** No usable answer: connection refused or reset, timeout, body cut short, HTML or garbage. */
  | 'transport'

/** A request to the Cloudflare API that failed after any retries. */
export class CloudflareApiError extends Error {
  constructor(
    readonly context: RequestContext,
    readonly kind: FailureKind,
    /** HTTP status, or 0 when no response arrived. */
    readonly status: number,
    readonly errors: ApiMessage[],
    detail: string,
    /** Attempts made before giving up. */
    readonly attempts: number,
    /**
     * True when a non-idempotent request may have reached Cloudflare and taken effect
     * (for example a timeout after the body was sent): callers reconcile before retrying.
     */
    readonly ambiguous = false
  ) {
    super(describe(context, status, errors, detail, attempts))
    this.name = 'CloudflareApiError'
  }

  /** The first Cloudflare error code, if any. */
  get code(): number | undefined {
    return this.errors[0]?.code
  }

  /** True when Cloudflare said the thing asked for does not exist. */
  get notFound(): boolean {
    return this.status === 404
  }
}

function describe(
  context: RequestContext,
  status: number,
  errors: ApiMessage[],
  detail: string,
  attempts: number
): string {
  const where = status > 0 ? `HTTP ${status}` : ''
  const codes = errors.map((e) => `Cloudflare error ${e.code}: ${e.message}`).join('; ')
  const tries = attempts > 1 ? ` after ${attempts} attempts` : ''
  const cause = [where, codes, detail].filter(Boolean).join(', ')
  const hint = hintFor(context, status, errors)
  return `${context.operation} failed${tries} (${cause}).${hint ? ` ${hint}` : ''}`
}

/** The fix a user should try, from Cloudflare's error code or the HTTP status. */
function hintFor(context: RequestContext, status: number, errors: ApiMessage[]): string {
  const codes = new Set(errors.map((e) => e.code))
  const project = context.projectName ? `'${context.projectName}'` : 'the project'
  if (
    context.uploadToken &&
    (codes.has(ErrorCode.uploadTokenExpired) || status === 401 || status === 403)
  ) {
    return `Cloudflare refused the upload token (expired, or no longer valid); it is not ${input('api-token')}.`
  }
  if (codes.has(ErrorCode.authentication) || status === 401 || status === 403) {
    return `Authentication failed: check that ${input('api-token')} is valid, has the "Account › Cloudflare Pages › Edit" permission and can reach account ${context.accountId} (${input('account-id')}).`
  }
  if (codes.has(ErrorCode.projectNotFound)) {
    return `Project ${project} was not found in account ${context.accountId}: check ${input('project-name')} and ${input('account-id')}.`
  }
  if (codes.has(ErrorCode.projectBlocked)) {
    return `Project ${project} is blocked by Cloudflare; contact Cloudflare support.`
  }
  if (codes.has(ErrorCode.deploymentNotFound) || (status === 404 && context.deploymentId)) {
    return `Deployment ${context.deploymentId ?? ''} was not found in project ${project}: check ${input('deployment-id')} (it must be the full id, not the short one) and ${input('project-name')}.`
  }
  if (codes.has(ErrorCode.aliasedDeploymentNeedsForce)) {
    return 'The deployment is the current one of its branch alias; it can only be deleted with force.'
  }
  if (status === 429 || codes.has(ErrorCode.rateLimited)) {
    return `The account is over its API rate limit (1,200 requests per 5 minutes, shared with the dashboard and other jobs); space out runs or raise ${input('poll-interval')}.`
  }
  if (status >= 500 || status === 0) {
    return `The Cloudflare API did not answer usefully; this is usually temporary, so ${runAgain()}. Check https://www.cloudflarestatus.com if it persists.`
  }
  return ''
}
