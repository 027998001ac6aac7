/**
 * The bundle ships the license of every package it holds: dist/licenses.txt is made from what
 * webpack put into the chunks (scripts/licenses.mjs), not from ncc's guess, which left out
 * @actions/core and tunnel.
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
    for (const name of ['@actions/core', '@actions/http-client', 'tunnel', 'mime', 'smol-toml']) {
      expect(names).toContain(name)
    }
    const text = readFileSync(join(ROOT, 'dist/licenses.txt'), 'utf8')
    expect(text).toMatch(/^tunnel \d+\.\d+\.\d+\nMIT\n/m)
  })

  it('names no package the bundle does not hold: undici and @actions/exec have stand-ins (src/shims/)', () => {
    const names = listed('dist/licenses.txt')
    for (const name of ['undici', '@actions/exec', '@actions/io']) expect(names).not.toContain(name)
  })
})
