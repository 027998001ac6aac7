/**
 * Serves deployment URLs. `*.pages.dev` hosts live under `/__sites/{host}/…` on the emulator,
 * so a gate or smoke test can fetch a deployment's `url` or alias exactly as the API returns it.
 * For a browser (or curl), the same sites answer on `http://<name>.localhost:<port>/…` for
 * `<name>.pages.dev`: browsers and curl take any `*.localhost` name for loopback (Node does
 * not, hence the paths), and at its own host name a site's root-relative links work.
 * A Direct Upload deployment serves the files it was created with (see site-files.ts); a Git
 * build, which uploads nothing, serves a page naming the deployment.
 */
import { deployedAtMs } from './stages.js'
import type { DeploymentRecord, EmulatorState } from './state.js'
import type { EmulatorResponse } from './envelope.js'
import { serveFiles } from './site-files.js'

const HOST = /^(?:([a-z0-9-]+)\.)?([a-z0-9][a-z0-9-]*)\.pages\.dev$/
/** `<name>.localhost[:port]`, a browser's name for the site `<name>.pages.dev`. */
const BROWSER_HOST = /^((?:[a-z0-9-]+\.)*[a-z0-9-]+)\.localhost(?::\d+)?$/i
const PAGES_DEV = '.pages.dev'

/** Answers `GET /__sites/{host}/{path}`; `sitePath` is what follows `/__sites/`. */
export function serveSite(state: EmulatorState, sitePath: string, now: number): EmulatorResponse {
  const slash = sitePath.indexOf('/')
  const host = (slash === -1 ? sitePath : sitePath.slice(0, slash)).toLowerCase()
  const path = slash === -1 ? '/' : sitePath.slice(slash)
  return serveHost(state, host, path, now, `/__sites/${host}`)
}

/** The `*.pages.dev` site a request's `Host` header names as `<name>.localhost`, if any. */
export function siteOfBrowserHost(hostHeader: string | undefined): string | undefined {
  const name = BROWSER_HOST.exec(hostHeader ?? '')?.[1]
  return name ? `${name.toLowerCase()}${PAGES_DEV}` : undefined
}

/**
 * Where a browser opens a site URL, on the emulator at `origin`: `https://<name>.pages.dev/p`,
 * or `<origin>/__sites/<name>.pages.dev/p` as the API answers, becomes
 * `http://<name>.localhost:<port>/p`. `undefined` for any other URL.
 */
export function browserSiteUrl(origin: string, url: string): string | undefined {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return undefined
  }
  let host = parsed.hostname
  let path = parsed.pathname
  if (parsed.origin === origin && path.startsWith('/__sites/')) {
    const rest = path.slice('/__sites/'.length)
    const slash = rest.indexOf('/')
    host = slash === -1 ? rest : rest.slice(0, slash)
    path = slash === -1 ? '/' : rest.slice(slash)
  } else if (parsed.protocol !== 'https:') return undefined
  if (!HOST.test(host.toLowerCase())) return undefined
  const name = host.toLowerCase().slice(0, -PAGES_DEV.length)
  return `http://${name}.localhost:${new URL(origin).port}${path}${parsed.search}`
}

/** Answers a request for `path` of the site `host`; `prefix` is the site's root in URLs. */
export function serveHost(
  state: EmulatorState,
  host: string,
  path: string,
  now: number,
  prefix: string
): EmulatorResponse {
  const deployment = resolve(state, host, now)
  if (!deployment) return page(404, 'Not found', `<p>Nothing is deployed at ${escape(host)}.</p>`)
  const { siteStatus } = deployment
  const location = deployment.siteRedirects[path]
  if (location !== undefined) {
    return { status: 302, headers: { location, 'content-length': '0' }, body: '' }
  }
  if (siteStatus >= 200 && siteStatus < 300 && deployment.upload) {
    return serveFiles(state, deployment.upload, prefix, path)
  }
  if (siteStatus >= 200 && siteStatus < 300) {
    return page(
      siteStatus,
      deployment.project.name,
      [
        `<h1>${escape(deployment.project.name)}</h1>`,
        `<p>Deployment <code id="deployment">${deployment.id}</code></p>`,
        `<p>Commit <code id="commit">${deployment.commitHash}</code>: ${escape(deployment.commitMessage)}</p>`,
        `<p>Path <code>${escape(path)}</code></p>`
      ].join('\n')
    )
  }
  return page(
    siteStatus,
    `Error ${siteStatus}`,
    `<h1>Error ${siteStatus}</h1><p>${escape(path)}</p>`
  )
}

/** Host to deployment: short id, branch alias (newest live of the branch), or the project (live). */
function resolve(state: EmulatorState, host: string, now: number): DeploymentRecord | undefined {
  const match = HOST.exec(host)
  const label = match?.[1]
  const project = match?.[2] ? state.projectBySubdomain(match[2]) : undefined
  if (!project) return undefined
  if (label === undefined) return state.canonical(project, now) ?? undefined
  const byShortId = state.visible(project, now).find((d) => d.id.slice(0, 8) === label)
  if (byShortId) return isLive(byShortId, now) ? byShortId : undefined
  const branch = state.visible(project, now).find((d) => d.aliasLabel === label && isLive(d, now))
  return branch
}

function isLive(d: DeploymentRecord, now: number): boolean {
  const at = deployedAtMs(d)
  return at !== null && at <= now
}

function page(status: number, title: string, body: string): EmulatorResponse {
  return {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    body: `<!DOCTYPE html><html><head><title>${escape(title)}</title></head><body>\n${body}\n</body></html>`
  }
}

function escape(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`)
}
