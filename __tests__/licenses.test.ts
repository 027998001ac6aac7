/**
 * The bundles ship the license of every package they hold: dist/licenses.txt is made from what
 * webpack put into each bundle (scripts/licenses.mjs), not from ncc's guess, which left out
 * @actions/core, undici and tunnel.
 */
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from '@jest/globals'

const ROOT = resolve(fileURLToPath(import.meta.url), '../..')

function listed(file: string): string[] {
  return readFileSync(join(ROOT, file), 'utf8')
    .split('\n')
    .filter((_, i, lines) => i === 0 || lines[i - 1] === '')
    .map((line) => line.split(' ')[0] ?? '')
    .filter(Boolean)
}

describe('dist/licenses.txt', () => {
  it('names the packages ncc used to leave out, each with its license text', () => {
    const names = listed('dist/licenses.txt')
    for (const name of ['@actions/core', '@actions/http-client', 'undici', 'tunnel', 'mime']) {
      expect(names).toContain(name)
    }
    const text = readFileSync(join(ROOT, 'dist/licenses.txt'), 'utf8')
    expect(text).toMatch(/^undici \d+\.\d+\.\d+\nMIT\nMIT License/m)
  })

  it('covers the command line bundle too', () => {
    expect(listed('dist/cli/licenses.txt')).toEqual(expect.arrayContaining(['mime', 'smol-toml']))
  })
})
