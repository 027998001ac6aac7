/**
 * Credentials and the per-credential rate limit, checked before routing like Cloudflare's edge.
 */
import type { IncomingHttpHeaders } from 'node:http'
import { EmulatorCode, failure, type EmulatorResponse } from './envelope.js'

/** Accepted credentials. */
export interface AuthConfig {
  token: string
  globalApiKey?: { email: string; key: string } | undefined
}

/** The credential that identifies the caller for rate limiting, or the error to answer. */
export type AuthResult =
  { ok: true; credential: string } | { ok: false; response: EmulatorResponse }

/** First value of a header. */
export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name]
  return Array.isArray(value) ? value[0] : value
}

/**
 * Bearer token or legacy email + key. No credentials at all is 400/9106 (what Cloudflare
 * answers); wrong ones are 401/10000.
 */
export function authenticate(headers: IncomingHttpHeaders, config: AuthConfig): AuthResult {
  const authorization = header(headers, 'authorization')
  const email = header(headers, 'x-auth-email')
  const key = header(headers, 'x-auth-key')
  if (authorization === undefined && email === undefined && key === undefined) {
    return {
      ok: false,
      response: failure(
        400,
        EmulatorCode.missingAuth,
        'Missing X-Auth-Key, X-Auth-Email or Authorization headers'
      )
    }
  }
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization)
    if (match?.[1] === config.token) return { ok: true, credential: `token:${config.token}` }
    return { ok: false, response: authError() }
  }
  const legacy = config.globalApiKey
  if (legacy && email === legacy.email && key === legacy.key) {
    return { ok: true, credential: `key:${legacy.email}` }
  }
  return { ok: false, response: authError() }
}

function authError(): EmulatorResponse {
  return failure(401, 10000, 'Authentication error')
}

/** Sliding-window counter per credential; rejected requests do not count. */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>()

  constructor(
    private readonly limit: number,
    private readonly windowMs: number
  ) {}

  /** Counts the request, or returns the seconds to wait before the next one is allowed. */
  check(credential: string, now: number): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const since = now - this.windowMs
    const hits = (this.hits.get(credential) ?? []).filter((t) => t > since)
    if (hits.length >= this.limit) {
      this.hits.set(credential, hits)
      const oldest = hits[0] ?? now
      return {
        ok: false,
        retryAfterSeconds: Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000))
      }
    }
    hits.push(now)
    this.hits.set(credential, hits)
    return { ok: true }
  }

  /** Forgets all counts. */
  reset(): void {
    this.hits.clear()
  }
}

/** The 429 Cloudflare answers past the limit. */
export function rateLimitedResponse(retryAfterSeconds: number): EmulatorResponse {
  return failure(429, 971, 'Please wait and consider throttling your request speed', {
    'retry-after': String(retryAfterSeconds)
  })
}
