// Generates src/cli/action-inputs.ts from action.yml: the command line's flags are the action's
// inputs, its --json keys the action's outputs, and its --help their descriptions, so the two
// never drift.
//
//   node scripts/cli-flags.mjs          rewrites src/cli/action-inputs.ts
//   node scripts/cli-flags.mjs --check  exits 1 when it is not what it would write
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const target = join(root, 'src', 'cli', 'action-inputs.ts')

/** The TypeScript module for `actionYml` (the text of action.yml). */
export function renderActionInputs(actionYml) {
  const action = parse(actionYml)
  const inputs = Object.entries(action.inputs ?? {}).map(([name, input]) => {
    const fallback =
      input.default === undefined || input.default === null ? '' : String(input.default)
    return {
      name,
      description: String(input.description ?? '').trim(),
      ...(fallback !== '' && !fallback.includes('${{') ? { default: fallback } : {}),
      boolean: fallback === 'true' || fallback === 'false' || /^(force|bundle)$/.test(name)
    }
  })
  const outputs = Object.keys(action.outputs ?? {})
  return [
    '// Generated from action.yml by scripts/cli-flags.mjs (npm run build runs it); do not edit.',
    '',
    '/** One input of the action: a flag of the command line. */',
    'export interface ActionInput {',
    '  name: string',
    '  description: string',
    '  default?: string',
    '  /** true/false: the flag alone means true. */',
    '  boolean: boolean',
    '}',
    '',
    `export const ACTION_INPUTS: readonly ActionInput[] = ${JSON.stringify(inputs, null, 2)}`,
    '',
    `export const ACTION_OUTPUTS: readonly string[] = ${JSON.stringify(outputs, null, 2)}`,
    ''
  ].join('\n')
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const wanted = renderActionInputs(readFileSync(join(root, 'action.yml'), 'utf8'))
  if (process.argv.includes('--check')) {
    if (readFileSync(target, 'utf8') !== wanted) {
      console.error('src/cli/action-inputs.ts is out of date: run node scripts/cli-flags.mjs')
      process.exit(1)
    }
  } else writeFileSync(target, wanted)
}
