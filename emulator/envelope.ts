/**
 * The v4 envelope `{success, errors, messages, result}` and the error codes the emulator uses.
 * Handlers return plain `EmulatorResponse` values so that faults can rewrite or cut them.
 */
import type { ApiEnvelope, ResultInfo } from '../src/cloudflare/types.js'

/** A fully formed HTTP answer, written by the server (or mangled by a fault). */
export interface EmulatorResponse {
  status: number
  headers: Record<string, string>
  body: string
  /** The body as bytes, when it is a file served as it was uploaded (`body` is then unused). */
  bytes?: Buffer
}

/**
 * Codes for cases Cloudflare's documentation does not pin down. Codes from the shared reference
 * (10000, 8000007, 8000035, 971...) live in `ErrorCode` in src/cloudflare/types.ts.
 */
export const EmulatorCode = {
  /** Seen in the wild with HTTP 400 when no credentials are sent at all. */
  missingAuth: 9106,
  /** From the OpenAPI failure example. */
  noRoute: 7003,
  /** Unverified: a known path with an unsupported method (HTTP 405). */
  methodNotAllowed: 7001,
  /** Unverified: a body that is not valid multipart/form-data or JSON (HTTP 400). */
  invalidBody: 8000001,
  /** Unverified: bad `page`, `per_page` (> 25 for deployments) or `env` (HTTP 400). */
  invalidListOptions: 8000024,
  /** Unverified: Direct Upload deployment without a `manifest` field (HTTP 400). */
  missingManifest: 8000096,
  /** Unverified: rollback to a deployment that is not a successful production one (HTTP 400). */
  invalidRollbackTarget: 8000034,
  /** Unverified: deleting the live production deployment (HTTP 400), refused even with force. */
  cannotDeleteCanonical: 8000036,
  /** Unverified: unknown custom domain (HTTP 404). */
  domainNotFound: 8000015,
  /** Unverified: unknown or deleted deploy hook (HTTP 404). */
  deployHookNotFound: 8000006,
  /** Unverified: a project name that is not a valid pages.dev label (HTTP 400). */
  invalidProjectName: 8000008,
  /** Unverified: a project created without `production_branch` (HTTP 400). */
  missingProductionBranch: 8000012,
  /** A project name the account already uses (HTTP 409). */
  projectExists: 8000002
} as const

/** A handler failure that becomes an error envelope. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string
  ) {
    super(message)
  }
}

/** Plain JSON answer with Cloudflare's content type and a ray id, as every API response has. */
export function jsonResponse(
  status: number,
  value: unknown,
  headers: Record<string, string> = {}
): EmulatorResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', 'cf-ray': rayId(), ...headers },
    body: JSON.stringify(value)
  }
}

/** `success: true` envelope; lists pass `resultInfo`. */
export function success<T>(result: T, resultInfo?: ResultInfo): EmulatorResponse {
  const envelope: ApiEnvelope<T> = { success: true, errors: [], messages: [], result }
  if (resultInfo) envelope.result_info = resultInfo
  return jsonResponse(200, envelope)
}

/** `success: false` envelope with one error. */
export function failure(
  status: number,
  code: number,
  message: string,
  headers: Record<string, string> = {}
): EmulatorResponse {
  const envelope: ApiEnvelope<null> = {
    success: false,
    errors: [{ code, message }],
    messages: [],
    result: null
  }
  return jsonResponse(status, envelope, headers)
}

/** Converts a thrown `ApiError` into its envelope; anything else is a bug, answered as 500. */
export function errorResponse(error: unknown): EmulatorResponse {
  if (error instanceof ApiError) return failure(error.status, error.code, error.message)
  const message = error instanceof Error ? error.message : String(error)
  return failure(500, 8000000, `An unknown error occurred: ${message}`)
}

/** Cloudflare sends a `cf-ray` id on every response; clients log it, so look the part. */
function rayId(): string {
  let hex = ''
  for (let i = 0; i < 16; i++) hex += Math.floor(Math.random() * 16).toString(16)
  return `${hex}-LHR`
}
