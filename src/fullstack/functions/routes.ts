/**
 * File-path routing of Pages Functions: the files of `functions/` and their `onRequest…`
 * exports become routes, most specific first, exactly as Cloudflare's tooling derives them
 * (`api/greet/[name].ts` exporting `onRequestGet` serves GET /api/greet/:name).
 */

/** A file of the functions folder and what it exports. */
export interface FunctionFile {
  /** Path relative to the functions folder, with `/` separators and its extension. */
  path: string
  /** Export names, in esbuild's (alphabetical) order. */
  exports: string[]
}

/** One route, in the shape of `functions-filepath-routing-config.json`. */
export interface RouteEntry {
  routePath: string
  mountPath: string
  /** `GET`, `POST`…, or `''` for any method (`onRequest`). */
  method: string
  /** `file:export` strings. */
  middleware?: string[]
  module?: string[]
}

/** A functions folder that cannot be routed; the message names the file and the fix. */
export class FunctionsRouteError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'FunctionsRouteError'
  }
}

const HANDLER = /^onRequest(Get|Post|Put|Patch|Delete|Options|Head)?$/
const EXTENSION = /\.(mjs|js|ts|tsx|jsx)$/

/** Whether a file of the functions folder can hold routes. */
export function isFunctionFile(name: string): boolean {
  return EXTENSION.test(name)
}

/** The routes of a functions folder, most specific first. `files` come in discovery order. */
export function deriveRoutes(files: FunctionFile[]): RouteEntry[] {
  const entries: RouteEntry[] = []
  for (const file of files) {
    const withoutExtension = file.path.replace(EXTENSION, '')
    const segments = withoutExtension.split('/')
    const basename = segments[segments.length - 1] ?? ''
    const directory = segments.slice(0, -1).join('/')
    const isMiddleware = basename === '_middleware' || basename === '_middleware_'
    const isIndex = basename === 'index'
    const routePath = toPattern(isMiddleware || isIndex ? directory : withoutExtension, file.path)
    const mountPath = toPattern(directory, file.path)
    for (const name of file.exports) {
      const handler = HANDLER.exec(name)
      if (!handler) continue
      const entry: RouteEntry = {
        routePath,
        mountPath,
        method: handler[1]?.toUpperCase() ?? ''
      }
      entry[isMiddleware ? 'middleware' : 'module'] = [`${file.path}:${name}`]
      entries.push(entry)
    }
  }
  return merge(entries).sort(compareRoutes)
}

/** The `functions-filepath-routing-config.json` Cloudflare shows in a deployment's Functions tab. */
export function routingConfigJson(routes: RouteEntry[]): string {
  return JSON.stringify({ routes, baseURL: '/' }, null, 2)
}

/**
 * `path/[id]/[[rest]]` → `/path/:id/:rest*`. Parameter names must be identifiers, since they
 * become the keys of `context.params`.
 */
function toPattern(path: string, file: string): string {
  const converted = path
    .replace(/\[\[([^\]]*)\]\]/g, (_, name: string) => {
      if (!/^[A-Za-z0-9_]+$/.test(name)) throw badParameter(`[[${name}]]`, file)
      return `:${name}*`
    })
    .replace(/\[([^\]]*)\]/g, (_, name: string) => {
      if (!/^[A-Za-z0-9_]+$/.test(name)) throw badParameter(`[${name}]`, file)
      return `:${name}`
    })
  return `/${converted}`
}

function badParameter(parameter: string, file: string): FunctionsRouteError {
  return new FunctionsRouteError(
    `functions/${file}: the route parameter "${parameter}" is not valid; parameter names may only contain letters, digits and underscores (rename the file or folder).`
  )
}

/**
 * Entries of one path and method become one: a folder's `_middleware` and `index` share a
 * route. A later file's keys overwrite an earlier one's, and new keys are appended.
 */
function merge(entries: RouteEntry[]): RouteEntry[] {
  const byKey = new Map<string, RouteEntry>()
  for (const entry of entries) {
    const key = `${entry.routePath}\0${entry.method}`
    const existing = byKey.get(key)
    if (existing) Object.assign(existing, entry)
    else byKey.set(key, entry)
  }
  return [...byKey.values()]
}

/** Most specific first: more segments; then literal before parameter before catch-all. */
export function compareRoutes(a: RouteEntry, b: RouteEntry): number {
  const left = segmentsOf(a.routePath)
  const right = segmentsOf(b.routePath)
  if (left.length !== right.length) return right.length - left.length
  for (let i = 0; i < left.length; i++) {
    const x = left[i] ?? ''
    const y = right[i] ?? ''
    const xWild = x.includes('*')
    const yWild = y.includes('*')
    if (xWild !== yWild) return xWild ? 1 : -1
    const xParam = x.includes(':')
    const yParam = y.includes(':')
    if (xParam !== yParam) return xParam ? 1 : -1
  }
  if (Boolean(a.method) !== Boolean(b.method)) return a.method ? -1 : 1
  return a.routePath.localeCompare(b.routePath)
}

function segmentsOf(routePath: string): string[] {
  return routePath.slice(1).split('/').filter(Boolean)
}
