/** The smoke-checks and smoke-headers inputs, and how an answer is judged against a check. */
import { describe, expect, it } from '@jest/globals'
import {
  describeExpectation,
  followsRedirects,
  judge,
  parseSmokeChecks,
  parseSmokeHeaders
} from '../src/domain/smoke-checks.js'

const ok = { status: 200, location: undefined, body: 'Welcome home', ms: 120, detail: 'HTTP 200' }

describe('parseSmokeChecks', () => {
  it('reads the issue example, with comments and blank lines', () => {
    const { checks, problems } = parseSmokeChecks(
      [
        '# the pages that matter',
        '/                 200 contains "Welcome"',
        '',
        '/api/health       200 under 800ms',
        '/old-blog         301 -> /blog',
        '/q?x=1 contains "say \\"hi\\" \\\\ bye" -> https://example.com/ok under 2s 302'
      ].join('\n')
    )
    expect(problems).toEqual([])
    expect(checks.map((c) => [c.path, c.status, c.contains, c.location, c.underMs])).toEqual([
      ['/', 200, 'Welcome', undefined, undefined],
      ['/api/health', 200, undefined, undefined, 800],
      ['/old-blog', 301, undefined, '/blog', undefined],
      ['/q?x=1', 302, 'say "hi" \\ bye', 'https://example.com/ok', 2000]
    ])
    expect(checks.map(describeExpectation)).toEqual([
      '200, contains "Welcome"',
      '200, under 800ms',
      '301 -> /blog',
      '302 -> https://example.com/ok, contains "say "hi" \\ bye", under 2s'
    ])
  })

  it.each([
    ['about 200', 'the first word must be a path'],
    ['//evil.example/ 200', 'the first word must be a path'],
    ['/ 200 200', 'the status is given twice'],
    ['/ 999', '999 is not an HTTP status'],
    ['/ contains Welcome', 'contains takes text in double quotes'],
    ['/ contains "Welcome', 'is not closed'],
    ['/ contains ""', 'needs some text'],
    ['/ ->', '-> needs a value'],
    ['/ -> blog', "-> takes a path starting with '/'"],
    ['/ 200 -> /blog', 'its status must be a 3xx one'],
    ['/ under fast', 'under takes a duration'],
    ['/ under 20m', 'under takes a duration'],
    ['/ 200 soon', "'soon' is not understood"]
  ])('refuses %j', (line, message) => {
    const { checks, problems } = parseSmokeChecks(`/fine\n${line}`)
    expect(checks).toHaveLength(1)
    expect(problems).toHaveLength(1)
    expect(problems[0]?.lineNumber).toBe(2)
    expect(problems[0]?.message).toContain(message)
  })

  it('follows redirects unless the redirect is what is checked', () => {
    const [plain, redirect, status] = parseSmokeChecks('/\n/a -> /b\n/c 308').checks
    expect([plain, redirect, status].map((c) => c && followsRedirects(c))).toEqual([
      true,
      false,
      false
    ])
  })
})

describe('judge', () => {
  const check = (line: string) => {
    const parsed = parseSmokeChecks(line).checks[0]
    if (!parsed) throw new Error(`not a check: ${line}`)
    return parsed
  }
  it('passes a matching answer and names what does not match', () => {
    expect(judge(check('/ contains "Welcome"'), ok, undefined)).toBeUndefined()
    expect(judge(check('/ 201'), ok, undefined)).toBe('answered 200; expected 201')
    expect(judge(check('/ contains "Bye"'), ok, undefined)).toContain('does not contain "Bye"')
    expect(judge(check('/ under 100ms'), ok, undefined)).toBe('took 120ms; expected under 100ms')
    expect(judge(check('/'), { ...ok, status: 0, detail: 'ECONNRESET' }, undefined)).toBe(
      'no answer (ECONNRESET)'
    )
    const moved = { ...ok, status: 301, location: 'https://site.example/blog' }
    expect(judge(check('/old -> /blog'), moved, 'https://site.example/blog')).toBeUndefined()
    expect(judge(check('/old -> /news'), moved, 'https://site.example/news')).toBe(
      'redirects to https://site.example/blog; expected https://site.example/news'
    )
    expect(judge(check('/old -> /blog'), ok, 'https://site.example/blog')).toContain(
      'expected a 3xx status'
    )
  })
})

describe('parseSmokeHeaders', () => {
  it('reads Name: value lines and never repeats a line in a problem', () => {
    const { headers, problems } = parseSmokeHeaders(
      'CF-Access-Client-Id: id.access\n# comment\nCF-Access-Client-Secret: s3cr:et\nnot a header s3cret\nHost: x\nX-Empty:'
    )
    expect(headers).toEqual({
      'CF-Access-Client-Id': 'id.access',
      'CF-Access-Client-Secret': 's3cr:et'
    })
    expect(problems.map((p) => p.lineNumber)).toEqual([4, 5, 6])
    expect(JSON.stringify(problems)).not.toContain('s3cret')
  })
})
