/** `vars`: text and JSON variables. */
import { TomlDate } from 'smol-toml'
import { describeValue, isTable, toJsonValue } from '../checks.js'
import type { SectionReader } from './section-reader.js'
import type { WorkerBinding } from './worker-binding.js'

export function readVars(reader: SectionReader): void {
  const vars = reader.section.vars
  if (vars === undefined) return
  if (!isTable(vars)) {
    reader.checks.problem(
      reader.key('vars'),
      `must be ${reader.checks.table} of names to values, found ${describeValue(vars)}. Write ${reader.checks.format === 'toml' ? '[vars] followed by NAME = "value" lines' : '"vars": { "NAME": "value" }'}.`
    )
    return
  }
  const plain: WorkerBinding[] = []
  const json: WorkerBinding[] = []
  for (const [name, value] of Object.entries(vars)) {
    const key = reader.key(`vars.${name}`)
    reader.varNames.push(name)
    reader.declare(name, key)
    if (typeof value === 'string') {
      plain.push({ name, type: 'plain_text', text: value })
      continue
    }
    if (value instanceof TomlDate) {
      reader.checks.problem(
        key,
        `is a TOML date, which is not supported. Please use a string instead, e.g. ${name} = "${value.toISOString().slice(0, 10)}".`
      )
      continue
    }
    const converted = toJsonValue(value)
    if (converted === undefined) {
      reader.checks.problem(
        key,
        `holds a value JSON cannot carry (a TOML date, nan or inf inside it). Use a string or a finite number.`
      )
      continue
    }
    json.push({ name, type: 'json', json: converted })
  }
  // Wrangler sends every text var before every JSON var, whatever the file order.
  reader.bindings.push(...plain, ...json)
}
