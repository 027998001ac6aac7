/**
 * Keeps README.md honest about action.yml: every input and output has a row in its table (with
 * the default action.yml declares), every operation has a workflow example, and every example
 * that uses the action says which permissions it needs.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { OPERATIONS } from '../src/operations/index.js'

const root = new URL('..', import.meta.url)
const readme = readFileSync(new URL('README.md', root), 'utf8')
const actionYml = readFileSync(new URL('action.yml', root), 'utf8')

interface Declared {
  name: string
  default: string | undefined
}

/** The two-space-indented keys of a top-level block of action.yml, with their `default:`. */
function declaredIn(block: 'inputs' | 'outputs'): Declared[] {
  const declared: Declared[] = []
  let inside = false
  for (const line of actionYml.split('\n')) {
    if (/^\S/.test(line)) {
      inside = line.trimEnd() === `${block}:`
      continue
    }
    if (!inside) continue
    const key = /^ {2}([A-Za-z0-9_-]+):\s*$/.exec(line)
    if (key?.[1]) {
      declared.push({ name: key[1], default: undefined })
      continue
    }
    const fallback = /^ {4}default:\s*(.*)$/.exec(line)
    const current = declared[declared.length - 1]
    if (fallback?.[1] !== undefined && current) {
      current.default = fallback[1].trim().replace(/^(['"])(.*)\1$/, '$2')
    }
  }
  return declared
}

/** The text of the `## title` section of the README, up to the next `## ` heading. */
function section(title: string): string {
  const start = readme.indexOf(`\n## ${title}\n`)
  if (start === -1) throw new Error(`README.md has no "## ${title}" section`)
  const end = readme.indexOf('\n## ', start + 1)
  return readme.slice(start, end === -1 ? undefined : end)
}

/** Table rows of a section, keyed by the name in their first cell (`` `name` ``). */
function tableRows(title: string): Map<string, string> {
  const rows = new Map<string, string>()
  for (const line of section(title).split('\n')) {
    const first = /^\|\s*`([^`]+)`\s*\|/.exec(line)
    if (first?.[1]) rows.set(first[1], line)
  }
  return rows
}

const yamlBlocks = [...readme.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? '')
const actionExamples = yamlBlocks.filter((block) => block.includes('uses: pages-pilot/'))

describe('README.md', () => {
  const inputs = declaredIn('inputs')
  const outputs = declaredIn('outputs')

  it('reads the inputs and outputs action.yml declares', () => {
    expect(inputs.map((i) => i.name)).toEqual(
      expect.arrayContaining(['operation', 'api-token', 'project-name', 'api-email'])
    )
    expect(outputs.map((o) => o.name)).toEqual(
      expect.arrayContaining(['deployment-id', 'url', 'error'])
    )
  })

  it('documents every input, with its default, and no input that does not exist', () => {
    const rows = tableRows('Inputs')
    for (const input of inputs) {
      const row = rows.get(input.name)
      expect({ input: input.name, documented: row !== undefined }).toEqual({
        input: input.name,
        documented: true
      })
      if (input.default !== undefined) expect(row).toContain(`\`${input.default}\``)
    }
    expect([...rows.keys()].sort()).toEqual(inputs.map((i) => i.name).sort())
  })

  it('documents every output, and no output that does not exist', () => {
    const rows = tableRows('Outputs')
    for (const output of outputs) {
      expect({ output: output.name, documented: rows.has(output.name) }).toEqual({
        output: output.name,
        documented: true
      })
    }
    expect([...rows.keys()].sort()).toEqual(outputs.map((o) => o.name).sort())
  })

  it('has a workflow example for every operation, the default deploy included', () => {
    for (const operation of OPERATIONS) {
      const example = actionExamples.some((block) =>
        new RegExp(`^\\s*operation: ${operation}\\s*$`, 'm').test(block)
      )
      expect({ operation, example }).toEqual({ operation, example: true })
    }
  })

  it('gives every workflow example that uses the action a permissions block', () => {
    expect(actionExamples.length).toBeGreaterThanOrEqual(OPERATIONS.length)
    const withoutPermissions = actionExamples.filter((block) => !/^\s*permissions:/m.test(block))
    expect(withoutPermissions).toEqual([])
  })
})
