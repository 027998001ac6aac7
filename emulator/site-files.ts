/**
 * A Direct Upload deployment's site: the files it was created with, under Cloudflare's rules,
 * so that a smoke check's `contains` and `->` are tested against what was uploaded.
 *
 * - `_redirects` first, in file order, first match wins: `*` is the splat and `:name` a
 *   placeholder, both usable in the destination; 200 serves the destination's file (a rewrite).
 *   The rules are read by pages-pilot's own reader of the file, which the conformance test
 *   holds to Cloudflare's parser.
 * - Files: `/a` serves `/a`, `/a.html` or `/a/index.html`; `/dir/` serves `/dir/index.html`.
 * - Not found: the top-level `404.html` with 404; without one, Cloudflare takes the site for a
 *   single-page application and serves `/index.html` with 200 (developers.cloudflare.com/
 *   pages/configuration/serving-pages/#not-found-behavior).
 * - `_headers`: every matching rule's headers are added, `! Name` removes one.
 * No Worker runs: a `_worker.js` or Functions deployment serves its static files only.
 */
import { parseHeadersFile, parseRedirectsFile } from '../src/domain/special-files.js'
import type { EmulatorResponse } from './envelope.js'
import type { EmulatorState } from './state.js'
import type { DeploymentUpload } from './types.js'

/** Redirects followed internally by a rewrite chain at most, as a guard against loops. */
const MAX_REWRITES = 5

export function serveFiles(
  state: EmulatorState,
  upload: DeploymentUpload,
  sitePrefix: string,
  requestPath: string
): EmulatorResponse {
  const redirects = upload.files._redirects
    ? parseRedirectsFile(upload.files._redirects.toString('utf8')).rules
    : []
  let path = requestPath
  for (let rewrites = 0; rewrites < MAX_REWRITES; rewrites++) {
    const redirect = matchRedirect(redirects, path)
    if (!redirect) break
    if (redirect.status === 200) {
      path = redirect.to
      continue
    }
    const location = redirect.to.startsWith('/') ? `${sitePrefix}${redirect.to}` : redirect.to
    return withHeaders(upload, requestPath, {
      status: redirect.status,
      headers: { location },
      body: ''
    })
  }
  const file = findFile(upload.manifest, path)
  const fallback = file === undefined ? notFound(upload.manifest) : undefined
  const chosen = file ?? fallback?.file
  const asset = chosen === undefined ? undefined : state.assets.get(upload.manifest[chosen] ?? '')
  if (!asset) {
    return withHeaders(upload, requestPath, {
      status: 404,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: 'Not found'
    })
  }
  return withHeaders(upload, requestPath, {
    status: fallback?.status ?? 200,
    headers: { 'content-type': asset.contentType },
    body: '',
    bytes: asset.content
  })
}

function findFile(manifest: Record<string, string>, path: string): string | undefined {
  const candidates = path.endsWith('/')
    ? [`${path}index.html`]
    : [path, `${path}.html`, `${path}/index.html`]
  return candidates.find((candidate) => manifest[candidate] !== undefined)
}

function notFound(manifest: Record<string, string>): { file: string; status: number } | undefined {
  if (manifest['/404.html'] !== undefined) return { file: '/404.html', status: 404 }
  if (manifest['/index.html'] !== undefined) return { file: '/index.html', status: 200 }
  return undefined
}

/** The first rule whose source matches `path`, with its destination filled in. */
function matchRedirect(
  rules: ReadonlyArray<{ from: string; to: string; status: number }>,
  path: string
): { to: string; status: number } | undefined {
  for (const rule of rules) {
    const values = matchPattern(rule.from, path)
    if (!values) continue
    const to = rule.to.replace(/:([A-Za-z]\w*)/g, (whole, name: string) => values[name] ?? whole)
    return { to, status: rule.status }
  }
  return undefined
}

/** Matches a rule's path pattern (`*` splat, `:name` placeholders) against a whole path. */
function matchPattern(pattern: string, path: string): Record<string, string> | undefined {
  const names: string[] = []
  const source = pattern
    .split(/(\*|:[A-Za-z]\w*)/)
    .map((part) => {
      if (part === '*') {
        names.push('splat')
        return '(.*)'
      }
      if (/^:[A-Za-z]\w*$/.test(part)) {
        names.push(part.slice(1))
        return '([^/]+)'
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    })
    .join('')
  const match = new RegExp(`^${source}$`).exec(path)
  if (!match) return undefined
  return Object.fromEntries(names.map((name, i) => [name, match[i + 1] ?? '']))
}

/** Adds the `_headers` rules that match `path`. */
function withHeaders(
  upload: DeploymentUpload,
  path: string,
  response: EmulatorResponse
): EmulatorResponse {
  const file = upload.files._headers
  if (!file) return response
  const headers = { ...response.headers }
  for (const rule of parseHeadersFile(file.toString('utf8')).rules) {
    if (!rule.path.startsWith('/') || !matchPattern(rule.path, path)) continue
    Object.assign(headers, rule.headers)
    for (const name of rule.unset) delete headers[name.toLowerCase()]
  }
  return { ...response, headers }
}
