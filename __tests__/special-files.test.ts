/**
 * `_redirects` and `_headers` read as Cloudflare reads them: limits, order, invalid lines.
 * The conformance test checks the same reader against Cloudflare's published parser.
 */
import { describeFinding } from '../src/domain/finding-text.js'
import { describe, expect, it } from '@jest/globals'
import { parseHeadersFile, parseRedirectsFile } from '../src/domain/special-files.js'

const staticRules = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => `/s${from + i} /t${from + i} 301`)
const dynamicRules = (n: number) => Array.from({ length: n }, (_, i) => `/d${i}/* /t/:splat 301`)

describe('_redirects', () => {
  it('keeps valid rules, normalised, with the default status', () => {
    const { rules, findings } = parseRedirectsFile(
      '# comment\n/a/../b  /c?x=1#top\n/blog/:slug https://example.com/:slug 308 # moved\nold /new\n'
    )
    expect(findings).toEqual([])
    expect(rules).toEqual([
      { from: '/b', to: '/c?x=1#top', status: 302, lineNumber: 2 },
      { from: '/blog/:slug', to: 'https://example.com/:slug', status: 308, lineNumber: 3 },
      { from: '/old', to: '/new', status: 302, lineNumber: 4 }
    ])
  })

  it('refuses what Cloudflare finds invalid, and drops duplicates (first wins)', () => {
    const { rules, findings } = parseRedirectsFile(
      [
        '/one',
        'https://example.com/a /b',
        '/c http://insecure.example/d',
        '/e /f 404',
        '/g https://example.com/h 200',
        '/* /index.html',
        '/x /y',
        '/x /z'
      ].join('\n')
    )
    expect(rules.map((r) => r.from)).toEqual(['/x'])
    expect(findings.map((f) => [f.lineNumber, f.kind])).toEqual([
      [1, 'refused'],
      [2, 'refused'],
      [3, 'refused'],
      [4, 'refused'],
      [5, 'refused'],
      [6, 'refused'],
      [8, 'dropped']
    ])
  })

  it('counts 2,000 static redirects, then drops each one past', () => {
    const { rules, findings } = parseRedirectsFile(staticRules(2_003).join('\n'))
    expect(rules).toHaveLength(2_000)
    expect(findings.map((f) => f.lineNumber)).toEqual([2_001, 2_002, 2_003])
    expect(findings.every((f) => f.kind === 'dropped')).toBe(true)
  })

  it('counts every redirect after the first dynamic one as dynamic (workers-sdk 14694)', () => {
    // Static first: 150 static + 100 dynamic are all kept.
    const good = parseRedirectsFile([...staticRules(150), ...dynamicRules(100)].join('\n'))
    expect([good.rules.length, good.findings]).toEqual([250, []])
    // The same rules, one dynamic first: the static ones now count as dynamic, and past the
    // 100th the rest of the file is dropped.
    const bad = parseRedirectsFile(
      [...dynamicRules(1), ...staticRules(150), ...dynamicRules(99)].join('\n')
    )
    expect(bad.rules).toHaveLength(100)
    expect(bad.findings).toHaveLength(1)
    expect(describeFinding(bad.findings[0]!)).toMatch(/^_redirects:101-250: .*150 rules/)
  })

  it('counts an invalid line against the limit before checking it', () => {
    const lines = [...dynamicRules(99), '/bad/* /x 999', '/d-last/* /y', '/after/* /z']
    const { rules, findings } = parseRedirectsFile(lines.join('\n'))
    // The invalid 100th took the last place: the valid 101st and the rest are dropped.
    expect(rules).toHaveLength(99)
    expect(findings.map((f) => [f.lineNumber, f.throughLine, f.kind])).toEqual([
      [100, undefined, 'refused'],
      [101, 102, 'dropped']
    ])
  })

  it('drops a line over 2,000 characters', () => {
    const { rules, findings } = parseRedirectsFile(`/a /${'x'.repeat(2_000)}\n/b /c`)
    expect(rules.map((r) => r.from)).toEqual(['/b'])
    expect(findings[0]).toMatchObject({ lineNumber: 1, kind: 'dropped' })
  })
})

describe('_headers', () => {
  it('reads rules, joins repeated names and keeps ! removals', () => {
    const { rules, findings } = parseHeadersFile(
      '/*\n  X-Frame-Options: DENY\n  Link: </a.css>; rel=preload\n  link: </b.js>; rel=preload\n/static/*\n  ! Set-Cookie\n'
    )
    expect(findings).toEqual([])
    expect(rules).toEqual([
      {
        path: '/*',
        headers: { 'x-frame-options': 'DENY', link: '</a.css>; rel=preload, </b.js>; rel=preload' },
        unset: [],
        lineNumber: 1
      },
      { path: '/static/*', headers: {}, unset: ['Set-Cookie'], lineNumber: 5 }
    ])
  })

  it('refuses headers without a path, bad names and empty rules', () => {
    const { rules, findings } = parseHeadersFile(
      'X-Early: 1\n/a\n  Bad Name: 1\n  X-Empty:\n  no colon\n/b\n/c/*/*\n  X-Skipped: 1\n/d\n  X-Ok: 1'
    )
    expect(rules.map((r) => r.path)).toEqual(['/d'])
    expect(findings.map((f) => f.lineNumber)).toEqual([1, 3, 4, 5, 2, 6, 7])
  })

  it('keeps 101 rules and drops the rest of the file, as Cloudflare does', () => {
    const text = Array.from({ length: 105 }, (_, i) => `/p${i}\n  X-N: ${i}`).join('\n')
    const { rules, findings } = parseHeadersFile(text)
    expect(rules).toHaveLength(101)
    expect(findings).toHaveLength(1)
    expect(describeFinding(findings[0]!)).toMatch(/^_headers:203-210: /)
  })
})
