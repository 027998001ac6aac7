/**
 * Direct Upload in the emulator: upload tokens (JWTs), `check-missing`, `upload`,
 * `upsert-hashes`, and the check of a deployment's manifest against what was uploaded.
 *
 * The upload body carries no file names, so the extension-dependent hash cannot be checked
 * when content arrives; content is stored under its key and every manifest entry
 * `path → hash` is checked at deployment time by hashing the stored content with the path.
 */
import { randomBytes } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import { ErrorCode } from '../src/cloudflare/types.js'
import { PagesHasher, assetExtension } from '../src/upload/hash.js'
import { header } from './auth.js'
import { ApiError, EmulatorCode, errorResponse, failure, success } from './envelope.js'
import type { EmulatorResponse } from './envelope.js'

/** Error codes of the upload endpoints. */
export const UploadCode = {
  /** From the shared reference: the upload JWT is invalid or expired (HTTP 401). */
  tokenRefused: ErrorCode.uploadTokenExpired,
  /** Unverified: a body that is not the expected JSON (HTTP 400). */
  invalidBody: EmulatorCode.invalidBody,
  /** Unverified: an upload request over the client limits, or a file over 25 MiB (HTTP 413). */
  tooLarge: 8000098,
  /** Unverified: a manifest naming content that was not uploaded or does not match (HTTP 400). */
  missingAssets: 8000099
} as const

/** How upload tokens behave; tests change it to provoke refreshes. */
export interface UploadTokenPolicy {
  /** Lifetime of a token; default 5 minutes. */
  ttlMs: number
  /** Requests a token may authorize before it counts as expired; unlimited when undefined. */
  maxUses: number | undefined
  /** The `max_file_count_allowed` claim; default 20,000. */
  maxFileCount: number
}

/** An upload token past its time or its uses: answered as the real API answers it. */
class ExpiredJwtError extends Error {}

/** Limits of one upload request: wrangler's, which the action must respect too. */
export const UPLOAD_REQUEST_LIMITS = { maxFiles: 2_000, maxBytes: 40 * 1024 * 1024 }
/** Largest file Pages accepts. */
export const MAX_FILE_BYTES = 25 * 1024 * 1024

const HASH_PATTERN = /^[0-9a-f]{32}$/

interface TokenRecord {
  project: string
  expiresAtMs: number
  usesLeft: number | undefined
}

/** An asset as stored: its decoded content and the content type it was uploaded with. */
export interface StoredAsset {
  content: Buffer
  contentType: string
}

/** Counters tests assert on. */
export interface UploadStats {
  tokensIssued: number
  checkMissingRequests: number
  uploadRequests: number
  filesUploaded: number
  bytesUploaded: number
  upsertRequests: number
  /** Requests refused for an invalid or expired token. */
  tokensRefused: number
}

/** Uploaded assets and issued tokens, in memory. Content is shared; visibility is per project. */
export class AssetStore {
  policy: UploadTokenPolicy = { ttlMs: 5 * 60_000, maxUses: undefined, maxFileCount: 20_000 }
  readonly stats: UploadStats = emptyStats()
  private readonly assets = new Map<string, StoredAsset>()
  /** Hashes each project has uploaded (what check-missing answers from). */
  private readonly uploaded = new Map<string, Set<string>>()
  /** Hashes each project has upserted. */
  private readonly upserted = new Map<string, Set<string>>()
  private readonly tokens = new Map<string, TokenRecord>()
  /** `hash:extension` pairs already checked, so redeploys do not hash everything again. */
  private readonly verified = new Set<string>()
  private hasher: Promise<PagesHasher> | undefined

  /** Issues a token for `project`, shaped like Cloudflare's: `header.payload.signature`. */
  issueToken(project: string, now: number): string {
    const expiresAtMs = now + this.policy.ttlMs
    const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
    const jwt = [
      part({ alg: 'HS256', typ: 'JWT' }),
      part({
        project,
        max_file_count_allowed: this.policy.maxFileCount,
        exp: Math.floor(expiresAtMs / 1000),
        iat: Math.floor(now / 1000)
      }),
      randomBytes(32).toString('base64url')
    ].join('.')
    this.tokens.set(jwt, { project, expiresAtMs, usesLeft: this.policy.maxUses })
    this.stats.tokensIssued++
    return jwt
  }

  /** Makes every issued token expired, as if time had passed. */
  expireTokens(): void {
    for (const token of this.tokens.values()) token.expiresAtMs = Number.NEGATIVE_INFINITY
  }

  /**
   * The project a request's `Authorization: Bearer <jwt>` speaks for. An expired token gets what
   * the real API answers: HTTP 403 with the plain-text body `Expired JWT`, no envelope and no
   * code (workers-sdk issues 3773 and 4919, where wrangler reports it as "a malformed response
   * from the API"); an unknown one 401/8000013.
   */
  authorize(headers: IncomingHttpHeaders, now: number): string {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header(headers, 'authorization') ?? '')
    const token = match?.[1] ? this.tokens.get(match[1]) : undefined
    const expired =
      token !== undefined &&
      (now >= token.expiresAtMs || (token.usesLeft !== undefined && token.usesLeft <= 0))
    if (expired) {
      this.stats.tokensRefused++
      throw new ExpiredJwtError()
    }
    if (!token) {
      this.stats.tokensRefused++
      throw new ApiError(401, UploadCode.tokenRefused, 'Unauthorized: invalid upload token.')
    }
    if (token.usesLeft !== undefined) token.usesLeft--
    return token.project
  }

  /** True when `project` has uploaded content `hash`. */
  has(project: string, hash: string): boolean {
    return this.uploaded.get(project)?.has(hash) ?? false
  }

  /** The stored asset, whichever project uploaded it. */
  get(hash: string): StoredAsset | undefined {
    return this.assets.get(hash)
  }

  /** Stores content under `hash` for `project`. */
  put(project: string, hash: string, content: Buffer, contentType: string): void {
    this.assets.set(hash, { content, contentType })
    setOf(this.uploaded, project).add(hash)
  }

  /** Hashes `project` has upserted. */
  upsertedHashes(project: string): ReadonlySet<string> {
    return this.upserted.get(project) ?? new Set()
  }

  /** Records an upsert. */
  upsert(project: string, hashes: readonly string[]): void {
    const set = setOf(this.upserted, project)
    for (const hash of hashes) set.add(hash)
  }

  /**
   * Checks the `manifest` field of a Direct Upload deployment of `project`: a JSON object of
   * path → hash where every hash was uploaded by the project and is the Pages hash of its
   * content under that path. Resolves with the manifest; throws `ApiError` 400 otherwise.
   */
  async verifyManifest(project: string, manifestText: string): Promise<Record<string, string>> {
    let parsed: unknown
    try {
      parsed = JSON.parse(manifestText)
    } catch {
      throw new ApiError(400, UploadCode.invalidBody, 'The manifest field is not valid JSON.')
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new ApiError(400, UploadCode.invalidBody, 'The manifest must map paths to hashes.')
    }
    const manifest: Record<string, string> = {}
    const missing: string[] = []
    const mismatched: string[] = []
    const hasher = await this.getHasher()
    for (const [path, hash] of Object.entries(parsed as Record<string, unknown>)) {
      if (typeof hash !== 'string' || !HASH_PATTERN.test(hash) || !path.startsWith('/')) {
        throw new ApiError(
          400,
          UploadCode.invalidBody,
          `Invalid manifest entry ${JSON.stringify(path)}: keys are paths starting with '/', values 32-character hex hashes.`
        )
      }
      manifest[path] = hash
      const asset = this.has(project, hash) ? this.assets.get(hash) : undefined
      if (!asset) {
        missing.push(path)
        continue
      }
      const key = `${hash}:${assetExtension(path)}`
      if (this.verified.has(key)) continue
      if (hasher.hash(asset.content, path) !== hash) mismatched.push(path)
      else this.verified.add(key)
    }
    if (missing.length > 0 || mismatched.length > 0) {
      const list = (paths: string[]) =>
        paths.slice(0, 5).join(', ') + (paths.length > 5 ? ` and ${paths.length - 5} more` : '')
      const parts = [
        missing.length > 0 ? `${missing.length} not uploaded (${list(missing)})` : '',
        mismatched.length > 0
          ? `${mismatched.length} whose content does not match its hash (${list(mismatched)})`
          : ''
      ].filter(Boolean)
      throw new ApiError(
        400,
        UploadCode.missingAssets,
        `The deployment's manifest references files that are not available: ${parts.join('; ')}. Upload them before creating the deployment.`
      )
    }
    return manifest
  }

  /** Forgets assets, tokens and counters; keeps the policy. */
  reset(): void {
    this.assets.clear()
    this.uploaded.clear()
    this.upserted.clear()
    this.tokens.clear()
    this.verified.clear()
    Object.assign(this.stats, emptyStats())
  }

  private getHasher(): Promise<PagesHasher> {
    this.hasher ??= PagesHasher.create()
    return this.hasher
  }
}

/** `GET /accounts/{a}/pages/projects/{p}/upload-token`, once the project is known to exist. */
export function handleUploadToken(
  store: AssetStore,
  project: string,
  now: number
): EmulatorResponse {
  return success({ jwt: store.issueToken(project, now) })
}

/** The API paths (after `/client/v4`) of the asset endpoints. */
export const ASSETS_PREFIX = '/pages/assets/'

/** True for a path the asset handlers answer (they authenticate with the JWT, not the API token). */
export function isAssetsPath(apiPath: string): boolean {
  return apiPath.startsWith(ASSETS_PREFIX)
}

/** What an asset handler needs from the request. */
export interface AssetsRequest {
  method: string
  /** Path after `/client/v4`, without the query. */
  apiPath: string
  headers: IncomingHttpHeaders
  body: Buffer
  now: number
}

/**
 * Answers `POST /pages/assets/{check-missing,upload,upsert-hashes}`: authenticates the JWT,
 * then handles the body. Every refusal is an envelope; nothing throws.
 */
export function handleAssets(store: AssetStore, req: AssetsRequest): EmulatorResponse {
  const path = req.apiPath.replace(/\/+$/, '')
  const handler = ASSET_HANDLERS[path]
  if (!handler) return failure(404, EmulatorCode.noRoute, 'No route for the URI')
  if (req.method !== 'POST') {
    return failure(405, EmulatorCode.methodNotAllowed, 'Method not allowed for this route')
  }
  try {
    const project = store.authorize(req.headers, req.now)
    return handler(store, project, parseJson(req.body))
  } catch (error) {
    if (error instanceof ExpiredJwtError) {
      return { status: 403, headers: { 'content-type': 'text/plain' }, body: 'Expired JWT' }
    }
    return errorResponse(error)
  }
}

type AssetHandler = (store: AssetStore, project: string, body: unknown) => EmulatorResponse

const ASSET_HANDLERS: Partial<Record<string, AssetHandler>> = {
  '/pages/assets/check-missing': checkMissing,
  '/pages/assets/upload': upload,
  '/pages/assets/upsert-hashes': upsertHashes
}

function checkMissing(store: AssetStore, project: string, body: unknown): EmulatorResponse {
  store.stats.checkMissingRequests++
  const hashes = hashList(body)
  return success(hashes.filter((hash) => !store.has(project, hash)))
}

function upsertHashes(store: AssetStore, project: string, body: unknown): EmulatorResponse {
  store.stats.upsertRequests++
  store.upsert(project, hashList(body))
  return success(null)
}

function upload(store: AssetStore, project: string, body: unknown): EmulatorResponse {
  if (!Array.isArray(body)) throw invalidBody('The body must be an array of files.')
  if (body.length > UPLOAD_REQUEST_LIMITS.maxFiles) {
    throw new ApiError(
      413,
      UploadCode.tooLarge,
      `Too many files in one upload request: ${body.length} (at most ${UPLOAD_REQUEST_LIMITS.maxFiles}).`
    )
  }
  const files: Array<{ key: string; content: Buffer; contentType: string }> = []
  let bytes = 0
  for (const item of body as unknown[]) {
    const file = item as {
      key?: unknown
      value?: unknown
      metadata?: { contentType?: unknown }
      base64?: unknown
    }
    if (typeof file.key !== 'string' || !HASH_PATTERN.test(file.key)) {
      throw invalidBody('Each file needs a `key`: its 32-character hex hash.')
    }
    if (file.base64 !== true || typeof file.value !== 'string' || !isBase64(file.value)) {
      throw invalidBody(`File ${file.key}: \`value\` must be base64 and \`base64\` true.`)
    }
    const contentType = file.metadata?.contentType
    if (typeof contentType !== 'string' || contentType.length === 0) {
      throw invalidBody(`File ${file.key}: \`metadata.contentType\` is required.`)
    }
    const content = Buffer.from(file.value, 'base64')
    if (content.length > MAX_FILE_BYTES) {
      throw new ApiError(413, UploadCode.tooLarge, `File ${file.key} is over 25 MiB.`)
    }
    bytes += content.length
    files.push({ key: file.key, content, contentType })
  }
  if (bytes > UPLOAD_REQUEST_LIMITS.maxBytes) {
    throw new ApiError(
      413,
      UploadCode.tooLarge,
      `Upload request too large: ${bytes} bytes of files (at most ${UPLOAD_REQUEST_LIMITS.maxBytes}).`
    )
  }
  for (const file of files) store.put(project, file.key, file.content, file.contentType)
  store.stats.uploadRequests++
  store.stats.filesUploaded += files.length
  store.stats.bytesUploaded += bytes
  return success(null)
}

function hashList(body: unknown): string[] {
  const hashes = (body as { hashes?: unknown } | null)?.hashes
  if (
    !Array.isArray(hashes) ||
    !hashes.every((h) => typeof h === 'string' && HASH_PATTERN.test(h))
  ) {
    throw invalidBody('The body must be {"hashes": [...]} with 32-character hex hashes.')
  }
  return hashes as string[]
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'))
  } catch {
    throw invalidBody('The body is not valid JSON.')
  }
}

function isBase64(value: string): boolean {
  return value.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(value)
}

function invalidBody(message: string): ApiError {
  return new ApiError(400, UploadCode.invalidBody, message)
}

function setOf(map: Map<string, Set<string>>, key: string): Set<string> {
  let set = map.get(key)
  if (!set) {
    set = new Set()
    map.set(key, set)
  }
  return set
}

function emptyStats(): UploadStats {
  return {
    tokensIssued: 0,
    checkMissingRequests: 0,
    uploadRequests: 0,
    filesUploaded: 0,
    bytesUploaded: 0,
    upsertRequests: 0,
    tokensRefused: 0
  }
}
