/**
 * Keeps the documentation honest about action.yml: every input and output has a row in the
 * README's tables (with the default action.yml declares) and in docs/reference.md, and no row
 * names one that does not exist; every operation has a workflow example in docs/workflows.md.
 * (__tests__/docs.test.ts checks that every example is a valid workflow with permissions.)
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { parse } from 'yaml'
import { OPERATIONS } from '../src/operations/names.js'

const root = new URL('..', import.meta.url)
const read = (path: string): string => readFileSync(new URL(path, root), 'utf8')
const readme = read('README.md')
const reference = read('docs/reference.md')
const cookbook = read('docs/workflows.md')

interface Declared {
  name: string
  default: string | undefined
}

const action = parse(read('action.yml')) as {
  inputs: Record<string, { default?: unknown }>
  outputs: Record<string, unknown>
}

function declaredIn(block: 'inputs' | 'outputs'): Declared[] {
  return Object.entries(action[block]).map(([name, entry]) => {
    const fallback = (entry as { default?: unknown } | null)?.default
    return { name, default: fallback === undefined ? undefined : String(fallback) }
  })
}

/** The text between `<!-- name:start -->` and `<!-- name:end -->` in the README. */
function between(name: 'inputs' | 'outputs'): string {
  const start = readme.indexOf(`<!-- ${name}:start -->`)
  const end = readme.indexOf(`<!-- ${name}:end -->`)
  if (start === -1 || end < start) throw new Error(`README.md has no ${name} markers`)
  return readme.slice(start, end)
}

/** The text of the `## title` section of a Markdown file, up to the next `## ` heading. */
function section(text: string, title: string): string {
  const start = text.indexOf(`\n## ${title}\n`)
  if (start === -1) throw new Error(`no "## ${title}" section`)
  const end = text.indexOf('\n## ', start + 1)
  return text.slice(start, end === -1 ? undefined : end)
}

/** Table rows, keyed by the name in their first cell (`` `name` ``). */
function tableRows(text: string): Map<string, string> {
  const rows = new Map<string, string>()
  for (const line of text.split('\n')) {
    const first = /^\|\s*`([^`]+)`\s*\|/.exec(line)
    if (first?.[1]) rows.set(first[1], line)
  }
  return rows
}

const yamlBlocks = [...cookbook.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? '')
const actionExamples = yamlBlocks.filter((block) => block.includes('uses: pages-pilot/'))

const inputs = declaredIn('inputs')
const outputs = declaredIn('outputs')

it('reads the inputs and outputs action.yml declares', () => {
  expect(inputs.map((i) => i.name)).toEqual(
    expect.arrayContaining(['operation', 'api-token', 'project-name', 'api-email'])
  )
  expect(outputs.map((o) => o.name)).toEqual(
    expect.arrayContaining(['deployment-id', 'url', 'error'])
  )
  expect(inputs.find((i) => i.name === 'operation')?.default).toBe('deploy')
})

describe.each([
  ['README.md', between('inputs'), between('outputs')],
  ['docs/reference.md', section(reference, 'Inputs'), section(reference, 'Outputs')]
])('%s', (_file, inputTable, outputTable) => {
  it('documents every input, with its default, and no input that does not exist', () => {
    const rows = tableRows(inputTable)
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
    const rows = tableRows(outputTable)
    for (const output of outputs) {
      expect({ output: output.name, documented: rows.has(output.name) }).toEqual({
        output: output.name,
        documented: true
      })
    }
    expect([...rows.keys()].sort()).toEqual(outputs.map((o) => o.name).sort())
  })
})

describe('docs/workflows.md', () => {
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

  it('never advises deploying the head ref of a pull request as the branch', () => {
    const headRefBranch = yamlBlocks.filter((block) =>
      /^\s*branch:\s*\$\{\{\s*github\.(head_ref|event\.pull_request\.head\.ref)/m.test(block)
    )
    expect(headRefBranch).toEqual([])
  })
})

describe('README.md', () => {
  it('links every operation to its example in docs/workflows.md', () => {
    const rows = section(readme, 'Operations')
      .split('\n')
      .filter((line) => line.startsWith('|'))
      .slice(2)
    const linked = rows.map(
      (row) => /^\|\s*\[`([^`]+)`\]\(docs\/workflows\.md#[\w-]+\)/.exec(row)?.[1]
    )
    expect(linked.sort()).toEqual([...OPERATIONS].sort())
  })

  it('stays a front page: about 400 lines at most, with the first workflow near the top', () => {
    const lines = readme.split('\n')
    expect(lines.length).toBeLessThanOrEqual(400)
    expect(lines.findIndex((line) => line === '```yaml')).toBeLessThan(15)
    expect(lines.findIndex((line) => line.includes('uses: pages-pilot/pages-pilot@'))).toBeLessThan(
      40
    )
  })

  it('says how to try it with exactly the two commands', () => {
    const tryIt = section(readme, 'Try it')
    const commands = [...tryIt.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1]?.trim())
    expect(commands).toEqual(['npm ci && npm run demo\nnpm test'])
  })
})
