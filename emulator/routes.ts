/**
 * Routing and handlers of the Pages API under `/client/v4`. Authentication and rate limiting
 * happen before (server.ts); handlers throw `ApiError` for every refusal.
 */
import { storedCommitMessage } from './commit-message.js'
import { handleUploadToken } from './uploads.js'
import { parseWorkerBundle } from './worker-bundle.js'
import type { IncomingHttpHeaders } from 'node:http'
import type { Environment, ResultInfo } from '../src/cloudflare/types.js'
import {
  ApiError,
  EmulatorCode,
  errorResponse,
  failure,
  success,
  type EmulatorResponse
} from './envelope.js'
import { deploymentLogs } from './logs.js'
import { readProjectUpdate } from './project-settings.js'
import { deployedAtMs } from './stages.js'
import type { DeploymentRecord, EmulatorState, ProjectRecord } from './state.js'
import { deploymentView, projectView } from './views.js'

/** What a handler needs to know about the request. */
export interface ApiRequest {
  state: EmulatorState
  accountId: string
  now: number
  method: string
  url: URL
  headers: IncomingHttpHeaders
  body: Buffer
}

type Params = { project: string; id: string; domain: string }
type Handler = (req: ApiRequest, params: Params) => Promise<EmulatorResponse> | EmulatorResponse

interface Route {
  pattern: RegExp
  methods: Partial<Record<string, Handler>>
}

const ACCOUNT = '/accounts/([^/]+)/pages/projects'
const PROJECT = `${ACCOUNT}/([^/]+)`
const DEPLOYMENT = `${PROJECT}/deployments/([^/]+)`

/** Largest `per_page` the deployments list accepts, like the real API. */
export const MAX_DEPLOYMENTS_PER_PAGE = 25

const routes: Route[] = [
  { pattern: new RegExp(`^${ACCOUNT}$`), methods: { GET: listProjects, POST: createProject } },
  {
    pattern: new RegExp(`^${PROJECT}$`),
    methods: { GET: getProject, PATCH: updateProject, DELETE: deleteProject }
  },
  {
    pattern: new RegExp(`^${PROJECT}/deployments$`),
    methods: { GET: listDeployments, POST: createDeployment }
  },
  {
    pattern: new RegExp(`^${DEPLOYMENT}$`),
    methods: { GET: getDeployment, DELETE: deleteDeployment }
  },
  { pattern: new RegExp(`^${DEPLOYMENT}/retry$`), methods: { POST: retryDeployment } },
  { pattern: new RegExp(`^${DEPLOYMENT}/rollback$`), methods: { POST: rollbackDeployment } },
  { pattern: new RegExp(`^${DEPLOYMENT}/history/logs$`), methods: { GET: getLogs } },
  { pattern: new RegExp(`^${PROJECT}/upload-token$`), methods: { GET: uploadToken } },
  { pattern: new RegExp(`^${PROJECT}/domains$`), methods: { GET: listDomains } },
  { pattern: new RegExp(`^${PROJECT}/domains/([^/]+)$`), methods: { GET: getDomain } }
]

/** Routes an authenticated API request; `apiPath` is the path after `/client/v4`. */
export async function handleApi(req: ApiRequest, apiPath: string): Promise<EmulatorResponse> {
  const path = apiPath.length > 1 ? apiPath.replace(/\/+$/, '') : apiPath
  for (const route of routes) {
    const match = route.pattern.exec(path)
    if (!match) continue
    const [, account = '', second = '', third = ''] = match.map(safeDecode)
    const handler = route.methods[req.method === 'HEAD' ? 'GET' : req.method]
    if (!handler)
      return failure(405, EmulatorCode.methodNotAllowed, 'Method not allowed for this route')
    // Cloudflare answers an account the token cannot reach as an authentication error.
    if (account !== req.accountId) return failure(403, 10000, 'Authentication error')
    const params: Params = { project: second, id: third, domain: third }
    try {
      return await handler(req, params)
    } catch (error) {
      return errorResponse(error)
    }
  }
  return failure(404, EmulatorCode.noRoute, 'No route for the URI')
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part)
  } catch {
    return part
  }
}

function listProjects(req: ApiRequest): EmulatorResponse {
  const all = [...req.state.projects.values()]
  const { items, info } = paginate(all, req.url, 10, 100)
  return success(
    items.map((p) => projectView(req.state, p, req.now)),
    info
  )
}

/**
 * `POST …/pages/projects` with `{name, production_branch}`: a Direct Upload project (one made
 * with a `source` is connected to Git through the dashboard, which the emulator seeds instead).
 */
function createProject(req: ApiRequest): EmulatorResponse {
  let body: unknown
  try {
    body = JSON.parse(req.body.toString('utf8'))
  } catch {
    throw new ApiError(400, EmulatorCode.invalidBody, 'Request body must be a JSON object.')
  }
  const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>
  if (typeof fields.name !== 'string') {
    throw new ApiError(400, EmulatorCode.invalidProjectName, 'A project name is required.')
  }
  if (typeof fields.production_branch !== 'string' || fields.production_branch === '') {
    throw new ApiError(
      400,
      EmulatorCode.missingProductionBranch,
      'A production branch is required.'
    )
  }
  const project = req.state.addProject(
    { name: fields.name, productionBranch: fields.production_branch, source: 'direct' },
    req.now
  )
  return success(projectView(req.state, project, req.now))
}

function getProject(req: ApiRequest, params: Params): EmulatorResponse {
  return success(projectView(req.state, req.state.requireProject(params.project), req.now))
}

/**

 * `DELETE …/pages/projects/{name}`: the project and its deployments are gone; result null, as
 * the OpenAPI schema's example answers (pages-project-delete-project).
 */
function deleteProject(req: ApiRequest, params: Params): EmulatorResponse {
  const project = req.state.requireProject(params.project)
  for (const deployment of project.deployments) deployment.deleted = true
  req.state.projects.delete(project.name)
  return success(null)
}

/**
 * `PATCH …/projects/{name}`: the production branch and each environment's settings, merged as
 * project-settings.ts describes; the body is checked whole before anything changes. Answers the
 * project as it is now.
 */
function updateProject(req: ApiRequest, params: Params): EmulatorResponse {
  const project = req.state.requireProject(params.project)
  req.state.updateProject(project, readProjectUpdate(req.body))
  return success(projectView(req.state, project, req.now))
}

function listDeployments(req: ApiRequest, params: Params): EmulatorResponse {
  const project = req.state.requireProject(params.project)
  const env = req.url.searchParams.get('env')
  if (env !== null && env !== 'production' && env !== 'preview') throw invalidListOptions()
  const listed = req.state
    .visible(project, req.now)
    .filter((d) => env === null || d.environment === (env as Environment))
  const all = req.state.listOrder === 'oldest-first' ? listed.reverse() : listed
  const { items, info } = paginate(all, req.url, MAX_DEPLOYMENTS_PER_PAGE, MAX_DEPLOYMENTS_PER_PAGE)
  return success(
    items.map((d) => deploymentView(req.state, d, req.now)),
    info
  )
}

const MAX_WORKER_BUNDLE_BYTES = 25 * 1024 * 1024

async function createDeployment(req: ApiRequest, params: Params): Promise<EmulatorResponse> {
  const project = req.state.requireProject(params.project)
  const { fields, files, order } = await readForm(req)
  const branch = fields.get('branch') || project.productionBranch
  if (project.source) {
    // Git-connected: Cloudflare builds the branch's head; commit fields are not honoured.
    const record = req.state.create(project, {
      branch,
      triggerType: 'ad_hoc',
      createdMs: req.now,
      script: req.state.takeScript(project)
    })
    return success(deploymentView(req.state, record, req.now))
  }
  const manifest = fields.get('manifest')
  if (manifest === undefined) {
    throw new ApiError(
      400,
      EmulatorCode.missingManifest,
      'A manifest is required to create a deployment of a Direct Upload project.'
    )
  }
  const message = fields.get('commit_message')
  const commitMessage = message === undefined ? undefined : storedCommitMessage(message)
  // Every manifest hash must match content uploaded to this project (it throws otherwise).
  await req.state.assets.verifyManifest(project.name, manifest)
  const bundle = files.get('_worker.bundle')
  // Cloudflare's SDK (resources/pages/projects/deployments: `_worker.bundle`, "Maximum size:
  // 25 MiB"); the error code for it is not documented.
  if (bundle && bundle.length > MAX_WORKER_BUNDLE_BYTES) {
    throw new ApiError(
      413,
      EmulatorCode.invalidBody,
      '_worker.bundle exceeds the maximum size of 25 MiB.'
    )
  }
  const worker = bundle ? await parseWorkerBundle(bundle) : undefined
  const routes = files.get('_routes.json')
  if (routes) checkRoutesJson(routes)
  const record = req.state.create(project, {
    branch,
    commitHash: fields.get('commit_hash'),
    commitMessage,
    commitDirty: fields.get('commit_dirty') === 'true',
    triggerType: 'ad_hoc',
    createdMs: req.now,
    script: req.state.takeScript(project)
  })
  // The project remembers the configuration a deployment was made with (the SDK's
  // `wrangler_config_hash`: "Hash of the Wrangler configuration used for the deployment").
  const configHash = fields.get('wrangler_config_hash')
  if (configHash) project.configs[record.environment].scalars.wrangler_config_hash = configHash
  record.upload = {
    manifest: JSON.parse(manifest) as Record<string, string>,
    fields: Object.fromEntries(fields),
    files: Object.fromEntries(files),
    order,
    worker
  }
  return success(deploymentView(req.state, record, req.now))
}

/** A `_routes.json` Cloudflare would accept: version 1 and string rules starting with `/`. */
function checkRoutesJson(body: Buffer): void {
  let spec: { version?: unknown; include?: unknown; exclude?: unknown }
  try {
    spec = JSON.parse(body.toString('utf8')) as typeof spec
  } catch {
    throw new ApiError(400, EmulatorCode.invalidBody, 'Invalid _routes.json: it is not JSON.')
  }
  const rules = [spec.include, spec.exclude]
  if (
    spec.version !== 1 ||
    !rules.every(Array.isArray) ||
    !rules.flat().every((rule) => typeof rule === 'string' && rule.startsWith('/'))
  ) {
    throw new ApiError(400, EmulatorCode.invalidBody, 'Invalid _routes.json: bad version or rules.')
  }
}

function uploadToken(req: ApiRequest, params: Params): EmulatorResponse {
  const project = req.state.requireProject(params.project)
  return handleUploadToken(req.state.assets, project.name, req.now)
}

function getDeployment(req: ApiRequest, params: Params): EmulatorResponse {
  return success(deploymentView(req.state, visibleDeployment(req, params), req.now))
}

function deleteDeployment(req: ApiRequest, params: Params): EmulatorResponse {
  const d = visibleDeployment(req, params)
  const project = d.project
  if (req.state.canonical(project, req.now) === d) {
    throw new ApiError(
      400,
      EmulatorCode.cannotDeleteCanonical,
      'Cannot delete the active production deployment. Roll back to another deployment before deleting it.'
    )
  }
  const force = req.url.searchParams.get('force') === 'true'
  if (!force && req.state.newestOfBranch(project, d.branch, req.now) === d) {
    throw new ApiError(
      400,
      8000035,
      'Cannot delete an aliased deployment without ?force=true. Delete the alias or pass force=true.'
    )
  }
  req.state.delete(d)
  return success(null)
}

function retryDeployment(req: ApiRequest, params: Params): EmulatorResponse {
  const original = visibleDeployment(req, params)
  const project = original.project
  const record = req.state.create(project, {
    branch: original.branch,
    commitHash: original.commitHash,
    commitMessage: original.commitMessage,
    commitDirty: original.commitDirty,
    environment: original.environment,
    triggerType: original.triggerType,
    createdMs: req.now,
    script: req.state.takeScript(project)
  })
  return success(deploymentView(req.state, record, req.now))
}

function rollbackDeployment(req: ApiRequest, params: Params): EmulatorResponse {
  const target = visibleDeployment(req, params)
  const at = deployedAtMs(target)
  if (target.environment !== 'production' || at === null || at > req.now) {
    throw new ApiError(
      400,
      EmulatorCode.invalidRollbackTarget,
      'Deployment must be a successful production deployment to roll back to it.'
    )
  }
  target.project.rollback = { id: target.id, atMs: req.now }
  return success(deploymentView(req.state, target, req.now))
}

function getLogs(req: ApiRequest, params: Params): EmulatorResponse {
  return success(deploymentLogs(visibleDeployment(req, params), req.now))
}

/**
 * Every domain at once: the endpoint's schema documents no query parameters. Stricter than
 * Cloudflare (which may ignore them), so that a client sending undocumented ones is caught.
 */
function listDomains(req: ApiRequest, params: Params): EmulatorResponse {
  const project = req.state.requireProject(params.project)
  const unknown = [...req.url.searchParams.keys()]
  if (unknown.length > 0) {
    throw new ApiError(
      400,
      EmulatorCode.invalidListOptions,
      `The domains list takes no query parameters (got ${unknown.join(', ')}).`
    )
  }
  return success(project.domains)
}

function getDomain(req: ApiRequest, params: Params): EmulatorResponse {
  const project = req.state.requireProject(params.project)
  const domain = project.domains.find((d) => d.name === params.domain)
  if (!domain) throw new ApiError(404, EmulatorCode.domainNotFound, 'Domain not found.')
  return success(domain)
}

function visibleDeployment(req: ApiRequest, params: Params): DeploymentRecord {
  const project: ProjectRecord = req.state.requireProject(params.project)
  return req.state.requireVisible(project, params.id, req.now)
}

/**
 * `page` (default 1) and `per_page` (default `defaultPerPage`); a `per_page` above `max` or a
 * non-positive value is refused rather than clamped, so clients that ask for too much notice.
 */
function paginate<T>(
  all: T[],
  url: URL,
  defaultPerPage: number,
  max: number
): { items: T[]; info: ResultInfo } {
  const page = positiveInt(url.searchParams.get('page'), 1)
  const perPage = positiveInt(url.searchParams.get('per_page'), defaultPerPage)
  if (perPage > max) throw invalidListOptions()
  const items = all.slice((page - 1) * perPage, page * perPage)
  return {
    items,
    info: {
      page,
      per_page: perPage,
      count: items.length,
      total_count: all.length,
      total_pages: Math.max(1, Math.ceil(all.length / perPage))
    }
  }
}

function positiveInt(raw: string | null, fallback: number): number {
  if (raw === null || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 1) throw invalidListOptions()
  return value
}

function invalidListOptions(): ApiError {
  return new ApiError(
    400,
    EmulatorCode.invalidListOptions,
    'Invalid list options provided. Review the page, per_page and env parameters and try again.'
  )
}

/** The fields of a multipart body: strings, and files by their bytes. */
interface Form {
  fields: Map<string, string>
  files: Map<string, Buffer>
  /** Every part's name, in the order sent. */
  order: string[]
}

/** The fields and files of a multipart body; an empty body has none. */
async function readForm(req: ApiRequest): Promise<Form> {
  const fields = new Map<string, string>()
  const files = new Map<string, Buffer>()
  const order: string[] = []
  if (req.body.length === 0) return { fields, files, order }
  const raw = req.headers['content-type']
  const contentType = Array.isArray(raw) ? raw[0] : raw
  if (!contentType?.toLowerCase().startsWith('multipart/form-data')) {
    throw new ApiError(400, EmulatorCode.invalidBody, 'Request body must be multipart/form-data.')
  }
  let form: FormData
  try {
    form = await new Request('http://emulator.invalid/', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: req.body
    }).formData()
  } catch {
    throw new ApiError(
      400,
      EmulatorCode.invalidBody,
      'Request body is not valid multipart/form-data.'
    )
  }
  for (const [name, value] of form.entries()) {
    order.push(name)
    if (typeof value === 'string') fields.set(name, value)
    else files.set(name, Buffer.from(await value.arrayBuffer()))
  }
  return { fields, files, order }
}

/**
 * `POST /pages/webhooks/deploy_hooks/{hook_id}`: no credentials, the id is the secret. Starts
 * a build of the hook's branch and answers `{success, result: {id}}` with the new deployment's
 * id. The shape of that answer is not in the shared reference (unverified); it follows what
 * users report for Pages deploy hooks.
 */
export function handleDeployHook(
  state: EmulatorState,
  method: string,
  hookId: string,
  now: number
): EmulatorResponse {
  if (method !== 'POST')
    return failure(405, EmulatorCode.methodNotAllowed, 'Method not allowed for this route')
  const hook = state.hooks.get(hookId)
  if (!hook) return failure(404, EmulatorCode.deployHookNotFound, 'Deploy hook not found.')
  const project = hook.project
  if (!state.projects.has(project.name)) {
    return failure(404, EmulatorCode.deployHookNotFound, 'Deploy hook not found.')
  }
  const record = state.create(project, {
    branch: hook.branch,
    triggerType: 'deploy_hook',
    createdMs: now,
    script: state.takeScript(project)
  })
  return success({ id: record.id })
}
