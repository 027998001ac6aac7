/**
 * The runtime of a compiled Pages Functions Worker: it routes each request through the user's
 * middlewares and handlers exactly as Cloudflare's template worker (wrangler 4.86) does, so a
 * project behaves the same whether pages-pilot or wrangler built it. The behaviour is that of
 * wrangler's packages/wrangler/templates/pages-template-worker.ts, pinned down case by case in
 * __tests__/functions-runtime.test.ts; this is an original implementation of it.
 *
 * The source is plain ES2022 with no imports, so it can be handed to esbuild as a virtual module.
 * It is a String.raw template: it must not contain backticks or dollar-brace sequences.
 */

/** The JavaScript source of the Pages Functions runtime, bundled into every Functions Worker. */
export const FUNCTIONS_RUNTIME_SOURCE: string = String.raw`// pages-pilot: Pages Functions runtime.

// --- Path matching --------------------------------------------------------------------------
// Same results as path-to-regexp 6.3.0 match(pattern, { end }) with default options, after
// Pages escapes these characters in the pattern (so they are literal; "*" is not escaped, it is
// the catch-all modifier of ":name*"). Defaults: case-insensitive, optional trailing delimiter,
// anchored at the start, delimiters "/#?", params not decoded.
const LITERAL = /[.+?^{}$()|[\]\\]/g
const SEGMENT = '[^/#?]+?'
const escapeRegExp = (text) => text.replace(/[.*+?^{}$()|[\]\\]/g, '\\$&')
const compiled = new Map()

// Turns a pattern into { regexp, keys }. Invalid patterns throw the TypeError path-to-regexp
// throws (index into the escaped pattern), at the same point of the request.
function compile(pattern, end) {
  const source = pattern.replace(LITERAL, '\\$&')

  // Tokens: literal characters (backslash-escaped or plain), ":name" and "*".
  const tokens = []
  for (let i = 0; i < source.length; ) {
    const char = source[i]
    if (char === '\\') {
      tokens.push({ kind: 'text', value: source[i + 1] })
      i += 2
    } else if (char === '*') {
      tokens.push({ kind: '*', at: i })
      i += 1
    } else if (char === ':') {
      const name = /^\w*/.exec(source.slice(i + 1))[0]
      if (!name) throw new TypeError('Missing parameter name at ' + i)
      tokens.push({ kind: 'name', value: name })
      i += 1 + name.length
    } else {
      tokens.push({ kind: 'text', value: char })
      i += 1
    }
  }

  // Parts: literal strings and params. A "/" just before a param belongs to the param, so
  // "/api/:rest*" also matches "/api" (the whole "/a/b" tail is optional). ("/" is never escaped.)
  const parts = []
  let text = ''
  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t]
    if (token.kind === '*') throw new TypeError('Unexpected MODIFIER at ' + token.at + ', expected END')
    if (token.kind === 'text') {
      if (token.value !== '/' || tokens[t + 1]?.kind !== 'name') text += token.value
      continue
    }
    const before = tokens[t - 1]
    const prefix = before?.kind === 'text' && before.value === '/' ? '/' : ''
    const repeat = tokens[t + 1]?.kind === '*'
    if (repeat) t++
    if (text) parts.push(text)
    text = ''
    let segment = SEGMENT
    if (!prefix) {
      const last = parts[parts.length - 1]
      if (typeof last === 'object') {
        throw new TypeError('Must have text between two parameters, missing text after "' + last.name + '"')
      }
      // Glued to text without a delimiter ("/:a-:b"), a param may not contain that text.
      if (last !== undefined && !/[/#?]/.test(last)) {
        segment = '(?:(?!' + escapeRegExp(last) + ')[^/#?])+?'
      }
    }
    parts.push({ name: token.value, prefix, repeat, segment })
  }
  if (text) parts.push(text)

  let regexp = '^'
  const keys = []
  for (const part of parts) {
    if (typeof part === 'string') {
      regexp += escapeRegExp(part)
    } else if (part.prefix) {
      regexp += part.repeat
        ? '(?:/(' + part.segment + '(?:/' + part.segment + ')*))?'
        : '(?:/(' + part.segment + '))'
      keys.push(part)
    } else {
      if (part.repeat) throw new TypeError('Can not repeat "' + part.name + '" without a prefix and suffix')
      regexp += '(' + part.segment + ')'
      keys.push(part)
    }
  }
  if (end) {
    regexp += '[/#?]?$'
  } else {
    // A prefix match ends at a delimiter: "/api" matches "/api/x" but not "/apix". Like
    // path-to-regexp, "ends with a delimiter" tests the last character against the source of its
    // delimiter class, so a pattern ending in "[", "]" or "\" counts as delimited too.
    regexp += '(?:[/#?]$)?'
    const last = parts[parts.length - 1]
    const delimited = last === undefined || (typeof last === 'string' && '[/#?]\\'.includes(last.at(-1)))
    if (!delimited) regexp += '(?=[/#?]|$)'
  }
  return { regexp: new RegExp(regexp, 'i'), keys }
}

/** path-to-regexp's match result for a Pages route pattern: { path, params } or false. */
export function matchPath(pattern, path, end) {
  const cacheKey = (end ? 'end:' : 'prefix:') + pattern
  let entry = compiled.get(cacheKey)
  if (!entry) compiled.set(cacheKey, (entry = compile(pattern, end)))
  const found = entry.regexp.exec(path)
  if (!found) return false
  const params = Object.create(null) // as path-to-regexp's: no prototype
  entry.keys.forEach((key, i) => {
    const value = found[i + 1]
    // A catch-all that matched nothing is absent, not an empty array.
    if (value !== undefined) params[key.name] = key.repeat ? value.split('/') : value
  })
  return { path: found[0], params }
}

// --- Request flow -----------------------------------------------------------------------------
const NULL_BODY_STATUSES = [101, 204, 205, 304]

// A fresh Response with the same status and headers, so the caller may change its headers.
const rewrap = (response) =>
  new Response(NULL_BODY_STATUSES.includes(response.status) ? null : response.body, response)

export function createPagesFunctions(routes, fallback = 'ASSETS') {
  // The handlers for one request, in order. Lazy, like the template: a route is matched only
  // when next() gets that far. Routing uses the original URL and method, whatever next() rewrites.
  function* handlersFor(request) {
    const path = new URL(request.url).pathname
    const methodFits = (route) => !route.method || route.method === request.method

    // Middlewares of every route whose path and mount both prefix-match, least specific first,
    // so "/_middleware" wraps "/api/_middleware".
    for (const route of [...routes].reverse()) {
      if (!methodFits(route)) continue
      const routeMatch = matchPath(route.routePath, path, false)
      const mountMatch = matchPath(route.mountPath, path, false)
      if (routeMatch && mountMatch) {
        for (const handler of route.middlewares.flat()) {
          yield { handler, params: routeMatch.params, functionPath: mountMatch.path }
        }
      }
    }

    // Then the modules of the most specific route matching the whole path, and no other's.
    for (const route of routes) {
      if (!methodFits(route)) continue
      const routeMatch = matchPath(route.routePath, path, true)
      const mountMatch = matchPath(route.mountPath, path, false)
      if (routeMatch && mountMatch && route.modules.length > 0) {
        for (const handler of route.modules.flat()) {
          yield { handler, params: routeMatch.params, functionPath: routeMatch.path }
        }
        return
      }
    }
  }

  return {
    async fetch(originalRequest, env, ctx) {
      let request = originalRequest
      const handlers = handlersFor(originalRequest)
      let data = {}
      let failOpen = false

      const next = async (input, init) => {
        if (input !== undefined) {
          const target = typeof input === 'string' ? new URL(input, request.url).toString() : input
          request = new Request(target, init)
        }
        const step = handlers.next()
        if (step.done) {
          // Nothing left to run: serve the static asset (or the origin without a fallback binding).
          return rewrap(await (fallback ? env[fallback].fetch(request) : fetch(request)))
        }
        const { handler, params, functionPath } = step.value
        const context = {
          request: new Request(request.clone()), // each handler may consume its own body
          functionPath,
          next,
          params,
          get data() {
            return data
          },
          set data(value) {
            if (typeof value !== 'object' || value === null) {
              throw new Error('context.data must be an object')
            }
            data = value
          },
          env,
          waitUntil: ctx.waitUntil.bind(ctx),
          passThroughOnException: () => {
            failOpen = true
          }
        }
        const response = await handler(context)
        if (!(response instanceof Response)) {
          throw new Error('Your Pages function should return a Response')
        }
        return rewrap(response)
      }

      try {
        return await next()
      } catch (error) {
        // Fail open only if a handler asked for it; serve the current (maybe rewritten) request.
        if (!failOpen) throw error
        return rewrap(await env[fallback].fetch(request))
      }
    }
  }
}
`
