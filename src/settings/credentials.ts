/** The Cloudflare side of the settings: credentials, account and API base URL. */
import type { Credentials } from '../cloudflare/credentials.js'
import { byDialect, input } from '../util/input-names.js'
import { redactUrlCredentials, registerSecret } from '../util/secrets.js'
import { clip, type InputSource, type Problems } from './fields.js'

export const DEFAULT_API_BASE_URL = 'https://api.cloudflare.com/client/v4'
const ACCOUNT_ID = /^[0-9a-f]{32}$/i
const TOKEN = /^[A-Za-z0-9_\-.~+/=]+$/
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

/** Whether credentials were given at all, as input or environment variable. */
export function credentialsGiven(read: InputSource, env: NodeJS.ProcessEnv): boolean {
  return Boolean(
    read('api-token') || env.CLOUDFLARE_API_TOKEN || read('api-key') || env.CLOUDFLARE_API_KEY
  )
}

/** Reads `api-token` (or the legacy `api-key` and `api-email`), masking them at once. */
export function readCredentials(
  read: InputSource,
  env: NodeJS.ProcessEnv,
  problems: Problems,
  warnings: string[]
): Credentials | undefined {
  const token = (read('api-token') || env.CLOUDFLARE_API_TOKEN || '').trim()
  const key = (read('api-key') || env.CLOUDFLARE_API_KEY || '').trim()
  const email = (read('api-email') || env.CLOUDFLARE_EMAIL || '').trim()
  // Mask before anything can print them, even a validation message.
  for (const secret of [token, key]) if (secret) registerSecret(secret)

  if (token) {
    if (!TOKEN.test(token)) {
      return problems.add(
        `${input('api-token')}: contains spaces or characters an API token never has. Paste the token alone, without "Bearer " or quotes.`
      )
    }
    return { kind: 'token', token }
  }
  if (key || email) {
    if (!key) {
      return problems.add(
        `${input('api-key')}: required with ${input('api-email')} (the legacy Global API Key).`
      )
    }
    if (!email || !EMAIL.test(email)) {
      return problems.add(
        `${input('api-email')}: the e-mail address of the Cloudflare account is required with ${input('api-key')}.`
      )
    }
    if (!TOKEN.test(key)) {
      return problems.add(`${input('api-key')}: contains characters a Global API Key never has.`)
    }
    warnings.push(
      `${input('api-key')} and ${input('api-email')} use the legacy Global API Key, which can do anything on the account. Create an API token with the "Cloudflare Pages: Edit" permission and pass it as ${input('api-token')} instead.`
    )
    return { kind: 'global-key', key, email }
  }
  const where = byDialect({
    action:
      'store it as a repository secret and pass it as `api-token: ${{ secrets.CLOUDFLARE_API_TOKEN }}`',
    // A flag's value shows in the process list and the shell history.
    cli: 'and set the CLOUDFLARE_API_TOKEN environment variable to it'
  })
  return problems.add(
    `${input('api-token')}: required. Create an API token with the "Account › Cloudflare Pages › Edit" permission, ${where}.`
  )
}

/** `account-id` or CLOUDFLARE_ACCOUNT_ID. */
export function readAccountId(
  read: InputSource,
  env: NodeJS.ProcessEnv,
  problems: Problems
): string {
  const accountId = (read('account-id') || env.CLOUDFLARE_ACCOUNT_ID || '').trim()
  if (!accountId) {
    problems.add(
      `${input('account-id')}: required. Set ${input('account-id')} or the CLOUDFLARE_ACCOUNT_ID variable to the 32-character id shown in the Cloudflare dashboard (Workers & Pages › Account details).`
    )
  } else if (!ACCOUNT_ID.test(accountId)) {
    // Never echoed: a value in the wrong input may be a credential (an API token pasted here).
    const token =
      accountId.length === 40
        ? ` It has the length of an API token: pass the token as ${input('api-token')}, not here.`
        : ''
    problems.add(
      `${input('account-id')}: the value given (${accountId.length} characters) is not an account id; expected 32 hexadecimal characters, shown in the Cloudflare dashboard (Workers & Pages › Account details).${token}`
    )
  }
  return accountId
}

/** CLOUDFLARE_API_BASE_URL: where API requests go, the only host that sees the credentials. */
export function readApiBaseUrl(env: NodeJS.ProcessEnv, problems: Problems): string {
  const text = (env.CLOUDFLARE_API_BASE_URL || DEFAULT_API_BASE_URL).trim().replace(/\/+$/, '')
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return (
      problems.add(
        `CLOUDFLARE_API_BASE_URL: '${clip(redactUrlCredentials(text))}' is not a URL.`
      ) ?? DEFAULT_API_BASE_URL
    )
  }
  // The token would travel in clear text over plain HTTP; allow it only on this machine.
  const secure =
    url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))
  if (!secure || url.username || url.password || url.search || url.hash) {
    return (
      problems.add(
        `CLOUDFLARE_API_BASE_URL: '${clip(redactUrlCredentials(`${url.protocol}//${url.username ? '***@' : ''}${url.host}${url.pathname}`))}' must be an https URL without credentials or query (plain http is accepted only for localhost).`
      ) ?? DEFAULT_API_BASE_URL
    )
  }
  return text
}
