/**
 * Serves deployment URLs. `*.pages.dev` hosts live under `/__sites/{host}/…` on the emulator,
 * so a gate or smoke test can fetch a deployment's `url` or alias exactly as the API returns it.
 * A Direct Upload deployment serves the files it was created with (see site-files.ts); a Git
 * build, which uploads nothing, serves a page naming the deployment.
 */
import { deployedAtMs } from './stages.js'
import type { DeploymentRecord, EmulatorState } from './state.js'
import type { EmulatorResponse } from './envelope.js'
import { serveFiles } from './site-files.js'

const HOST = /^(?:([a-z0-9-]+)\.)?([a-z0-9][a-z0-9-]*)\.pages\.dev$/

/** Answers `GET /__sites/{host}/{path}`; `sitePath` is what follows `/__sites/`. */
export function serveSite(state: EmulatorState, sitePath: string, now: number): EmulatorResponse {
  const slash = sitePath.indexOf('/')
  const host = (slash === -1 ? sitePath : sitePath.slice(0, slash)).toLowerCase()
  const path = slash === -1 ? '/' : sitePath.slice(slash)
  const deployment = resolve(state, host, now)
  if (!deployment) return page(404, 'Not found', `<p>Nothing is deployed at ${escape(host)}.</p>`)
  const { siteStatus } = deployment
  const location = deployment.siteRedirects[path]
  if (location !== undefined) {
    return { status: 302, headers: { location, 'content-length': '0' }, body: '' }
  }
  if (siteStatus >= 200 && siteStatus < 300 && deployment.upload) {
    return serveFiles(state, deployment.upload, `/__sites/${host}`, path)
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
