/** How requests to the Cloudflare API authenticate: an API token, or the legacy Global API Key. */
export type Credentials =
  { kind: 'token'; token: string } | { kind: 'global-key'; key: string; email: string }

/** The headers that carry `credentials`. */
export function authHeaders(credentials: Credentials): Record<string, string> {
  return credentials.kind === 'token'
    ? { authorization: `Bearer ${credentials.token}` }
    : { 'x-auth-key': credentials.key, 'x-auth-email': credentials.email }
}
