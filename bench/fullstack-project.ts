/**
 * The full-stack project of the conformance test and the full-stack bench: static assets of
 * many types, and Pages Functions with params, middleware, TypeScript and an npm import.
 */

/** A WebAssembly module exporting `add(a, b)`. */
export const ADD_WASM = Buffer.from(
  '0061736d0100000001070160027f7f017f030201000707010361646400000a09010700200020016a0b',
  'hex'
)

/** Assets of many types, some of which a hand-written table used to get wrong. */
export const ASSETS: Record<string, string> = {
  'public/index.html': '<!doctype html><h1>Home</h1>',
  'public/about.html': '<h1>About</h1>',
  'public/app.js': 'console.log("app")',
  'public/style.css': 'body{margin:0}',
  'public/data.yaml': 'a: 1',
  'public/subtitles.vtt': 'WEBVTT',
  'public/feed.rss': '<rss/>',
  'public/feed.atom': '<feed/>',
  'public/cal.ics': 'BEGIN:VCALENDAR',
  'public/page.xhtml': '<html/>',
  'public/ld.jsonld': '{}',
  'public/list.m3u8': '#EXTM3U',
  'public/font.eot': 'eot',
  'public/model.glb': 'glTF',
  'public/manifest.webmanifest': '{}',
  'public/notes.md': '# notes',
  'public/README': 'no extension',
  'public/_headers': '/*\n  X-Frame-Options: DENY\n'
}

export const FUNCTIONS: Record<string, string> = {
  'functions/_middleware.ts': `
    export const onRequest = async (context: { next(): Promise<Response> }) => {
      const response = await context.next()
      response.headers.set('x-middleware', 'on')
      return response
    }`,
  'functions/api/hello.ts': `
    import { greet } from 'greeting-lib'
    export const onRequestGet = () => new Response(greet('world'))`,
  'functions/api/greet/[name].js': `
    export function onRequestGet({ params }) { return Response.json({ name: params.name }) }
    export function onRequestPost({ request }) { return new Response('posted ' + request.method, { status: 201 }) }`,
  'functions/api/files/[[path]].ts': `
    export const onRequest = ({ params }: { params: Record<string, unknown> }) => Response.json(params.path ?? null)`,
  'functions/api/env.js': `
    export const onRequest = ({ env }) => Response.json({ greeting: env.GREETING ?? null, limit: env.LIMIT ?? null })`,
  'node_modules/greeting-lib/package.json': '{"name":"greeting-lib","main":"index.js"}',
  'node_modules/greeting-lib/index.js': 'exports.greet = (who) => "Hello, " + who + "!"'
}
