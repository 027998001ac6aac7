/** `d1_databases`: D1 databases. */
import type { SectionReader } from './section-reader.js'

export function readD1Databases(reader: SectionReader): void {
  const example = reader.checks.inline({
    binding: 'DB',
    database_name: 'my-db',
    database_id: '<database id>'
  })
  for (const entry of reader.entries('d1_databases', reader.section.d1_databases, example)) {
    const id = entry.required(
      'database_id',
      'D1 bindings must have a "database_id" field: add the database id (`wrangler d1 list` shows it); "database_name" alone is not sent.'
    )
    const internalEnv = entry.optionalString(
      'database_internal_env',
      'Give it as a string, or remove it.'
    )
    entry.expectOnly([
      'binding',
      'database_id',
      'database_internal_env',
      'database_name',
      'migrations_dir',
      'migrations_table',
      'preview_database_id',
      'remote'
    ])
    if (!entry.valid || entry.name === undefined || id === undefined) continue
    reader.bindings.push({
      name: entry.name,
      type: 'd1',
      id,
      ...(internalEnv !== undefined ? { internalEnv } : {})
    })
  }
}
