/**
 * Conformance of pages-pilot's `_redirects` and `_headers` reader with the parser Cloudflare
 * published (`@cloudflare/pages-shared` 0.13.0, fetched on demand: see bench/cloudflare-parser.ts),
 * on a corpus of files shaped like real sites' (SPA fallbacks, blog migrations, locale splats,
 * security headers, the order-dependent cases of workers-sdk issue 14694 and the 850 lost
 * redirects of kgateway-dev/kgateway.dev #1003):
 *
 * - the rules kept are the same, field for field, line numbers included;
 * - every line Cloudflare reports (invalid or over a limit) is one pages-pilot reports, and the
 *   other way round: the same number of them.
 *
 * Cloudflare's parser has changed since 0.13.0 in four ways, which pages-pilot follows (from
 * the current source, packages/workers-shared/utils/configuration/); each is checked below as a
 * known difference, so that a change on either side shows.
 *
 * Run: `npm run test:conformance` (needs the npm registry the first time).
 */
import { beforeAll, describe, expect, it } from '@jest/globals'
import { loadCloudflareParser, type CloudflareParser } from '../../bench/cloudflare-parser.js'
import { parseHeadersFile, parseRedirectsFile } from '../../src/domain/special-files.js'

let cloudflare: CloudflareParser
beforeAll(async () => {
  cloudflare = await loadCloudflareParser()
})

const range = (n: number) => Array.from({ length: n }, (_, i) => i)

const REDIRECTS: Record<string, string> = {
  'single-page application': '/api/* /api/:splat 200\n/* /index.html 200\n',
  'blog migration': [
    '# Old WordPress permalinks',
    '/blog/2019/05/hello-world /posts/hello-world 301',
    '/blog/:year/:month/:slug /posts/:slug 301',
    '/feed /rss.xml 302',
    '/rss /rss.xml',
    '/docs/v1/* /docs/latest/:splat 308',
    '/team https://about.example.com/team 301',
    '/go/discord https://discord.gg/example?ref=site#invite 302',
    '/search /search.html?q=:q 200',
    ''
  ].join('\n'),
  'locales and normalisation': [
    '/en/ /en/index.html',
    '/fr/* /fr/:splat 200',
    '/a/./b/../c /d',
    '/café /cafe 301',
    '/with%20space /no-space',
    'no-leading-slash /elsewhere',
    '  /indented   /spaced   307  ',
    '/trailing/ /no-trailing 301',
    ''
  ].join('\r\n'),
  'invalid lines': [
    '/only-one-token',
    '/too many tokens here',
    'https://example.com/from /to',
    '/to-http http://insecure.example/x',
    '/bad-status /x 404',
    '/nan-status /x three',
    '/proxy-away https://example.com/x 200',
    '/ports https://example.com:8443/x 301',
    '/loop/* /index.html',
    '/dup /first',
    '/dup /second',
    '/ok /fine'
  ].join('\n'),
  'long lines': [`/long /${'a'.repeat(1999)}`, `/longer /${'b'.repeat(2000)}`, '/short /s'].join(
    '\n'
  ),
  'static limit': range(2_010)
    .map((i) => `/page-${i} /new/page-${i} 301`)
    .join('\n'),
  'static first (14694)': [
    ...range(1_500).map((i) => `/s/${i} /t/${i} 301`),
    ...range(100).map((i) => `/d/${i}/* /t/${i}/:splat 301`)
  ].join('\n'),
  'one dynamic first (14694)': [
    '/legacy/* /new/:splat 301',
    ...range(1_500).map((i) => `/s/${i} /t/${i} 301`),
    ...range(99).map((i) => `/d/${i}/* /t/${i}/:splat 301`)
  ].join('\n'),
  '850 lost after a dynamic rule (kgateway #1003)': [
    ...range(50).map((i) => `/docs/v${i}/* /docs/latest/:splat 301`),
    '/docs/:version/guide /docs/latest/guide 301',
    ...range(900).map((i) => `/docs/page-${i} /docs/latest/page-${i} 301`)
  ].join('\n'),
  'invalid lines use up places': [
    ...range(99).map((i) => `/d/${i}/* /x/:splat`),
    '/d/bad/* http://x.example 301',
    '/d/kept/* /y'
  ].join('\n')
}

const HEADERS: Record<string, string> = {
  'security headers': [
    '/*',
    '  X-Frame-Options: DENY',
    '  X-Content-Type-Options: nosniff',
    '  Referrer-Policy: strict-origin-when-cross-origin',
    "  Content-Security-Policy: default-src 'self'; img-src https://*.example.com",
    '/assets/*',
    '  Cache-Control: public, max-age=31536000, immutable',
    '/*.html',
    '  Cache-Control: no-cache',
    '  ! X-Frame-Options',
    'https://my-site.pages.dev/*',
    '  X-Robots-Tag: noindex',
    '/fonts/:name',
    '  Access-Control-Allow-Origin: *',
    '  Link: </a.woff2>; rel=preload',
    '  link: </b.woff2>; rel=preload',
    ''
  ].join('\n'),
  'invalid lines': [
    'X-Before-Path: 1',
    '/a',
    '  Bad Name: 1',
    '  : no name',
    '  X-No-Value:',
    '  no colon at all',
    '/empty',
    '/b',
    '  X-Ok: yes',
    'https://example.com:8443/c',
    '/d',
    '  X-Ok: yes'
  ].join('\n'),
  'rule limit': range(120)
    .map((i) => `/p/${i}\n  X-Page: ${i}`)
    .join('\n'),
  'long lines': ['/x', `  X-Long: ${'v'.repeat(1995)}`, '  X-Short: 1'].join('\n')
}

describe('_redirects against Cloudflare’s parser', () => {
  it.each(Object.entries(REDIRECTS))('%s', (_, text) => {
    const theirs = cloudflare.parseRedirects(text)
    const ours = parseRedirectsFile(text)
    expect(ours.rules).toEqual(theirs.rules)
    expect(ours.findings).toHaveLength(theirs.invalid.length)
    // Where Cloudflare names a line, pages-pilot names the same one.
    const named = theirs.invalid.flatMap((i) => (i.lineNumber === undefined ? [] : [i.lineNumber]))
    const ourLines = new Set(ours.findings.map((f) => f.lineNumber))
    expect(named.filter((n) => !ourLines.has(n))).toEqual([])
  })
})

describe('_headers against Cloudflare’s parser', () => {
  it.each(Object.entries(HEADERS))('%s', (_, text) => {
    const theirs = cloudflare.parseHeaders(text)
    const ours = parseHeadersFile(text)
    expect(
      ours.rules.map((r) => ({ path: r.path, headers: r.headers, unsetHeaders: r.unset }))
    ).toEqual(theirs.rules)
    expect(ours.findings).toHaveLength(theirs.invalid.length)
  })
})

describe('known differences from 0.13.0, where pages-pilot follows the current parser', () => {
  it('an inline comment ( # …) is stripped now; 0.13.0 counted it as tokens', () => {
    const text = '/a /b 301 # moved in 2024\n/c /d#fragment'
    expect(parseRedirectsFile(text).rules.map((r) => r.to)).toEqual(['/b', '/d#fragment'])
    expect(cloudflare.parseRedirects(text).rules.map((r) => r.to)).toEqual(['/d#fragment'])
  })

  it('a root-to-index redirect is refused as a loop, as 0.13.0 did for every trailing /', () => {
    const text = '/docs/ /docs/index.html\n/x/ /x/index'
    expect(parseRedirectsFile(text).rules).toEqual([])
    expect(cloudflare.parseRedirects(text).rules).toEqual([])
  })

  it('a header path with two splats is refused now, and its headers go with it', () => {
    const text = '/a/*/b/*\n  X-A: 1\n/c\n  X-C: 1'
    const ours = parseHeadersFile(text)
    expect(ours.rules.map((r) => r.path)).toEqual(['/c'])
    expect(ours.findings).toHaveLength(1)
    expect(cloudflare.parseHeaders(text).rules.map((r) => r.path)).toEqual(['/a/*/b/*', '/c'])
  })

  it('the header lines under a refused path are skipped silently now, not each reported', () => {
    const text = 'https://example.com:1/x\n  X-A: 1\n  X-B: 2\n/c\n  X-C: 1'
    expect(parseHeadersFile(text).findings).toHaveLength(1)
    expect(cloudflare.parseHeaders(text).invalid).toHaveLength(3)
  })
})
