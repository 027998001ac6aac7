/**
 * The asset endpoints of Direct Upload: not account-scoped, authenticated with the upload
 * token (a JWT) instead of the account's credentials. Their retries are the uploader's, which
 * renews the token between attempts; only 429s are still waited out here.
 */
import { API_RETRY_POLICY } from '../http/retry.js'
import type { RequestContext } from './errors.js'
import type { PagesClient } from './pages-client.js'
import type { Transport } from './transport.js'

export const ASSETS_PATHS = {
  checkMissing: '/pages/assets/check-missing',
  upload: '/pages/assets/upload',
  upsertHashes: '/pages/assets/upsert-hashes'
} as const
export type AssetsPath = (typeof ASSETS_PATHS)[keyof typeof ASSETS_PATHS]

/** A JSON request body produced as it is sent. */
export interface StreamedJson {
  length: number
  open(): NodeJS.ReadableStream
}

/** One attempt per call: 429s are waited out, everything else is the caller's to retry. */
const SINGLE_ATTEMPT = { ...API_RETRY_POLICY, attempts: 1 }

export class AssetsClient {
  constructor(
    private readonly transport: Transport,
    private readonly pages: PagesClient,
    private readonly projectName: string
  ) {}

  /** A fresh upload token for the project. */
  fetchUploadToken(): Promise<string> {
    return this.pages.getUploadToken(this.projectName)
  }

  /** `POST {path}` with a JSON body; resolves with the envelope's `result`. */
  async postAssets<T>(path: AssetsPath, jwt: string, body: unknown, operation: string): Promise<T> {
    const response = await this.transport.send<T>({
      method: 'POST',
      path,
      body: { kind: 'json', value: body },
      bearer: jwt,
      policy: SINGLE_ATTEMPT,
      // Uploads are stored by hash and the others are lookups or set unions.
      idempotent: true,
      context: this.context(operation)
    })
    return response.result
  }

  /** `POST /pages/assets/upload` with a body read from disk as it is sent. */
  async uploadAssets<T>(jwt: string, body: StreamedJson, operation: string): Promise<T> {
    const response = await this.transport.send<T>({
      method: 'POST',
      path: ASSETS_PATHS.upload,
      body: {
        kind: 'stream',
        contentType: 'application/json',
        length: body.length,
        open: () => body.open()
      },
      bearer: jwt,
      policy: SINGLE_ATTEMPT,
      idempotent: true,
      context: this.context(operation)
    })
    return response.result
  }

  private context(operation: string): RequestContext {
    return {
      operation,
      accountId: this.pages.accountId,
      projectName: this.projectName,
      uploadToken: true
    }
  }
}
