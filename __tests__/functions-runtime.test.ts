/**
 * The Pages Functions runtime must route and answer requests exactly as Cloudflare's template
 * worker (wrangler 4.86) does, or a project would behave differently once pages-pilot built it.
 * The runtime is a source string; these tests load it as a real ES module and drive it with
 * Node's Request and Response. Its path matcher is checked against path-to-regexp 6.3.0 itself.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { match } from 'path-to-regexp'
import { FUNCTIONS_RUNTIME_SOURCE } from '../src/fullstack/functions/runtime.js'

type Params = Record<string, string | string[]>

interface EventContext {
  request: Request
  functionPath: string
  next(input?: Request | string, init?: RequestInit): Promise<Response>
  params: Params
  data: Record<string, unknown>
  env: Record<string, unknown>
  waitUntil(promise: Promise<unknown>): void
  passThroughOnException(): void
}

type Handler = (context: EventContext) => unknown

interface RouteEntry {
  routePath: string
  mountPath: string
  method: string
  middlewares: (Handler | Handler[])[]
  modules: (Handler | Handler[])[]
}

interface Worker {
  fetch(request: Request, env: object, ctx: object): Promise<Response>
}

interface Runtime {
  createPagesFunctions(routes: RouteEntry[], fallback?: string): Worker
  matchPath(pattern: string, path: string, end: boolean): { path: string; params: Params } | false
}

const ORIGIN = 'https://example.com'

let dir: string
let runtime: Runtime

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pp-functions-runtime-'))
  const file = join(dir, 'runtime.mjs')
  await writeFile(file, FUNCTIONS_RUNTIME_SOURCE)
  runtime = (await import(pathToFileURL(file).href)) as Runtime
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

// --- Fixtures ---------------------------------------------------------------------------------

/** What the handlers saw, in call order. */
let log: string[]

beforeEach(() => {
  log = []
})

const route = (
  routePath: string,
  mountPath: string,
  method: string,
  middlewares: RouteEntry['middlewares'],
  modules: RouteEntry['modules']
): RouteEntry => ({ routePath, mountPath, method, middlewares, modules })

/** A middleware that records itself and passes on. */
const mw =
  (name: string): Handler =>
  (context) => {
    log.push(name)
    return context.next()
  }

/** A handler that records itself and answers with what it saw. */
const mod =
  (name: string): Handler =>
  (context) => {
    log.push(name)
    return Response.json({
      name,
      params: context.params,
      functionPath: context.functionPath,
      url: context.request.url
    })
  }

/**
 * The routes wrangler derives (packages/wrangler/src/pages/functions/filepath-routing.ts) for a
 * functions/ folder of _middleware.js, index.js (GET), api/_middleware.js, api/index.js,
 * api/greet/[name].js (GET, POST), api/files/[[path]].ts, and in its docs folder a.b.js and (x).js.
 */
const site = (): RouteEntry[] => [
  route('/api/greet/:name', '/api/greet', 'GET', [], [mod('greet GET')]),
  route('/api/greet/:name', '/api/greet', 'POST', [], [mod('greet POST')]),
  route('/api/files/:path*', '/api/files', '', [], [mod('files')]),
  route('/docs/a.b', '/docs', '', [], [mod('a.b')]),
  route('/docs/(x)', '/docs', '', [], [mod('(x)')]),
  route('/api', '/api', '', [mw('api middleware')], [mod('api index')]),
  route('/', '/', 'GET', [], [mod('home GET')]),
  route('/', '/', '', [mw('root middleware')], [])
]

interface Served {
  response: Response
  /** Requests that reached env.ASSETS.fetch. */
  assets: Request[]
  waited: Promise<unknown>[]
}

/**
 * Runs one request through the runtime (a new worker for these routes, or the given one), with an
 * ASSETS binding that echoes the path.
 */
async function serve(
  routes: RouteEntry[] | Worker,
  path: string,
  init?: RequestInit,
  assetResponse: (request: Request) => Response = (request) =>
    new Response('asset ' + new URL(request.url).pathname)
): Promise<Served> {
  const assets: Request[] = []
  const waited: Promise<unknown>[] = []
  const env = {
    ASSETS: {
      fetch: async (request: Request) => {
        assets.push(request)
        return assetResponse(request)
      }
    }
  }
  const ctx = {
    waited,
    waitUntil(this: { waited: Promise<unknown>[] }, promise: Promise<unknown>) {
      this.waited.push(promise)
    },
    passThroughOnException() {
      throw new Error('the runtime must not call the platform passThroughOnException')
    }
  }
  const worker = Array.isArray(routes) ? runtime.createPagesFunctions(routes) : routes
  const response = await worker.fetch(new Request(ORIGIN + path, init), env, ctx)
  return { response, assets, waited }
}

interface Seen {
  name: string
  params: Params
  functionPath: string
  url: string
}

async function seen(routes: RouteEntry[], path: string, init?: RequestInit): Promise<Seen> {
  const { response } = await serve(routes, path, init)
  return (await response.json()) as Seen
}

// --- Routing ----------------------------------------------------------------------------------

describe('routing', () => {
  it('passes a [name] segment as a param, the matched path as functionPath', async () => {
    expect(await seen(site(), '/api/greet/bob')).toEqual({
      name: 'greet GET',
      params: { name: 'bob' },
      functionPath: '/api/greet/bob',
      url: ORIGIN + '/api/greet/bob'
    })
  })

  it('passes a [[path]] catch-all as an array of segments, and leaves it out when empty', async () => {
    expect((await seen(site(), '/api/files/a/b/c.txt')).params).toEqual({
      path: ['a', 'b', 'c.txt']
    })
    for (const path of ['/api/files', '/api/files/']) {
      const result = await seen(site(), path)
      expect(result.name).toBe('files')
      expect(result.params).toEqual({})
      expect('path' in result.params).toBe(false)
    }
  })

  it('matches case-insensitively and keeps the request casing in params', async () => {
    expect(await seen(site(), '/API/Greet/Bob')).toMatchObject({
      name: 'greet GET',
      params: { name: 'Bob' },
      functionPath: '/API/Greet/Bob'
    })
  })

  it('accepts one trailing slash, not another segment', async () => {
    expect(await seen(site(), '/api/greet/bob/')).toMatchObject({
      params: { name: 'bob' },
      functionPath: '/api/greet/bob/'
    })
    const { response, assets } = await serve(site(), '/api/greet/bob/x')
    expect(await response.text()).toBe('asset /api/greet/bob/x')
    expect(assets).toHaveLength(1)
  })

  it('leaves percent-encoding in params as it is', async () => {
    expect((await seen(site(), '/api/greet/b%20ob')).params).toEqual({ name: 'b%20ob' })
    expect((await seen(site(), '/api/greet/b ob')).params).toEqual({ name: 'b%20ob' })
    expect((await seen(site(), '/api/files/a%2Fb/c')).params).toEqual({ path: ['a%2Fb', 'c'] })
  })

  it('takes dots and parentheses in file names literally', async () => {
    expect((await seen(site(), '/docs/a.b')).name).toBe('a.b')
    expect((await seen(site(), '/docs/(x)')).name).toBe('(x)')
    for (const path of ['/docs/axb', '/docs/x']) {
      expect(await (await serve(site(), path)).response.text()).toBe('asset ' + path)
    }
  })

  it('runs a method handler only for its method, and an onRequest for any', async () => {
    expect((await seen(site(), '/api/greet/bob', { method: 'POST', body: 'x' })).name).toBe(
      'greet POST'
    )
    const put = await serve(site(), '/api/greet/bob', { method: 'PUT' })
    expect(await put.response.text()).toBe('asset /api/greet/bob')
    expect((await seen(site(), '/api', { method: 'DELETE' })).name).toBe('api index')
    expect((await seen(site(), '/')).name).toBe('home GET')
    // POST / has only the root middleware (a route without modules does not end the search).
    log = []
    const post = await serve(site(), '/', { method: 'POST' })
    expect(await post.response.text()).toBe('asset /')
    expect(log).toEqual(['root middleware'])
  })

  it('runs the modules of the first matching route only', async () => {
    const routes = [
      route('/api/files/:path*', '/api/files', '', [], [mod('files')]),
      route('/api', '/api', '', [mw('api middleware')], []),
      route('/:all*', '/', '', [], [mod('catch-all')])
    ]
    const files = await serve(routes, '/api/files/x')
    expect(((await files.response.json()) as Seen).name).toBe('files')
    expect(log).toEqual(['api middleware', 'files'])

    log = []
    // /api's route has no modules, so the search goes on to the catch-all.
    expect(await seen(routes, '/api')).toMatchObject({
      name: 'catch-all',
      params: { all: ['api'] }
    })
    expect(log).toEqual(['api middleware', 'catch-all'])

    // A module calling next() reaches the assets, not the next matching route.
    log = []
    const chained = [
      route('/a', '/', '', [], [(context) => (log.push('a'), context.next())]),
      route('/:all*', '/', '', [], [mod('catch-all')])
    ]
    expect(await (await serve(chained, '/a')).response.text()).toBe('asset /a')
    expect(log).toEqual(['a'])
  })

  it('falls through to env.ASSETS.fetch when nothing matches', async () => {
    const { response, assets } = await serve(site(), '/nothing/here', {
      headers: { 'x-test': '1' }
    })
    expect(await response.text()).toBe('asset /nothing/here')
    expect(assets).toHaveLength(1)
    expect(assets[0]?.headers.get('x-test')).toBe('1')
    expect(await (await serve([], '/')).response.text()).toBe('asset /')
  })

  it('uses the named fallback binding', async () => {
    const worker = runtime.createPagesFunctions([], 'STATIC')
    const env = { STATIC: { fetch: async () => new Response('static') } }
    const response = await worker.fetch(new Request(ORIGIN + '/'), env, { waitUntil() {} })
    expect(await response.text()).toBe('static')
  })

  it('fetches from the origin when the fallback name is empty', async () => {
    const realFetch = globalThis.fetch
    const origin: Request[] = []
    globalThis.fetch = async (input) => {
      origin.push(input as Request)
      return new Response('origin')
    }
    try {
      const worker = runtime.createPagesFunctions([], '')
      const response = await worker.fetch(new Request(ORIGIN + '/o'), {}, { waitUntil() {} })
      expect(await response.text()).toBe('origin')
      expect(origin.map((request) => request.url)).toEqual([ORIGIN + '/o'])
    } finally {
      globalThis.fetch = realFetch
    }
  })
})

// --- Middleware -------------------------------------------------------------------------------

describe('middleware', () => {
  it('runs root middleware, then nested middleware, then the module', async () => {
    expect((await seen(site(), '/api')).name).toBe('api index')
    expect(log).toEqual(['root middleware', 'api middleware', 'api index'])
    log = []
    await seen(site(), '/api/greet/bob')
    expect(log).toEqual(['root middleware', 'api middleware', 'greet GET'])
    log = []
    await serve(site(), '/apix')
    expect(log).toEqual(['root middleware'])
  })

  it('runs every handler of an onRequest array, in order', async () => {
    const routes = [route('/', '/', '', [[mw('m1'), mw('m2')], mw('m3')], [[mw('h1'), mod('h2')]])]
    expect((await seen(routes, '/')).name).toBe('h2')
    expect(log).toEqual(['m1', 'm2', 'm3', 'h1', 'h2'])
  })

  it('gives middleware the params of its directory and its mount as functionPath', async () => {
    const record: Handler = (context) => {
      log.push(JSON.stringify([context.params, context.functionPath]))
      return context.next()
    }
    const routes = [
      route('/users/:id/posts', '/users/:id', '', [], [mod('posts')]),
      route('/users/:id', '/users/:id', '', [record], []),
      route('/', '/', '', [record], [])
    ]
    expect(await seen(routes, '/users/7/posts')).toMatchObject({
      name: 'posts',
      params: { id: '7' },
      functionPath: '/users/7/posts'
    })
    expect(log).toEqual(['[{},"/"]', '[{"id":"7"},"/users/7"]', 'posts'])

    // Where the two differ, params come from the route and functionPath from the mount.
    log = []
    await serve([route('/shop/:item', '/shop', '', [record], [])], '/Shop/hat/size')
    expect(log).toEqual(['[{"item":"hat"},"/Shop"]'])
  })

  it('can edit the response it gets back, even from an immutable one', async () => {
    const routes = [
      route(
        '/',
        '/',
        '',
        [
          async (context) => {
            const response = await context.next()
            response.headers.set('x-middleware', 'yes')
            return response
          }
        ],
        []
      )
    ]
    const { response } = await serve(routes, '/old', undefined, () =>
      Response.redirect(ORIGIN + '/new', 301)
    )
    expect(response.status).toBe(301)
    expect(response.headers.get('location')).toBe(ORIGIN + '/new')
    expect(response.headers.get('x-middleware')).toBe('yes')
  })
})

// --- next() and the context -------------------------------------------------------------------

describe('next() and the context', () => {
  it('rewrites the request for later handlers and the assets, not the routing', async () => {
    const routes = [
      route(
        '/api/greet/:name',
        '/api/greet',
        'GET',
        [],
        [
          (context) => {
            log.push(`${context.request.method} ${context.request.url}`)
            return context.next()
          }
        ]
      ),
      route(
        '/',
        '/',
        '',
        [(context) => context.next('/other?q=1', { method: 'POST', body: 'b' })],
        []
      )
    ]
    const { response, assets } = await serve(routes, '/api/greet/bob')
    // The GET route still ran although the rewritten request is a POST to /other.
    expect(log).toEqual([`POST ${ORIGIN}/other?q=1`])
    expect(await response.text()).toBe('asset /other')
    expect(assets[0]?.url).toBe(ORIGIN + '/other?q=1')
    expect(await assets[0]?.text()).toBe('b')
  })

  it('accepts a Request, and resolves a relative URL against the current one', async () => {
    const routes = [
      route(
        '/',
        '/',
        '',
        [
          (context) => context.next(new Request(ORIGIN + '/a/b/', { headers: { 'x-step': '1' } })),
          (context) => context.next('c', { headers: { 'x-step': '2' } })
        ],
        []
      )
    ]
    const { assets } = await serve(routes, '/')
    expect(assets[0]?.url).toBe(ORIGIN + '/a/b/c')
    expect(assets[0]?.headers.get('x-step')).toBe('2')
  })

  it('gives each handler its own copy of the request body', async () => {
    const read: Handler = async (context) => {
      log.push(await context.request.text())
      return context.next()
    }
    const routes = [route('/', '/', '', [read, read], [])]
    const { assets } = await serve(routes, '/', { method: 'POST', body: 'payload' })
    expect(log).toEqual(['payload', 'payload'])
    expect(await assets[0]?.text()).toBe('payload')
  })

  it('shares context.data across the handlers of a request', async () => {
    const routes = [
      route(
        '/',
        '/',
        '',
        [
          (context) => {
            log.push(JSON.stringify(context.data))
            context.data.user = 'ada'
            return context.next()
          },
          (context) => {
            context.data = { ...context.data, role: 'admin' }
            return context.next()
          }
        ],
        [(context) => Response.json(context.data)]
      )
    ]
    const worker = runtime.createPagesFunctions(routes)
    const { response } = await serve(worker, '/')
    expect(await response.json()).toEqual({ user: 'ada', role: 'admin' })
    // The next request to the same worker starts with empty data.
    await serve(worker, '/')
    expect(log).toEqual(['{}', '{}'])
  })

  it.each([['a string'], [null], [42]])('refuses context.data = %p', async (value) => {
    const routes = [
      route(
        '/',
        '/',
        '',
        [],
        [
          (context) => {
            ;(context as { data: unknown }).data = value
            return new Response('unreachable')
          }
        ]
      )
    ]
    await expect(serve(routes, '/')).rejects.toThrow('context.data must be an object')
  })

  it('builds a fresh context for each handler, with the documented keys', async () => {
    const contexts: EventContext[] = []
    const keep: Handler = (context) => (contexts.push(context), context.next())
    await serve([route('/', '/', '', [keep, keep], [])], '/')
    expect(contexts).toHaveLength(2)
    expect(contexts[0]).not.toBe(contexts[1])
    expect(contexts[0]?.request).not.toBe(contexts[1]?.request)
    expect(contexts[0]?.next).toBe(contexts[1]?.next)
    expect(Object.keys(contexts[0] ?? {})).toEqual([
      'request',
      'functionPath',
      'next',
      'params',
      'data',
      'env',
      'waitUntil',
      'passThroughOnException'
    ])
  })

  it('binds waitUntil to the execution context', async () => {
    const later = Promise.resolve('done')
    const routes = [
      route(
        '/',
        '/',
        '',
        [],
        [
          ({ waitUntil }) => {
            waitUntil(later)
            return new Response('ok')
          }
        ]
      )
    ]
    const { waited } = await serve(routes, '/')
    expect(waited).toEqual([later])
  })

  it.each([
    ['a string', 'hello'],
    ['undefined', undefined],
    ['a Response-like object', { status: 200, body: 'x' }]
  ])('rejects a handler that returns %s', async (_, value) => {
    const routes = [route('/', '/', '', [], [() => value])]
    await expect(serve(routes, '/')).rejects.toThrow('Your Pages function should return a Response')
  })

  // Node's Response cannot hold a body with these statuses, but a binding's answer in workerd
  // can (a 304 from the origin with an empty stream); the copy must drop it. Node refuses 101.
  it.each([204, 205, 304])('gives status %i a null body', async (status) => {
    const fromHandler = await serve(
      [route('/', '/', '', [], [() => new Response(null, { status })])],
      '/'
    )
    expect(fromHandler.response.status).toBe(status)
    expect(fromHandler.response.body).toBeNull()
    const withStream = {
      status,
      statusText: 'Kept',
      headers: new Headers({ etag: '"v1"' }),
      body: new Response('').body
    }
    const fromAssets = await serve([], '/', undefined, () => withStream as unknown as Response)
    expect(fromAssets.response.status).toBe(status)
    expect(fromAssets.response.statusText).toBe('Kept')
    expect(fromAssets.response.headers.get('etag')).toBe('"v1"')
    expect(fromAssets.response.body).toBeNull()
  })

  it('returns a copy of the handler response with its status, headers and body', async () => {
    const original = new Response('teapot', {
      status: 418,
      statusText: 'Short',
      headers: { a: 'b' }
    })
    const { response } = await serve([route('/', '/', '', [], [() => original])], '/')
    expect(response).not.toBe(original)
    expect([response.status, response.statusText, response.headers.get('a')]).toEqual([
      418,
      'Short',
      'b'
    ])
    expect(await response.text()).toBe('teapot')
  })
})

// --- Errors -----------------------------------------------------------------------------------

describe('errors', () => {
  const boom: Handler = () => {
    throw new Error('boom')
  }

  it('rethrows when nobody asked to fail open', async () => {
    await expect(serve([route('/', '/', '', [mw('mw')], [boom])], '/')).rejects.toThrow('boom')
  })

  it('serves the assets for the current request after passThroughOnException()', async () => {
    const routes = [
      route(
        '/',
        '/',
        '',
        [
          (context) => {
            context.passThroughOnException()
            return context.next('/rewritten')
          }
        ],
        [boom]
      )
    ]
    const { response, assets } = await serve(routes, '/')
    expect(await response.text()).toBe('asset /rewritten')
    expect(assets).toHaveLength(1)
  })

  it('fails open when the failing handler itself asked first', async () => {
    const routes = [
      route(
        '/',
        '/',
        '',
        [],
        [
          (context) => {
            context.passThroughOnException()
            throw new Error('late')
          }
        ]
      )
    ]
    expect(await (await serve(routes, '/x')).response.text()).toBe('asset /x')
  })

  it('fails open on a non-Response result too', async () => {
    const routes = [
      route(
        '/',
        '/',
        '',
        [(context) => (context.passThroughOnException(), context.next())],
        [() => 'not a response']
      )
    ]
    expect(await (await serve(routes, '/')).response.text()).toBe('asset /')
  })

  it('reports an invalid route pattern only when the request reaches it', async () => {
    // A file named "a*.js" gives the pattern "/a*", which path-to-regexp refuses.
    const broken = route('/a*', '/', '', [mw('never')], [])
    const root =
      (passThrough: boolean): Handler =>
      (context) => {
        if (passThrough) context.passThroughOnException()
        return context.next()
      }
    await expect(serve([broken, route('/', '/', '', [root(false)], [])], '/')).rejects.toThrow(
      'Unexpected MODIFIER at 2, expected END'
    )
    const open = await serve([broken, route('/', '/', '', [root(true)], [])], '/')
    expect(await open.response.text()).toBe('asset /')
    expect(log).toEqual([])
  })
})

// --- The matcher against path-to-regexp -------------------------------------------------------

/** What Pages does to a pattern before handing it to path-to-regexp. */
const escapePattern = (pattern: string): string => pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&')

type Outcome = false | { path: string; params: [string, unknown][]; prototype: unknown } | string

/** A match result in comparable form (param order and prototype included), or the error. */
function outcome(run: () => { path: string; params: object } | false): Outcome {
  try {
    const result = run()
    if (!result) return false
    return {
      path: result.path,
      params: Object.entries(result.params),
      prototype: Object.getPrototypeOf(result.params)
    }
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`
  }
}

const reference = (pattern: string, path: string, end: boolean): Outcome =>
  outcome(() => match(escapePattern(pattern), { end })(path))
const ours = (pattern: string, path: string, end: boolean): Outcome =>
  outcome(() => runtime.matchPath(pattern, path, end))

const PATTERNS = [
  '/',
  '/api',
  '/api/',
  '/API/Greet',
  '/api/greet/:name',
  '/api/files/:path*',
  '/:slug',
  '/:slug*',
  '/:a/:b',
  '/:a/x/:b*',
  '/x/:y*/z',
  '/users/:id/posts/:post',
  '/a.b',
  '/docs/v1.2/:page',
  '/(x)',
  '/(x)/:y',
  '/file-:id.json',
  '/:a-:b',
  '/:a.:b',
  '/:a_b/:c9',
  '/a+b',
  '/a?b',
  '/$^|',
  '/{x}',
  '/[x]',
  '/a[',
  '/a\\',
  '/a#b',
  // Invalid patterns: the same error, or none, is the point.
  '/a*',
  '/:',
  '/:a:b',
  '/x:y*',
  '/api/*'
]

const PATHS = [
  '',
  '/',
  '//',
  '/api',
  '/API',
  '/api/',
  '/api/x',
  '/apix',
  '/api/greet/bob',
  '/api/greet/bob/',
  '/api/greet/bob/x',
  '/api/greet/b%20ob',
  '/Api/Greet/Bob',
  '/api/files',
  '/api/files/',
  '/api/files/a',
  '/api/files/a/b/c',
  '/api/files/a//b',
  '/a.b',
  '/axb',
  '/A.B',
  '/a.b/c',
  '/(x)',
  '/(x)/',
  '/(x)/y',
  '/x',
  '/a-b',
  '/a-b-c',
  '/-b',
  '/a.b.c',
  '/users/1/posts/2',
  '/users/1/posts/2/',
  '/docs/v1.2/intro',
  '/docs/v1x2/intro',
  '/file-7.json',
  '/a+b',
  '/a?b',
  '/a#b',
  '/a[',
  '/a[x',
  '/a\\',
  '/[x]',
  '/{x}',
  '/$^|',
  '/x/y/z',
  '/x/z',
  '/a%2Fb'
]

describe('matchPath equals path-to-regexp 6.3.0', () => {
  it.each(PATTERNS)('%s', (pattern) => {
    for (const end of [true, false]) {
      for (const path of PATHS) {
        expect({ path, end, result: ours(pattern, path, end) }).toEqual({
          path,
          end,
          result: reference(pattern, path, end)
        })
      }
    }
  })

  it('covers matches, misses and errors', () => {
    const kinds = new Set(
      PATTERNS.flatMap((p) => PATHS.map((path) => typeof reference(p, path, true)))
    )
    expect(kinds).toEqual(new Set(['object', 'boolean', 'string']))
  })

  it('on generated patterns and paths', () => {
    const pieces = [
      '/',
      'a',
      'B',
      '.',
      '-',
      '(',
      ')',
      '[',
      '\\',
      '#',
      '%20',
      '*',
      ':',
      '/x',
      '/:p',
      '/:q*',
      '-:r',
      '/y.z'
    ]
    const fills = [
      '',
      'a',
      'B',
      'b-c',
      'x/y',
      'a.b',
      '-',
      '-q',
      '%2F',
      '/',
      '//',
      '#',
      '?',
      '(',
      'z/'
    ]
    const pattern = fc
      .array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 6 })
      .map((p) => p.join(''))
    // Paths built from the pattern, so that most cases get past the first character.
    const caseFor = pattern.chain((p) => {
      const holes = p.split(/:\w+\*?/).length - 1
      const derived = fc
        .tuple(
          fc.array(fc.constantFrom(...fills), { minLength: holes, maxLength: holes }),
          fc.constantFrom('', ...fills),
          fc.boolean()
        )
        .map(([values, suffix, upper]) => {
          let i = 0
          const path = p.replace(/:\w+\*?/g, () => values[i++] ?? '') + suffix
          return upper ? path.toUpperCase() : path
        })
      const free = fc
        .array(fc.constantFrom(...fills, '.', 'a', 'x'), { maxLength: 6 })
        .map((f) => f.join(''))
      return fc.tuple(fc.constant(p), fc.oneof(derived, free), fc.boolean())
    })
    fc.assert(
      fc.property(caseFor, ([p, path, end]) => {
        expect(ours(p, path, end)).toEqual(reference(p, path, end))
      }),
      { numRuns: 5000 }
    )
  })
})

describe('the runtime source', () => {
  it('is a self-contained module', () => {
    expect(FUNCTIONS_RUNTIME_SOURCE).not.toMatch(/^\s*import\b/m)
    expect(FUNCTIONS_RUNTIME_SOURCE).not.toMatch(/\brequire\(/)
    expect(Object.keys(runtime).sort()).toEqual(['createPagesFunctions', 'matchPath'])
  })
})
