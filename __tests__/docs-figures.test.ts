/**
 * Every measured figure in the documentation is tied to the bench that prints it: the figures
 * live in docs/performance.md, each table row and paragraph naming its bench (or following one
 * that does), and a figure elsewhere links there or names its bench. Every bench named exists.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from '@jest/globals'

const ROOT = resolve(fileURLToPath(import.meta.url), '../..')
const SCRIPTS = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>
  }
).scripts
const DOCS = [
  'README.md',
  'CONTRIBUTING.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`)
]

/** A measured figure: a time, a size, a rate or a ratio. */
const FIGURE = /\d(?:[\d,]*\.?\d*)? ?(?:ms|s|kB|MB|MiB|MB\/s|×)(?![\w/])/
/** Words that say a figure was measured rather than set. */
const MEASURED = /\b(?:packed|installed|start-up|starts in|median|measured|takes about|took)\b/i
const BENCH = /npm run (bench(?::[\w-]+)?)|(?:npx tsx )?(bench\/[\w-]+\.ts)/g

function prose(file: string): string[] {
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n')
  let fenced = false
  return lines.map((line) => {
    if (/^\s*```/.test(line)) fenced = !fenced
    // Code and quoted messages are not claims: only the text around them is.
    return fenced ? '' : line.replace(/`[^`]*`/g, (code) => (names(code) ? code : '``'))
  })
}

function names(text: string): boolean {
  return benchesNamed(text).length > 0
}

function benchesNamed(text: string): string[] {
  return [...text.matchAll(BENCH)].map((m) => m[1] ?? m[2] ?? '')
}

describe('figures in the documentation', () => {
  it('name benches that exist', () => {
    const missing: string[] = []
    for (const file of DOCS) {
      const text = readFileSync(join(ROOT, file), 'utf8')
      for (const bench of benchesNamed(text)) {
        const exists = bench.startsWith('bench/')
          ? existsSync(join(ROOT, bench))
          : SCRIPTS[bench] !== undefined
        if (!exists) missing.push(`${file}: ${bench}`)
      }
    }
    expect(missing).toEqual([])
  })

  it('in docs/performance.md, each comes with the bench that prints it', () => {
    const unsourced: string[] = []
    let sourced = false
    for (const [index, line] of prose('docs/performance.md').entries()) {
      if (line.startsWith('#')) sourced = false
      const names = benchesNamed(line).length > 0
      const row = line.startsWith('|')
      if (names || (row && /\|\s*same\s*\|\s*$/.test(line))) sourced = true
      if (!FIGURE.test(line) || names) continue
      if (row ? !/\|\s*same\s*\|\s*$/.test(line) && !sourced : !sourced) {
        unsourced.push(`line ${index + 1}: ${line.trim().slice(0, 80)}`)
      }
    }
    expect(unsourced).toEqual([])
  })

  it('elsewhere, a measured figure links docs/performance.md or names its bench', () => {
    const unsourced: string[] = []
    for (const file of DOCS.filter((name) => name !== 'docs/performance.md')) {
      // A paragraph (or a table row) is the unit: its source may be in another of its lines.
      for (const paragraph of prose(file)
        .join('\n')
        .split(/\n\s*\n|\n(?=\||[-*] )/)) {
        if (!FIGURE.test(paragraph) || !MEASURED.test(paragraph)) continue
        if (/performance\.md/.test(paragraph) || names(paragraph)) continue
        unsourced.push(`${file}: ${paragraph.trim().replace(/\s+/g, ' ').slice(0, 100)}`)
      }
    }
    expect(unsourced).toEqual([])
  })
})
