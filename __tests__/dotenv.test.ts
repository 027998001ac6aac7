/**
 * The NAME=value lines of `secrets` and `vars`: every form wrangler's dotenv reads gives the
 * same value here (the conformance test has wrangler read the same text), and what dotenv would
 * guess at is refused with the line's number; a concealed value never prints.
 */
import { inspect } from 'node:util'
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { parseDotenv } from '../src/settings/dotenv.js'
import { Concealed } from '../src/util/secrets.js'
import { DOTENV_TEXT, DOTENV_VALUES } from './support/dotenv-cases.js'

const values = (text: string) =>
  Object.fromEntries(parseDotenv(text).entries.map((e) => [e.name, e.value]))

describe('parseDotenv', () => {
  it('reads every form as dotenv 16.3.1 (wrangler) does', () => {
    const parsed = parseDotenv(DOTENV_TEXT)
    expect(parsed.problems).toEqual([])
    expect(values(DOTENV_TEXT)).toEqual(DOTENV_VALUES)
    expect(parsed.entries.find((e) => e.name === 'MULTI')?.line).toBe(11)
    expect(parsed.entries.find((e) => e.name === 'EMPTY')?.quoted).toBe(true)
  })

  it('refuses what dotenv would skip or guess at, with the line and the kind only', () => {
    const parsed = parseDotenv(
      [
        'OK=1',
        'just some text',
        'KEY: yaml style',
        'my-name=1',
        '9LIVES=1',
        'A B=1',
        'CUT=pa#ss',
        'AFTER="x" y',
        'OPEN="never',
        'closed',
        'LAST=1'
      ].join('\n')
    )
    expect(parsed.problems).toEqual([
      { line: 2, kind: 'not-an-assignment', name: undefined },
      { line: 3, kind: 'not-an-assignment', name: undefined },
      { line: 4, kind: 'invalid-name', name: undefined },
      { line: 5, kind: 'invalid-name', name: undefined },
      { line: 6, kind: 'invalid-name', name: undefined },
      { line: 7, kind: 'hash-in-value', name: 'CUT' },
      { line: 8, kind: 'text-after-quote', name: 'AFTER' },
      { line: 9, kind: 'unclosed-quote', name: 'OPEN' }
    ])
    // An unclosed quote runs to the end: what follows may be the rest of a secret.
    expect(parsed.entries.map((e) => e.name)).toEqual(['OK'])
    expect(parsed.refusedText).toEqual(
      expect.arrayContaining(['just some text', 'OPEN="never', 'closed', 'LAST=1'])
    )
  })

  it('keeps an unquoted empty value apart from a quoted one', () => {
    expect(parseDotenv('A=\nB=""\nC= # comment').entries).toEqual([
      { name: 'A', value: '', line: 1, quoted: false },
      { name: 'B', value: '', line: 2, quoted: true },
      { name: 'C', value: '', line: 3, quoted: false }
    ])
  })

  it('gives back any value written in double quotes with \\n for its line breaks', () => {
    const text = fc
      .string({ unit: 'grapheme', maxLength: 60 })
      .filter((v) => !/["\\\r]/.test(v) && !v.includes('\\n'))
    fc.assert(
      fc.property(text, (value) => {
        const written = `NAME="${value.replace(/\n/g, '\\n')}"`
        expect(values(written)).toEqual({ NAME: value })
      })
    )
  })
})

describe('Concealed', () => {
  it('shows *** as a string, in JSON and when inspected; reveal gives the value', () => {
    const secret = new Concealed('hunter2-secret')
    expect(`${String(secret)} ${JSON.stringify({ secret })} ${inspect({ secret })}`).not.toContain(
      'hunter2'
    )
    expect(secret.reveal()).toBe('hunter2-secret')
  })
})
