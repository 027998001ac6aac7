/**
 * Property test: hostile values in any input (newlines, control characters, unicode, very long
 * strings, path traversal, URLs and workflow commands where ids belong) are either accepted as
 * valid or refused with a message that names the input, stays on one line and stays short.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it, jest } from '@jest/globals'
import fc from 'fast-check'
import { InputError, readSettings } from '../src/settings/read-settings.js'

const ACTION_YML = readFileSync(new URL('../action.yml', import.meta.url), 'utf8')
/** Every input name declared in action.yml, so new inputs are fuzzed without listing them here. */
const INPUTS = [...ACTION_YML.split(/^outputs:/m)[0]!.matchAll(/^ {2}([a-z][a-z0-9-]*):$/gm)].map(
  (m) => m[1]!
)

const BASE: Record<string, string> = {
  'api-token': 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-ab',
  'account-id': '0123456789abcdef0123456789abcdef',
  'project-name': 'site'
}

const hostile = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ minLength: 1000, maxLength: 5000 }),
  fc.constantFrom(
    '../../etc/passwd',
    '..',
    'https://evil.example/steal?x=1',
    'http://169.254.169.254/latest/meta-data',
    'main\n::set-output name=url::https://evil.example',
    '::error::injected',
    '%0A::warning::x',
    '${{ secrets.CLOUDFLARE_API_TOKEN }}',
    '$(curl evil.example)',
    '`id`',
    ' ',
    '\t',
    '\u0000',
    'ｓｉｔｅ',
    '-1',
    '1e309',
    'NaN',
    'true\nfalse',
    '0x1F',
    '9'.repeat(400)
  )
)

function attempt(name: string, value: string): Error | undefined {
  try {
    readSettings({ headSha: undefined, headBranch: undefined }, {}, (input) =>
      input === name ? value : (BASE[input] ?? '')
    )
    return undefined
  } catch (error) {
    return error as Error
  }
}

describe('every input under hostile values', () => {
  it('finds every input of action.yml', () => {
    expect(INPUTS).toEqual(
      expect.arrayContaining(['operation', 'project-name', 'deployment-id', 'wait-timeout'])
    )
  })

  it.each(INPUTS)('%s: accepted, or refused with one clear line naming it', (name) => {
    // Masking and warnings print workflow commands; they are not what this test is about.
    const quiet = jest.spyOn(process.stdout, 'write').mockImplementation(() => true)
    try {
      fc.assert(
        fc.property(hostile, (value) => {
          const error = attempt(name, value)
          if (!error) return
          expect(error).toBeInstanceOf(InputError)
          for (const problem of (error as InputError).problems) {
            expect(
              problem.startsWith(`${name}:`) ||
                problem.startsWith('api-email:') ||
                problem.startsWith('api-key:')
            ).toBe(true)
            // eslint-disable-next-line no-control-regex
            expect(problem).not.toMatch(/[\u0000-\u001f\u007f]/)
            expect(problem.length).toBeLessThan(600)
          }
        }),
        { numRuns: Number(process.env.FUZZ_RUNS ?? 150) }
      )
    } finally {
      quiet.mockRestore()
    }
  })

  it('secrets: any text is accepted or refused by line number, never quoted back', () => {
    const quiet = jest.spyOn(process.stdout, 'write').mockImplementation(() => true)
    // Every line carries a character no message uses, so any quoting would show.
    const line = fc
      .oneof(fc.string({ maxLength: 30 }), fc.constantFrom('A=', 'A="', "B='x", 'C=a#b', '1=x'))
      .map((text) => `${text}§`)
    try {
      fc.assert(
        fc.property(fc.array(line, { maxLength: 6 }), (lines) => {
          try {
            readSettings({ headSha: undefined, headBranch: undefined }, {}, (input) =>
              input === 'secrets'
                ? lines.join('\n')
                : ({ ...BASE, operation: 'secrets', environment: 'production' }[input] ?? '')
            )
          } catch (error) {
            expect(error).toBeInstanceOf(InputError)
            for (const problem of (error as InputError).problems) {
              expect(problem).toMatch(/^secrets: /)
              expect(problem).not.toContain('§')
            }
          }
        }),
        { numRuns: Number(process.env.FUZZ_RUNS ?? 150) }
      )
    } finally {
      quiet.mockRestore()
    }
  })

  it('never accepts a path, URL or command where an id or name belongs', () => {
    const quiet = jest.spyOn(process.stdout, 'write').mockImplementation(() => true)
    try {
      for (const name of ['project-name', 'deployment-id', 'account-id', 'commit-hash', 'branch']) {
        for (const value of ['../x', 'https://evil.example', 'a\nb', '$(id)', 'a b']) {
          // Git allows `$(id)` as a branch name, and the branch only ever travels as a form field.
          if (name === 'branch' && value === '$(id)') continue
          expect([name, value, attempt(name, value)]).toEqual([name, value, expect.any(InputError)])
        }
      }
    } finally {
      quiet.mockRestore()
    }
  })
})
