/** `browser`, `ai` and `version_metadata`: one binding each, written as a table. */
import { describeValue, isTable } from '../checks.js'
import { Entry } from './entry.js'
import type { SectionReader } from './section-reader.js'

/** `browser`: Browser Rendering. */
export function readBrowser(reader: SectionReader): void {
  readSingle(reader, 'browser', ['binding', 'remote'])
}

/** `ai`: Workers AI. */
export function readAi(reader: SectionReader): void {
  readSingle(reader, 'ai', ['binding', 'staging', 'remote'])
}

/** `version_metadata`: the deployed version's id and tag. */
export function readVersionMetadata(reader: SectionReader): void {
  readSingle(reader, 'version_metadata', ['binding'])
}

/** A binding written as one table, not as an array of them. */
function readSingle(
  reader: SectionReader,
  field: 'browser' | 'ai' | 'version_metadata',
  known: readonly string[]
): void {
  const value = reader.section[field]
  if (value === undefined) return
  const key = reader.key(field)
  const example = `${reader.checks.format === 'toml' ? `[${field}] with binding = "${field.toUpperCase()}"` : `"${field}": { "binding": "${field.toUpperCase()}" }`}`
  if (!isTable(value)) {
    reader.checks.problem(
      key,
      `must be ${reader.checks.table} (one binding), found ${describeValue(value)}. Write ${example}.`
    )
    return
  }
  const entry = new Entry(reader.checks, key, value, 'binding', `Add it, e.g. ${example}.`)
  if (entry.name !== undefined) reader.declare(entry.name, key)
  const staging =
    field === 'ai'
      ? entry.optionalBoolean(
          'staging',
          `Write ${reader.checks.assign('staging', 'true')} (or false), or remove it.`
        )
      : undefined
  entry.expectOnly(known)
  if (!entry.valid || entry.name === undefined) return
  if (field === 'ai') {
    reader.bindings.push({
      name: entry.name,
      ...(staging !== undefined ? { staging } : {}),
      type: 'ai'
    })
  } else {
    reader.bindings.push({ name: entry.name, type: field })
  }
}
