/**
 * The emulator's HTTP server on 127.0.0.1: records requests, applies scripted faults, then
 * dispatches to the control API, the deployment sites or the Pages API.
 */
import { handleAssets, isAssetsPath, type AssetStore } from './uploads.js'
import {
  createServer,
  STATUS_CODES,
  type IncomingMessage,
  type Server,
  type ServerResponse
} from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import type {
  Deployment,
  DeploymentLogs,
  EnvVar,
  Environment,
  Project
} from '../src/cloudflare/types.js'
import { authenticate, RateLimiter, rateLimitedResponse, type AuthConfig } from './auth.js'
import { handleControl } from './control.js'
import { errorResponse, failure, EmulatorCode, type EmulatorResponse } from './envelope.js'
import { FaultQueue, faultResponse } from './faults.js'
import { deploymentLogs } from './logs.js'
import { handleApi, handleDeployHook } from './routes.js'
import { browserSiteUrl, serveHost, serveSite, siteOfBrowserHost } from './sites.js'
import { DEFAULT_STAGE_DURATIONS_MS, mergeDurations } from './stages.js'
import { EmulatorState } from './state.js'
import type {
  AddDeployHookOptions,
  AddProjectOptions,
  DeployHookInfo,
  DeploymentScript,
  DeploymentUpload,
  Emulator,
  EmulatorClock,
  EmulatorOptions,
  Fault,
  RecordedRequest,
  SeedDeploymentOptions,
  SimulatePushOptions
} from './types.js'
import { deploymentView, projectView } from './views.js'

export type * from './types.js'

/** Where deploy hooks live under the API base URL. */
const DEPLOY_HOOK_PATH = '/pages/webhooks/deploy_hooks/'

/** Default account id: 32 hex characters like a real one. */
export const DEFAULT_ACCOUNT_ID = '0f1e2d3c4b5a69788796a5b4c3d2e1f0'
/** Default API token: 40 characters like a real one. */
export const DEFAULT_TOKEN = 'pp-emulator-token-0123456789abcdefghijkl'

/** Starts an emulator on 127.0.0.1 and resolves once it listens. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const emulator = new PagesEmulator(options)
  await emulator.listen(options.port ?? 0)
  return emulator
}

class PagesEmulator implements Emulator {
  origin = ''
  apiBaseUrl = ''
  readonly accountId: string
  readonly token: string
  readonly requests: RecordedRequest[] = []

  get assets(): AssetStore {
    return this.state.assets
  }
  private readonly state: EmulatorState
  private readonly faults = new FaultQueue()
  private readonly limiter: RateLimiter
  private readonly auth: AuthConfig
  private readonly server: Server
  private readonly sockets = new Set<Socket>()
  /** Resolvers of stalled requests, released at close so nothing outlives the server. */
  private readonly stalls = new Set<() => void>()
  private closed = false
  private readonly recordBodies: boolean
  /** The speed at which request bodies are read, like a runner's uplink; unlimited when unset. */
  private linkBytesPerSecond: number | undefined
  /** Timestamps answered without their `Z` (see {@link Emulator.setZonelessTimestamps}). */
  private zonelessTimestamps = false
  private readonly clock: EmulatorClock
  private readonly listeners = new Set<(request: RecordedRequest) => void>()

  constructor(options: EmulatorOptions) {
    this.recordBodies = options.recordBodies ?? false
    this.clock = options.clock ?? {
      now: () => Date.now(),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms).unref())
    }
    this.accountId = options.accountId ?? DEFAULT_ACCOUNT_ID
    this.token = options.token ?? DEFAULT_TOKEN
    this.auth = { token: this.token, globalApiKey: options.globalApiKey }
    const limit = options.rateLimit ?? { limit: 1200, windowMs: 300_000 }
    this.limiter = new RateLimiter(limit.limit, limit.windowMs)
    this.state = new EmulatorState(
      mergeDurations(DEFAULT_STAGE_DURATIONS_MS, options.stageDurationsMs)
    )
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => this.write(res, errorResponse(error)))
    })
    this.server.keepAliveTimeout = 5_000
    this.server.on('connection', (socket) => {
      this.sockets.add(socket)
      socket.on('close', () => this.sockets.delete(socket))
    })
  }

  /** Binds the port and fills in `origin`. */
  async listen(port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject)
      this.server.listen(port, '127.0.0.1', () => resolve())
    })
    const address = this.server.address() as AddressInfo
    this.origin = `http://127.0.0.1:${address.port}`
    this.apiBaseUrl = `${this.origin}/client/v4`
    this.state.origin = this.origin
  }

  onRequest(listener: (request: RecordedRequest) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** The emulator's time in milliseconds since the epoch. */
  now(): number {
    return this.clock.now()
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    for (const release of this.stalls) release()
    this.stalls.clear()
    const done = new Promise<void>((resolve) => this.server.close(() => resolve()))
    for (const socket of this.sockets) socket.destroy()
    await done
  }

  addProject(options: AddProjectOptions): Project {
    const now = this.now()
    return projectView(this.state, this.state.addProject(options, now), now)
  }

  browserUrl(url: string): string | undefined {
    return browserSiteUrl(this.origin, url)
  }

  takeSubdomain(label: string): void {
    this.state.takenSubdomains.add(`${label}.pages.dev`)
  }

  seedDeployment(project: string, options: SeedDeploymentOptions = {}): Deployment {
    const now = this.now()
    const record = this.state.seed(this.state.requireProject(project), options, now)
    return deploymentView(this.state, record, now)
  }

  simulatePush(project: string, options: SimulatePushOptions): Deployment {
    const now = this.now()
    const record = this.state.push(this.state.requireProject(project), options, now)
    return deploymentView(this.state, record, now)
  }

  addDeployHook(project: string, options: AddDeployHookOptions = {}): DeployHookInfo {
    const hook = this.state.addHook(this.state.requireProject(project), options)
    return {
      id: hook.id,
      name: hook.name,
      project,
      branch: hook.branch,
      url: `${this.apiBaseUrl}${DEPLOY_HOOK_PATH}${hook.id}`
    }
  }

  scriptNextDeployments(project: string, ...scripts: DeploymentScript[]): void {
    this.state.requireProject(project).scripts.push(...scripts)
  }

  addFaults(...faults: Fault[]): void {
    this.faults.add(...faults)
  }

  clearFaults(): void {
    this.faults.clear()
  }

  reset(): void {
    this.state.reset()
    this.faults.clear()
    this.limiter.reset()
    this.requests.length = 0
  }

  getProject(name: string): Project | undefined {
    const project = this.state.projects.get(name)
    return project && projectView(this.state, project, this.now())
  }

  getEnvVars(project: string, environment: Environment): Record<string, EnvVar> | undefined {
    const stored = this.state.projects.get(project)?.configs[environment].envVars
    return stored && structuredClone(stored)
  }

  getDeployment(id: string): Deployment | undefined {
    const record = this.state.deployment(id)
    return record && deploymentView(this.state, record, this.now())
  }

  listDeployments(project: string): Deployment[] {
    const now = this.now()
    const records = this.state.visible(this.state.requireProject(project), now)
    return records.map((d) => deploymentView(this.state, d, now))
  }

  getUpload(id: string): DeploymentUpload | undefined {
    return this.state.deployment(id)?.upload
  }

  getLogs(id: string): DeploymentLogs | undefined {
    const record = this.state.deployment(id)
    return record && deploymentLogs(record, this.now())
  }

  setLinkSpeed(bytesPerSecond: number | undefined): void {
    this.linkBytesPerSecond = bytesPerSecond
  }

  setListOrder(order: 'newest-first' | 'oldest-first'): void {
    this.state.listOrder = order
  }

  setZonelessTimestamps(zoneless: boolean): void {
    this.zonelessTimestamps = zoneless
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req, this.linkBytesPerSecond)
    const method = req.method ?? 'GET'
    const path = req.url ?? '/'
    if (path.startsWith('/__emulator/')) {
      this.write(res, handleControl(this, method, path, body))
      return
    }
    const record: RecordedRequest = { method, path, headers: plainHeaders(req), time: this.now() }
    if (this.recordBodies) record.body = body
    this.requests.push(record)
    const fault = this.faults.take(method, path)
    if (fault) record.fault = fault.kind
    for (const listener of [...this.listeners]) listener(record)
    switch (fault?.kind) {
      case 'hang':
        return // The socket is destroyed by close().
      case 'reset':
        req.socket.resetAndDestroy()
        return
      case 'stall':
        await this.stall(req, fault.ms, record.time)
        if (this.closed) return
        break
      case 'status':
      case 'non-json':
      case 'success-false': {
        if (fault.afterEffect) await this.respond(method, path, req, body)
        const response = faultResponse(fault)
        record.status = response.status
        this.write(res, response)
        return
      }
    }
    let response = await this.respond(method, path, req, body)
    if (fault?.kind === 'omit-fields') {
      response = editFields(response, (record) => fault.fields.forEach((f) => delete record[f]))
    }
    if (fault?.kind === 'set-fields') {
      response = editFields(response, (record) => Object.assign(record, fault.fields))
    }
    if (this.zonelessTimestamps && response.headers['content-type']?.includes('json')) {
      response = {
        ...response,
        body: response.body.replace(/("\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?)Z"/g, '$1"')
      }
    }
    record.status = response.status
    if (fault?.kind === 'reset-mid-body' || fault?.kind === 'truncated') {
      writePartial(req.socket, response, fault.kind === 'reset-mid-body')
      return
    }
    this.write(res, response)
  }

  /** The normal answer: a site, or the API behind auth and the rate limit. */
  private async respond(
    method: string,
    path: string,
    req: IncomingMessage,
    body: Buffer
  ): Promise<EmulatorResponse> {
    const url = new URL(path, this.origin)
    const now = this.now()
    const browserSite = siteOfBrowserHost(req.headers.host)
    if (browserSite) return serveHost(this.state, browserSite, decodeURI(url.pathname), now, '')
    if (url.pathname.startsWith('/__sites/')) {
      return serveSite(this.state, decodeURI(url.pathname.slice('/__sites/'.length)), now)
    }
    if (url.pathname !== '/client/v4' && !url.pathname.startsWith('/client/v4/')) {
      return failure(404, EmulatorCode.noRoute, 'No route for the URI')
    }
    // Deploy hooks take no credentials: the hook id in the path is the secret.
    if (url.pathname.startsWith(`/client/v4${DEPLOY_HOOK_PATH}`)) {
      const id = url.pathname.slice(`/client/v4${DEPLOY_HOOK_PATH}`.length).replace(/\/+$/, '')
      return handleDeployHook(this.state, method, decodeURIComponent(id), now)
    }
    const apiPath = url.pathname.slice('/client/v4'.length) || '/'
    // Asset requests carry the upload JWT, not the API credentials.
    if (isAssetsPath(apiPath)) {
      return handleAssets(this.state.assets, { method, apiPath, headers: req.headers, body, now })
    }
    const auth = authenticate(req.headers, this.auth)
    if (!auth.ok) return auth.response
    const limited = this.limiter.check(auth.credential, now)
    if (!limited.ok) return rateLimitedResponse(limited.retryAfterSeconds)
    return handleApi(
      {
        state: this.state,
        accountId: this.accountId,
        now,
        method,
        url,
        headers: req.headers,
        body
      },
      url.pathname.slice('/client/v4'.length) || '/'
    )
  }

  private write(res: ServerResponse, response: EmulatorResponse): void {
    if (res.headersSent || res.destroyed) return
    const body = response.bytes ?? Buffer.from(response.body, 'utf8')
    res.writeHead(response.status, { ...response.headers, 'content-length': String(body.length) })
    res.end(res.req.method === 'HEAD' ? undefined : body)
  }

  /**
   * Holds a request for `ms` before it is processed, as an overloaded edge does. While the
   * client waits, the wait is real; once the client gives up (its deadline), the request is
   * still processed, at `since + ms` by the emulator's clock: a create that timed out on the
   * client's side can still take effect, later, in whatever time the test runs on.
   */
  private async stall(req: IncomingMessage, ms: number, since: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const release = (): void => {
        clearTimeout(timer)
        req.socket.off('close', release)
        this.stalls.delete(release)
        resolve()
      }
      const timer = setTimeout(release, ms)
      req.socket.once('close', release)
      this.stalls.add(release)
    })
    const remaining = since + ms - this.now()
    if (remaining > 0 && !this.closed) await this.clock.sleep(remaining)
  }
}

/**
 * `response` with `edit` applied to its result's objects (each item of a list, and their
 * `canonical_deployment` and `latest_deployment`): the `omit-fields` and `set-fields` faults.
 */
function editFields(
  response: EmulatorResponse,
  edit: (record: Record<string, unknown>) => void
): EmulatorResponse {
  const envelope = JSON.parse(response.body) as { result?: unknown }
  const visit = (value: unknown): void => {
    if (typeof value !== 'object' || value === null) return
    const record = value as Record<string, unknown>
    edit(record)
    visit(record.canonical_deployment)
    visit(record.latest_deployment)
  }
  if (Array.isArray(envelope.result)) envelope.result.forEach(visit)
  else visit(envelope.result)
  return { ...response, body: JSON.stringify(envelope) }
}

/**
 * Writes the status line, headers with the full content-length and half the body straight to
 * the socket, then resets it (`reset-mid-body`) or closes it cleanly (`truncated`).
 */
function writePartial(socket: Socket, response: EmulatorResponse, reset: boolean): void {
  const body = Buffer.from(response.body, 'utf8')
  const head = [
    `HTTP/1.1 ${response.status} ${STATUS_CODES[response.status] ?? ''}`,
    ...Object.entries({ ...response.headers, 'content-length': String(body.length) }).map(
      ([name, value]) => `${name}: ${value}`
    ),
    'connection: close',
    '',
    ''
  ].join('\r\n')
  socket.write(
    Buffer.concat([Buffer.from(head, 'latin1'), body.subarray(0, Math.floor(body.length / 2))]),
    () => {
      if (reset) socket.resetAndDestroy()
      else socket.end()
    }
  )
}

/**
 * Reads a request body; at `bytesPerSecond`, in real time, pausing the socket between pieces,
 * so that the sender sees a slow link (its writes wait for the connection to drain).
 */
function readBody(req: IncomingMessage, bytesPerSecond?: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => {
      chunks.push(chunk)
      if (bytesPerSecond === undefined) return
      req.pause()
      setTimeout(() => req.resume(), (chunk.length / bytesPerSecond) * 1000)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

function plainHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined)
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value
  }
  return headers
}
