/**
 * The Direct Upload protocol client: upload token (a JWT), `check-missing`, `upload` in
 * buckets, `upsert-hashes`. Only the files Cloudflare does not already have are sent; a
 * redeploy of an unchanged folder sends none. Each bucket's files are read from disk as its
 * request body is sent (see {@link UploadBody}), so memory is bounded by a few pieces per
 * request in flight, not by the buckets or the site.
 */
import { CanceledError } from '../util/canceled.js'
import type { Clock } from '../util/clock.js'
import { ASSETS_PATHS, type AssetsPath, type StreamedJson } from '../cloudflare/assets-client.js'
import { CloudflareApiError } from '../cloudflare/errors.js'
import { ErrorCode } from '../cloudflare/types.js'
import { UPLOAD_RETRY_POLICY, withRetries, type RetryPolicy } from '../http/retry.js'
import { DEFAULT_BUCKET_LIMITS, planBuckets, type Bucket, type BucketLimits } from './buckets.js'
import type { HashLease, PagesHasher } from './hash.js'
import { UploadBody, type BodyFile, type UploadFileHandle } from './upload-body.js'
import { DEFAULT_MAX_FILES } from './walk.js'
import { input, runAgain } from '../util/input-names.js'

/** What the uploader needs from the network; one implementation per transport, one fake per test. */
export interface UploadApi {
  /** `GET …/pages/projects/{p}/upload-token` with the account's credentials; the `jwt`. */
  fetchUploadToken(): Promise<string>
  /**
   * One attempt (retries are the uploader's) of `POST {path}` with `Authorization: Bearer
   * <jwt>` and `body` as JSON; resolves with the envelope's `result`, or throws a
   * {@link CloudflareApiError}. `operation` names the request in error messages.
   */
  postAssets<T>(path: AssetsPath, jwt: string, body: unknown, operation: string): Promise<T>
  /**
   * One attempt of `POST /pages/assets/upload`, like {@link postAssets}, with a JSON body of
   * `body.length` bytes that `body.open()` produces as it is sent (called once per attempt).
   * When the stream fails, the attempt must fail.
   */
  uploadAssets<T>(jwt: string, body: StreamedJson, operation: string): Promise<T>
}

/** An upload token and the claims the uploader uses. */
export interface UploadToken {
  jwt: string
  /** Most files a deployment may have (`max_file_count_allowed`; 20,000 when absent). */
  maxFileCount: number
  /** When the token expires (`exp`), or undefined when it does not say. */
  expiresAtMs: number | undefined
}

/**
 * Reads the claims of an upload token. The payload is base64url JSON; the signature is
 * Cloudflare's business, so it is not checked. Cloudflare's `exp` is read on Cloudflare's clock:
 * with its `iat`, the token's lifetime is counted from `receivedAtMs` on ours, so a runner whose
 * clock is minutes off neither trusts an expired token nor throws away every fresh one. Without
 * `iat`, an `exp` already past on our clock says nothing (only a refusal will).
 */
export function decodeUploadToken(jwt: string, receivedAtMs?: number): UploadToken {
  const payload = jwt.split('.')[1]
  let claims: Record<string, unknown> = {}
  try {
    const parsed: unknown = payload ? JSON.parse(Buffer.from(payload, 'base64url').toString()) : {}
    if (typeof parsed === 'object' && parsed !== null) claims = parsed as Record<string, unknown>
  } catch {
    // An unreadable payload: fall back to the defaults and let the API judge the token.
  }
  const max = claims.max_file_count_allowed
  const exp = claims.exp
  const iat = claims.iat
  let expiresAtMs: number | undefined
  if (typeof exp === 'number') {
    if (typeof iat === 'number' && exp > iat && receivedAtMs !== undefined) {
      expiresAtMs = receivedAtMs + (exp - iat) * 1000
    } else if (receivedAtMs === undefined || exp * 1000 > receivedAtMs) {
      expiresAtMs = exp * 1000
    }
  }
  return {
    jwt,
    maxFileCount: typeof max === 'number' && max > 0 ? max : DEFAULT_MAX_FILES,
    expiresAtMs
  }
}

/** A file of the manifest, hashed. */
export interface UploadAsset {
  /** Manifest path, such as `/index.html`. */
  path: string
  absolutePath: string
  size: number
  contentType: string
  hash: string
}

/** How far the upload is. Files are counted per manifest path, bytes per distinct content. */
export interface UploadCounts {
  /** Files in the manifest. */
  found: number
  /** Files whose content Cloudflare already had. */
  alreadyUploaded: number
  /** Files whose content this run sends (`found - alreadyUploaded`). */
  toUpload: number
  /** Of `toUpload`, those whose bucket has been accepted. */
  uploaded: number
  /** Bytes to send (each distinct content once, before base64). */
  bytesTotal: number
  bytesUploaded: number
}

/** What `upload` did. */
export interface UploadResult {
  counts: UploadCounts
  /** Manifest path → hash, the `manifest` field of the deployment. */
  manifest: Record<string, string>
  /** Upload requests that were accepted (retries not counted). */
  buckets: number
}

/** The upload cannot go on; the message says why. */
export class UploadError extends Error {
  constructor(message: string, options?: { cause: unknown }) {
    super(message, options)
    this.name = 'UploadError'
  }
}

export interface UploaderOptions {
  api: UploadApi
  clock: Clock
  /** Buckets in flight; default 3. After a 524 gateway timeout, one at a time. */
  concurrency?: number
  retry?: RetryPolicy
  bucketLimits?: BucketLimits
  /** Least time between two progress reports (the last is always reported); default 3 s. */
  progressIntervalMs?: number
  /** Told of problems that do not stop the upload (hashes that could not be recorded). */
  onWarning?: (message: string) => void
  /** Called after check-missing, then after buckets (throttled), then once with `final`. */
  onProgress?: (counts: UploadCounts, final: boolean) => void
  signal?: AbortSignal
  /**
   * When given, each file is hashed again as it is sent (from the same read), and a file that
   * changed since it was hashed stops the upload instead of being stored under a wrong hash.
   * Without it, only a change of size is caught.
   */
  hasher?: PagesHasher
  /** Opens a file for upload; default `fs.openSync` (see {@link UploadBody}). */
  openFile?: (absolutePath: string) => UploadFileHandle
  /** A token this close to its expiry is replaced before use; default 60 s. */
  tokenRefreshMarginMs?: number
  /** Fresh tokens one request may ask for after its token was refused; default 3. */
  maxTokenRefreshes?: number
  random?: () => number
}

/** Uploads the assets of one deployment. */
export class AssetUploader {
  private token: UploadToken | undefined
  private pendingToken: Promise<UploadToken> | undefined
  /** Set by a 524: wrangler's cue to send one bucket at a time. */
  private gatewayTimedOut = false
  private lastReportMs = Number.NEGATIVE_INFINITY
  private readonly counts: UploadCounts = {
    found: 0,
    alreadyUploaded: 0,
    toUpload: 0,
    uploaded: 0,
    bytesTotal: 0,
    bytesUploaded: 0
  }

  constructor(private readonly options: UploaderOptions) {}

  /** The current upload token, fetched on first use and replaced when about to expire. */
  async getUploadToken(): Promise<UploadToken> {
    const current = this.token ?? (await this.renewToken(undefined))
    return this.nearExpiry(current) ? this.renewToken(current.jwt) : current
  }

  /** The hashes among `hashes` that Cloudflare does not have yet. */
  async checkMissing(hashes: readonly string[]): Promise<string[]> {
    if (hashes.length === 0) return []
    const asked = new Set(hashes)
    const missing = await this.withRetries('check which files are missing', (jwt) =>
      this.options.api.postAssets<string[] | null>(
        ASSETS_PATHS.checkMissing,
        jwt,
        { hashes: [...asked] },
        'check which files are missing'
      )
    )
    return [...new Set(missing ?? [])].filter((hash) => asked.has(hash))
  }

  /**
   * Tells Cloudflare that the deployment uses `hashes` (all of the manifest's): tried twice,
   * a second apart, as wrangler does. This only speeds up the next deployment's check-missing,
   * so its failure is for the caller to report, not to fail the deployment.
   */
  async upsertHashes(hashes: readonly string[]): Promise<void> {
    if (hashes.length === 0) return
    await this.withRetries(
      'record the uploaded hashes',
      (jwt) =>
        this.options.api.postAssets<unknown>(
          ASSETS_PATHS.upsertHashes,
          jwt,
          { hashes: [...new Set(hashes)] },
          'record the uploaded hashes'
        ),
      UPSERT_RETRY_POLICY
    )
  }

  /** check-missing, upload what is missing in buckets, upsert-hashes. */
  async upload(assets: readonly UploadAsset[]): Promise<UploadResult> {
    const token = await this.getUploadToken()
    if (assets.length > token.maxFileCount) {
      throw new UploadError(
        `The deployment has ${assets.length.toLocaleString('en-US')} files; Cloudflare allows this project at most ${token.maxFileCount.toLocaleString('en-US')}.`
      )
    }
    const byHash = new Map<string, UploadAsset[]>()
    for (const asset of assets) {
      const same = byHash.get(asset.hash)
      if (same) same.push(asset)
      else byHash.set(asset.hash, [asset])
    }
    const missing = new Set(await this.checkMissing([...byHash.keys()]))
    const send = [...missing].flatMap((hash) => byHash.get(hash)?.slice(0, 1) ?? [])
    Object.assign(this.counts, {
      found: assets.length,
      toUpload: assets.filter((a) => missing.has(a.hash)).length,
      alreadyUploaded: assets.filter((a) => !missing.has(a.hash)).length,
      bytesTotal: send.reduce((sum, a) => sum + a.size, 0)
    })
    this.report(false, true)

    const buckets = planBuckets(send, this.options.bucketLimits ?? DEFAULT_BUCKET_LIMITS)
    await this.sendBuckets(buckets, byHash)
    try {
      await this.upsertHashes([...byHash.keys()])
    } catch (error) {
      if (error instanceof CanceledError) throw error
      this.options.onWarning?.(
        `Cloudflare did not record the uploaded files' hashes (${describe(error)}). Every file was uploaded and the deployment goes ahead; the next deployment may upload some files again.`
      )
    }
    this.report(true, true)
    return {
      counts: { ...this.counts },
      manifest: Object.fromEntries(assets.map((a) => [a.path, a.hash])),
      buckets: buckets.length
    }
  }

  /**
   * Sends the buckets, `concurrency` at a time (one at a time after a gateway timeout). The
   * first bucket that fails for good stops new ones from starting; those in flight finish, and
   * then the failure is thrown: no bucket is skipped without an error.
   */
  private async sendBuckets(
    buckets: Array<Bucket<UploadAsset>>,
    byHash: Map<string, UploadAsset[]>
  ): Promise<void> {
    const concurrency = Math.max(1, this.options.concurrency ?? 3)
    const running = new Set<Promise<void>>()
    let failure: { error: unknown } | undefined
    for (const [index, bucket] of buckets.entries()) {
      while (running.size >= (this.gatewayTimedOut ? 1 : concurrency) && !failure) {
        await Promise.race(running)
      }
      if (failure) break
      const sent: Promise<void> = this.sendBucket(bucket, index, buckets.length)
        .then(() => {
          for (const file of bucket.files)
            this.counts.uploaded += byHash.get(file.hash)?.length ?? 1
          this.counts.bytesUploaded += bucket.bytes
          this.report(false, false)
        })
        .catch((error: unknown) => {
          failure ??= { error }
        })
        .finally(() => running.delete(sent))
      running.add(sent)
    }
    await Promise.all(running)
    if (failure) throw failure.error
  }

  private async sendBucket(
    bucket: Bucket<UploadAsset>,
    index: number,
    total: number
  ): Promise<void> {
    const { signal, hasher, openFile } = this.options
    if (signal?.aborted) throw new CanceledError()
    const hashes: HashLease | undefined = await hasher?.reserve()
    try {
      const body = new UploadBody(bucket.files, {
        ...(openFile ? { openFile } : {}),
        ...(hashes ? { hashes } : {}),
        ...(signal ? { signal } : {}),
        fileError
      })
      const operation = `upload files (request ${index + 1} of ${total}, ${bucket.files.length} files)`
      await this.withRetries(operation, async (jwt) => {
        try {
          return await this.options.api.uploadAssets<unknown>(jwt, body, operation)
        } catch (error) {
          // A file that could not be read or changed fails the request: that, not the
          // request's failure, is the reason, and no retry would help.
          throw body.failure ?? error
        }
      })
    } finally {
      hashes?.release()
    }
  }

  /**
   * Runs `call` with a valid token: transient failures are retried with backoff, a refused or
   * expired token is replaced and the call repeated (at most `maxTokenRefreshes` times).
   */
  private async withRetries<T>(
    operation: string,
    call: (jwt: string) => Promise<T>,
    policy: RetryPolicy = this.options.retry ?? UPLOAD_RETRY_POLICY
  ): Promise<T> {
    const { clock, signal, random } = this.options
    const maxRefreshes = this.options.maxTokenRefreshes ?? 3
    let refreshes = 0
    let gatewayTimeouts = 0
    const failed = (error: unknown, attempts: number): UploadError =>
      new UploadError(
        `Uploading to Cloudflare Pages failed${attempts > 1 ? ` after ${attempts} attempts` : ''}: ${describe(error)}`,
        { cause: error }
      )
    return withRetries<T>(
      { policy, clock, signal, ...(random ? { random } : {}) },
      async (attempt) => {
        const token = await this.getUploadToken()
        try {
          return { kind: 'done', value: await call(token.jwt) }
        } catch (error) {
          if (error instanceof CanceledError || error instanceof UploadError) {
            return { kind: 'fail', error }
          }
          if (tokenRefused(error)) {
            // A fresh token is the answer, and asking for one is no failed attempt. The upload
            // token is not the API token: api-token was good enough to get it.
            if (++refreshes > maxRefreshes) {
              return {
                kind: 'fail',
                error: new UploadError(
                  `${operation}: Cloudflare refused ${refreshes} fresh upload tokens in a row (${describe(error)}), each moments after issuing it. This is on Cloudflare's side, not ${input('api-token')}'s: ${runAgain()}, and report it to Cloudflare if it persists.`,
                  { cause: error }
                )
              }
            }
            await this.renewToken(token.jwt)
            return { kind: 'again' }
          }
          if (!retryable(error)) return { kind: 'fail', error: failed(error, attempt) }
          if (error instanceof CloudflareApiError && error.status === 524) {
            // Cloudflare's edge gave up waiting: send one request at a time from now on, and
            // wait longer each time (wrangler's 2^n × 5 s on top of the backoff). The first
            // GATEWAY_TIMEOUTS_FREE of a request do not count as failed attempts.
            this.gatewayTimedOut = true
            const extraDelayMs = Math.min(GATEWAY_EXTRA_MAX_MS, 5_000 * 2 ** gatewayTimeouts)
            gatewayTimeouts++
            return {
              kind: 'retry',
              rateLimited: false,
              retryAfterMs: undefined,
              extraDelayMs,
              counted: gatewayTimeouts >= GATEWAY_TIMEOUTS_FREE,
              giveUp: (why) => failed(error, why.attempts)
            }
          }
          return {
            kind: 'retry',
            rateLimited: false,
            retryAfterMs: undefined,
            giveUp: (why) => failed(error, why.attempts)
          }
        }
      }
    )
  }

  /**
   * Replaces the token `stale` (or gets the first one). Concurrent callers share one request,
   * and a caller whose stale token was already replaced gets the replacement.
   */
  private renewToken(stale: string | undefined): Promise<UploadToken> {
    if (this.pendingToken) return this.pendingToken
    if (this.token && this.token.jwt !== stale) return Promise.resolve(this.token)
    const asked = this.options.clock.now()
    const pending = this.options.api
      .fetchUploadToken()
      .then((jwt) => {
        // Issued between asking and receiving: its lifetime counts from the asking, the safe end.
        this.token = decodeUploadToken(jwt, asked)
        return this.token
      })
      .finally(() => {
        this.pendingToken = undefined
      })
    this.pendingToken = pending
    return pending
  }

  private nearExpiry(token: UploadToken): boolean {
    if (token.expiresAtMs === undefined) return false
    const margin = this.options.tokenRefreshMarginMs ?? 60_000
    return token.expiresAtMs - this.options.clock.now() < margin
  }

  private report(final: boolean, force: boolean): void {
    const now = this.options.clock.now()
    if (!force && now - this.lastReportMs < (this.options.progressIntervalMs ?? 3_000)) return
    this.lastReportMs = now
    this.options.onProgress?.({ ...this.counts }, final)
  }
}

/** upsert-hashes: one more try a second later, then a warning (wrangler's tolerance). */
const UPSERT_RETRY_POLICY: RetryPolicy = { ...UPLOAD_RETRY_POLICY, attempts: 2, jitter: false }

/** Gateway timeouts (524) of one request waited out before they count as failed attempts. */
const GATEWAY_TIMEOUTS_FREE = 5
/**
 * wrangler's extra pause after a gateway timeout doubles without end (5 s, 10 s ... 21 min
 * after the ninth); pages-pilot stops doubling at 80 s, the fifth, so that sustained 524s fail
 * within minutes instead of most of an hour.
 */
const GATEWAY_EXTRA_MAX_MS = 80_000

/**
 * True when Cloudflare refused the upload token: error 8000013, HTTP 401, or HTTP 403, which is
 * how the asset endpoints answer an expired JWT (a plain-text `Expired JWT`, no code: workers-sdk
 * issues 3773 and 4919). These endpoints see only the upload token, so a 403 can mean nothing else.
 */
function tokenRefused(error: unknown): boolean {
  return (
    error instanceof CloudflareApiError &&
    (error.errors.some((e) => e.code === ErrorCode.uploadTokenExpired) ||
      error.status === 401 ||
      error.status === 403)
  )
}

/** Worth another attempt: no usable answer, a 5xx (524 included) or Cloudflare's unknown error. */
function retryable(error: unknown): boolean {
  if (error instanceof CloudflareApiError) {
    return (
      error.kind === 'transport' ||
      error.status >= 500 ||
      error.errors.some((e) => e.code === ErrorCode.unknown)
    )
  }
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  return typeof code === 'string' && /^E[A-Z]+$/.test(code)
}

/** Why a file of a request body could not be sent. */
function fileError(file: BodyFile, problem: 'unreadable' | 'changed', cause?: unknown): Error {
  if (problem === 'unreadable') {
    return new UploadError(`Cannot read '${file.path.slice(1)}' for upload: ${String(cause)}`, {
      cause
    })
  }
  return new UploadError(
    `'${file.path.slice(1)}' changed while it was being deployed (${file.absolutePath}); make sure nothing writes to the directory during the upload.`
  )
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** `uploaded 1,200/3,002 files, 41/107 MB` */
export function formatProgress(counts: UploadCounts): string {
  const n = (value: number) => value.toLocaleString('en-US')
  return `uploaded ${n(counts.uploaded)}/${n(counts.toUpload)} files, ${mb(counts.bytesUploaded)}/${mb(counts.bytesTotal)} MB`
}

/** `found 3,002 files: 1,800 already uploaded, 1,202 to upload (41 MB)` */
export function formatPlan(counts: UploadCounts): string {
  const n = (value: number) => value.toLocaleString('en-US')
  return `found ${n(counts.found)} file${counts.found === 1 ? '' : 's'}: ${n(counts.alreadyUploaded)} already uploaded, ${n(counts.toUpload)} to upload (${mb(counts.bytesTotal)} MB)`
}

/** Megabytes, with a decimal below 10 so that small sites do not read as `0 MB`. */
function mb(bytes: number): string {
  const value = bytes / 1_000_000
  return value < 10 ? value.toFixed(1) : Math.round(value).toLocaleString('en-US')
}
