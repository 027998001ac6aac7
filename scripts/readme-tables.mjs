// Regenerates the inputs and outputs tables of README.md from action.yml, between the markers
// <!-- inputs:start --> / <!-- inputs:end --> and <!-- outputs:start --> / <!-- outputs:end -->.
//
//   node scripts/readme-tables.mjs          rewrites README.md in place
//   node scripts/readme-tables.mjs --check  exits 1 when README.md is not what it would write
//
// The tables sit inside prettier-ignore comments, so `npm run format` leaves them as written here.
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/** One table cell: one line, `|` escaped, `<` kept from turning into an HTML tag. */
export function cell(text) {
  return String(text)
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;')
}

/** A value as inline code, fenced with enough backticks for the ones it holds. */
export function code(text) {
  // Inside code, backslashes and `<` are literal; only `|` still needs escaping in a table.
  const value = String(text).replace(/\s+/g, ' ').trim().replace(/\|/g, '\\|')
  const longest = Math.max(0, ...(value.match(/`+/g) ?? []).map((run) => run.length))
  const fence = '`'.repeat(longest + 1)
  const pad = value.startsWith('`') || value.endsWith('`') ? ' ' : ''
  return `${fence}${pad}${value}${pad}${fence}`
}

/** The inputs and outputs tables for `actionYml` (the text of action.yml). */
export function renderTables(actionYml) {
  const action = parse(actionYml)
  const inputs = Object.entries(action.inputs ?? {}).map(([name, input]) => {
    const fallback =
      input.default !== undefined && input.default !== null && String(input.default) !== ''
        ? code(input.default)
        : input.required === true
          ? '**required**'
          : ''
    return `| ${code(name)} | ${cell(input.description ?? '')} | ${fallback}`.trimEnd() + ' |'
  })
  const outputs = Object.entries(action.outputs ?? {}).map(
    ([name, output]) => `| ${code(name)} | ${cell(output.description ?? '')} |`
  )
  return {
    inputs: ['| Name | Description | Default |', '| --- | --- | --- |', ...inputs].join('\n'),
    outputs: ['| Name | Description |', '| --- | --- |', ...outputs].join('\n')
  }
}

/** `readme` with the text between each pair of markers replaced by the generated table. */
export function updateReadme(readme, actionYml) {
  const tables = renderTables(actionYml)
  let result = readme
  for (const name of ['inputs', 'outputs']) {
    const start = `<!-- ${name}:start -->`
    const end = `<!-- ${name}:end -->`
    const from = result.indexOf(start)
    const to = result.indexOf(end)
    if (from === -1 || to === -1 || to < from) {
      throw new Error(`README.md has no ${start} ... ${end} markers`)
    }
    const table = [
      '<!-- prettier-ignore-start -->',
      '<!-- Generated from action.yml by `node scripts/readme-tables.mjs`: edit action.yml. -->',
      '',
      tables[name],
      '',
      '<!-- prettier-ignore-end -->'
    ].join('\n')
    result = `${result.slice(0, from + start.length)}\n${table}\n${result.slice(to)}`
  }
  return result
}

/** Reads README.md and action.yml under `dir` and returns both the current and the wanted text. */
export function readmeTables(dir = root) {
  const readmePath = join(dir, 'README.md')
  const current = readFileSync(readmePath, 'utf8')
  const wanted = updateReadme(current, readFileSync(join(dir, 'action.yml'), 'utf8'))
  return { readmePath, current, wanted }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check')
  try {
    const { readmePath, current, wanted } = readmeTables()
    if (current === wanted) {
      console.log('README.md tables match action.yml.')
    } else if (check) {
      console.error(
        'README.md tables differ from action.yml: run `node scripts/readme-tables.mjs` and commit README.md.'
      )
      process.exitCode = 1
    } else {
      writeFileSync(readmePath, wanted)
      console.log('README.md tables regenerated from action.yml.')
    }
  } catch (error) {
    console.error(error instanceof Error ? error.message : error)
    process.exitCode = 1
  }
}
