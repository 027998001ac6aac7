/**
 * A fake GitHub REST API on loopback for the GitHub integration tests: the handful of endpoints
 * pages-pilot calls (deployments and their statuses, issue comments, commit statuses), real HTTP,
 * in-memory state, and a record of every call. The action reaches it through GITHUB_API_URL,
 * exactly as it reaches GitHub Enterprise Server.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

/** The features a token may lack the permission for. */
export type GitHubScope = 'deployments' | 'comments' | 'statuses' | 'checks'

/** A check run on a commit, as GitHub's checks API lists it; tests change it as a job runs. */
export interface FakeCheckRun {
  id: number
  sha: string
  name: string
  status: 'queued' | 'in_progress' | 'completed'
  conclusion: string | null
  details_url: string
  html_url: string
}

export interface GitHubCall {
  method: string
  path: string
  body: Record<string, unknown> | undefined
  authorization: string | undefined
}

export interface FakeDeployment {
  id: number
  sha: string
  ref: string
  environment: string
  transient_environment: boolean
  production_environment: boolean
  payload: Record<string, unknown>
  statuses: Array<{
    state: string
    environment_url?: string
    log_url?: string
    description?: string
  }>
}

/** A GitHub account as comments name their author. */
export interface FakeUser {
  login: string
  id: number
  type: 'User' | 'Bot'
}

/** What a comment written with the workflow's GITHUB_TOKEN names as its author. */
export const ACTIONS_BOT: FakeUser = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' }

export interface FakeComment {
  id: number
  issue: number
  body: string
  user: FakeUser
  created_at: string
  updated_at: string
}

export interface FakeGitHub {
  /** e.g. `http://127.0.0.1:40123`: what GITHUB_API_URL should be. */
  readonly apiUrl: string
  readonly token: string
  readonly calls: GitHubCall[]
  readonly deployments: FakeDeployment[]
  readonly comments: FakeComment[]
  readonly statuses: Array<{
    sha: string
    state: string
    context: string
    target_url?: string
    description?: string
  }>
  readonly checkRuns: FakeCheckRun[]
  /** Adds a check run to a commit (a job of another workflow, an app's check). */
  addCheckRun(
    run: Omit<FakeCheckRun, 'id' | 'html_url' | 'details_url'> & { details_url?: string }
  ): FakeCheckRun
  /** Calls `listener` with each call before it is answered; returns the unsubscribe. */
  onCall(listener: (call: GitHubCall) => void): () => void
  /** Adds a commit status as another service writes it. */
  addStatus(sha: string, state: string, context: string): void
  /** Answer 403 "Resource not accessible by integration" for these scopes. */
  deny(...scopes: GitHubScope[]): void
  /** Answers every request with a 307 to the same path on `origin` (a token-leak test). */
  redirectTo(origin: string | undefined): void
  /**
   * Accepts requests and never answers them (a GitHub outage that leaves connections open),
   * until called again with `false`. Hung sockets are destroyed at close.
   */
  hang(enabled?: boolean): void
  /** Branches that exist in the repository: a deployment's `ref` must be one of them or a SHA. */
  readonly branches: Set<string>
  /** The account the token is: the author of the comments it writes. */
  readonly identity: FakeUser
  /**
   * How the token's identity can be learned. GitHub answers GraphQL's `viewer` for every kind
   * of token, and `GET /user` only for a user's token: an app's installation token (the
   * workflow's GITHUB_TOKEN included) gets 403 "Resource not accessible by integration".
   */
  refuseGraphql(refused?: boolean): void
  /** Adds a comment as an earlier run (the token's identity) or `user` had written it. */
  addComment(issue: number, body: string, user?: FakeUser): FakeComment
  /**
   * Makes jobs that reach issue comments at the same moment collide as badly as they can, until
   * called with `undefined`: reads of a pull request's comments that come one after the other
   * are held and answered together from one state, and writes (posts and edits) that come one
   * after the other are held and applied together in reverse order of arrival, so that every
   * write of a batch rests on a read that saw none of the others, and the first to arrive is
   * the one left. Requests are still served in the order of arrival across kinds. A batch holds
   * the requests of one instant of `clock` (given at start; jobs that wait different times do
   * not collide); it goes when time moves on, when a request of the other kind comes, when
   * `jobs` requests wait, or when none came for a moment (20 ms).
   */
  interleaveComments(jobs: number | undefined): void
  close(): Promise<void>
}

export async function startFakeGitHub(
  options: { token?: string; identity?: FakeUser; clock?: { now(): number } } = {}
): Promise<FakeGitHub> {
  const token = options.token ?? 'ghs_fakeInstallationToken0123456789abcdefAB'
  const identity = options.identity ?? ACTIONS_BOT
  let graphqlRefused = false
  const calls: GitHubCall[] = []
  const deployments: FakeDeployment[] = []
  const comments: FakeComment[] = []
  const statuses: FakeGitHub['statuses'] = []
  const checkRuns: FakeCheckRun[] = []
  const listeners = new Set<(call: GitHubCall) => void>()
  const denied = new Set<GitHubScope>()
  let redirectOrigin: string | undefined
  let hanging = false
  let interleave: number | undefined
  const held: Record<'read' | 'write', Array<() => void>> = { read: [], write: [] }
  const heldAt: Record<'read' | 'write', number | undefined> = { read: undefined, write: undefined }
  const quiet: Record<'read' | 'write', NodeJS.Timeout | undefined> = {
    read: undefined,
    write: undefined
  }
  const releaseAll = (kind: 'read' | 'write'): void => {
    clearTimeout(quiet[kind])
    quiet[kind] = undefined
    const batch = held[kind].splice(0)
    // Reads see one state; writes land last-arrived first, so the first one stays.
    for (const run of kind === 'write' ? batch.reverse() : batch) run()
  }
  /** Runs `answer` now, or with its batch when comments are interleaved. */
  const hold = (kind: 'read' | 'write', answer: () => void): void => {
    if (interleave === undefined) return answer()
    const release = (): void => releaseAll(kind)
    // Requests are served in the order they came: what the other kind holds came first.
    const other = kind === 'read' ? 'write' : 'read'
    if (held[other].length > 0) releaseAll(other)
    const now = options.clock?.now()
    if (held[kind].length > 0 && heldAt[kind] !== now) release()
    heldAt[kind] = now
    held[kind].push(answer)
    if (held[kind].length >= interleave) return release()
    clearTimeout(quiet[kind])
    quiet[kind] = setTimeout(release, 20)
  }
  const stamp = (): string => new Date().toISOString()
  const branches = new Set(['main'])
  let nextId = 1000
  const sockets = new Set<Socket>()

  const server: Server = createServer((req, res) => {
    void readJson(req).then((body) => {
      const path = req.url ?? '/'
      const call = {
        method: req.method ?? 'GET',
        path,
        body,
        authorization: req.headers.authorization
      }
      calls.push(call)
      for (const listener of listeners) listener(call)
      route(req.method ?? 'GET', new URL(path, 'http://x'), body, req, res)
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  function route(
    method: string,
    url: URL,
    body: Record<string, unknown> | undefined,
    req: IncomingMessage,
    res: ServerResponse
  ): void {
    if (hanging) return
    if (redirectOrigin) {
      res.writeHead(307, {
        location: `${redirectOrigin}${url.pathname}${url.search}`,
        'content-length': '0'
      })
      res.end()
      return
    }
    const auth = req.headers.authorization ?? ''
    if (auth !== `token ${token}` && auth !== `Bearer ${token}`) {
      return send(res, 401, {
        message: 'Bad credentials',
        documentation_url: 'https://docs.github.com/rest'
      })
    }
    // GraphQL (at /api/graphql on GitHub Enterprise Server): only `viewer` is known here.
    if (method === 'POST' && /^(\/api)?\/graphql$/.test(url.pathname)) {
      if (graphqlRefused)
        return send(res, 403, { message: 'Resource not accessible by integration' })
      if (!/\bviewer\b/.test(String(body?.query ?? ''))) {
        return send(res, 200, { errors: [{ message: 'only viewer is emulated' }] })
      }
      return send(res, 200, {
        data: { viewer: { login: identity.login, databaseId: identity.id } }
      })
    }
    if (method === 'GET' && url.pathname.replace(/^\/api\/v3(?=\/)/, '') === '/user') {
      if (identity.type === 'Bot') {
        return send(res, 403, {
          message: 'Resource not accessible by integration',
          documentation_url: 'https://docs.github.com/rest/users/users#get-the-authenticated-user'
        })
      }
      return send(res, 200, { login: identity.login, id: identity.id, type: identity.type })
    }
    // GitHub Enterprise Server serves the same API under /api/v3.
    const parts = url.pathname
      .replace(/^\/api\/v3(?=\/)/, '')
      .split('/')
      .filter(Boolean)
    if (parts[0] !== 'repos' || parts.length < 4) return send(res, 404, { message: 'Not Found' })
    const rest = parts.slice(3)
    const scope: GitHubScope | undefined =
      rest[0] === 'commits' && rest[2] === 'check-runs'
        ? 'checks'
        : rest[0] === 'commits' && rest[2] === 'statuses'
          ? 'statuses'
          : rest[0] === 'deployments'
            ? 'deployments'
            : rest[0] === 'issues'
              ? 'comments'
              : rest[0] === 'statuses'
                ? 'statuses'
                : undefined
    if (scope && denied.has(scope)) {
      return send(res, 403, {
        message: 'Resource not accessible by integration',
        documentation_url: 'https://docs.github.com/rest'
      })
    }
    // POST /repos/o/r/deployments
    if (method === 'POST' && rest.length === 1 && rest[0] === 'deployments') {
      // GitHub resolves the ref in this repository: a fork's branch does not exist here, a
      // commit SHA (a fork's head included, reachable through refs/pull/N/head) does.
      const ref = String(body?.ref ?? '')
      if (!/^[0-9a-f]{40}$/.test(ref) && !branches.has(ref)) {
        return send(res, 422, {
          message: `No ref found for: ${ref}`,
          documentation_url:
            'https://docs.github.com/rest/deployments/deployments#create-a-deployment'
        })
      }
      const d: FakeDeployment = {
        id: nextId++,
        sha: String(body?.ref ?? ''),
        ref: String(body?.ref ?? ''),
        environment: String(body?.environment ?? 'production'),
        transient_environment: body?.transient_environment === true,
        production_environment: body?.production_environment === true,
        payload: (body?.payload as Record<string, unknown>) ?? {},
        statuses: []
      }
      deployments.push(d)
      return send(res, 201, deploymentJson(d))
    }
    // GET /repos/o/r/deployments?environment=
    if (method === 'GET' && rest.length === 1 && rest[0] === 'deployments') {
      const environment = url.searchParams.get('environment')
      const list = deployments
        .filter((d) => !environment || d.environment === environment)
        .reverse()
      return send(res, 200, list.map(deploymentJson))
    }
    // GET /repos/o/r/deployments/{id}/statuses: newest first, as GitHub lists them
    if (
      method === 'GET' &&
      rest.length === 3 &&
      rest[0] === 'deployments' &&
      rest[2] === 'statuses'
    ) {
      const d = deployments.find((x) => x.id === Number(rest[1]))
      if (!d) return send(res, 404, { message: 'Not Found' })
      return send(res, 200, [...d.statuses].reverse())
    }
    // POST /repos/o/r/deployments/{id}/statuses
    if (
      method === 'POST' &&
      rest.length === 3 &&
      rest[0] === 'deployments' &&
      rest[2] === 'statuses'
    ) {
      const d = deployments.find((x) => x.id === Number(rest[1]))
      if (!d) return send(res, 404, { message: 'Not Found' })
      const status = {
        state: String(body?.state),
        ...(body?.environment_url ? { environment_url: String(body.environment_url) } : {}),
        ...(body?.log_url ? { log_url: String(body.log_url) } : {}),
        ...(body?.description ? { description: String(body.description) } : {})
      }
      d.statuses.push(status)
      return send(res, 201, { id: nextId++, ...status })
    }
    // GET|POST /repos/o/r/issues/{n}/comments
    if (rest[0] === 'issues' && rest.length === 3 && rest[2] === 'comments') {
      const issue = Number(rest[1])
      if (method === 'POST') {
        return hold('write', () => {
          const at = stamp()
          const comment = {
            id: nextId++,
            issue,
            body: String(body?.body ?? ''),
            user: identity,
            created_at: at,
            updated_at: at
          }
          comments.push(comment)
          send(res, 201, comment)
        })
      }
      const perPage = Number(url.searchParams.get('per_page') ?? 30)
      const page = Number(url.searchParams.get('page') ?? 1)
      return hold('read', () => {
        const all = comments.filter((c) => c.issue === issue)
        const slice = all.slice((page - 1) * perPage, page * perPage)
        const headers: Record<string, string> = {}
        if (page * perPage < all.length) {
          headers.link = `<${apiUrl}${url.pathname}?per_page=${perPage}&page=${page + 1}>; rel="next"`
        }
        send(res, 200, slice, headers)
      })
    }
    // PATCH|DELETE /repos/o/r/issues/comments/{id}
    if (rest[0] === 'issues' && rest[1] === 'comments' && rest.length === 3) {
      const find = () => comments.find((c) => c.id === Number(rest[2]))
      if (method === 'PATCH') {
        return hold('write', () => {
          const comment = find()
          if (!comment) return send(res, 404, { message: 'Not Found' })
          comment.body = String(body?.body ?? '')
          comment.updated_at = stamp()
          send(res, 200, comment)
        })
      }
      if (method === 'DELETE') {
        const comment = find()
        if (!comment) return send(res, 404, { message: 'Not Found' })
        comments.splice(comments.indexOf(comment), 1)
        res.writeHead(204)
        res.end()
        return
      }
    }
    // GET /repos/o/r/commits/{ref}/check-runs: {total_count, check_runs}, paginated
    if (
      method === 'GET' &&
      rest[0] === 'commits' &&
      rest[2] === 'check-runs' &&
      rest.length === 3
    ) {
      const all = checkRuns.filter((run) => run.sha === rest[1])
      const perPage = Number(url.searchParams.get('per_page') ?? 30)
      const page = Number(url.searchParams.get('page') ?? 1)
      const headers: Record<string, string> = {}
      if (page * perPage < all.length) {
        headers.link = `<${apiUrl}${url.pathname}?per_page=${perPage}&page=${page + 1}>; rel="next"`
      }
      return send(
        res,
        200,
        { total_count: all.length, check_runs: all.slice((page - 1) * perPage, page * perPage) },
        headers
      )
    }
    // GET /repos/o/r/commits/{ref}/statuses: newest first
    if (method === 'GET' && rest[0] === 'commits' && rest[2] === 'statuses' && rest.length === 3) {
      const list = statuses.filter((status) => status.sha === rest[1]).reverse()
      return send(
        res,
        200,
        list.map((status, i) => ({ id: i + 1, ...status }))
      )
    }
    // POST /repos/o/r/statuses/{sha}
    if (method === 'POST' && rest[0] === 'statuses' && rest.length === 2) {
      const status = {
        sha: String(rest[1]),
        state: String(body?.state),
        context: String(body?.context ?? 'default'),
        ...(body?.target_url ? { target_url: String(body.target_url) } : {}),
        ...(body?.description ? { description: String(body.description) } : {})
      }
      statuses.push(status)
      return send(res, 201, { id: nextId++, ...status })
    }
    return send(res, 404, { message: 'Not Found' })
  }

  return {
    apiUrl,
    token,
    calls,
    deployments,
    comments,
    statuses,
    checkRuns,
    onCall(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    addCheckRun(run) {
      const id = nextId++
      const html = `https://github.com/o/r/runs/${id}`
      const added: FakeCheckRun = {
        ...run,
        id,
        html_url: html,
        details_url: run.details_url ?? html
      }
      checkRuns.push(added)
      return added
    },
    addStatus(sha, state, context) {
      statuses.push({ sha, state, context })
    },
    deny: (...scopes) => scopes.forEach((s) => denied.add(s)),
    redirectTo: (origin) => {
      redirectOrigin = origin
    },
    hang: (enabled = true) => {
      hanging = enabled
    },
    branches,
    identity,
    refuseGraphql: (refused = true) => {
      graphqlRefused = refused
    },
    addComment(issue, body, user = identity) {
      const at = stamp()
      const comment = { id: nextId++, issue, body, user, created_at: at, updated_at: at }
      comments.push(comment)
      return comment
    },
    interleaveComments: (jobs) => {
      interleave = jobs
      if (jobs === undefined) {
        for (const kind of ['read', 'write'] as const) {
          clearTimeout(quiet[kind])
          for (const run of held[kind].splice(0)) run()
        }
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const kind of ['read', 'write'] as const) clearTimeout(quiet[kind])
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}

function deploymentJson(d: FakeDeployment): Record<string, unknown> {
  return {
    id: d.id,
    sha: d.sha,
    ref: d.ref,
    environment: d.environment,
    transient_environment: d.transient_environment,
    production_environment: d.production_environment,
    payload: d.payload
  }
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers
  })
  res.end(text)
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  if (chunks.length === 0) return undefined
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>
  } catch {
    return undefined
  }
}
