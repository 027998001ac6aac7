/** `hyperdrive`: Hyperdrive configurations. */
import type { SectionReader } from './section-reader.js'

export function readHyperdrive(reader: SectionReader): void {
  const example = reader.checks.inline({ binding: 'HYPERDRIVE', id: '<config id>' })
  for (const entry of reader.entries('hyperdrive', reader.section.hyperdrive, example)) {
    const id = entry.required('id', 'Add "id" with the Hyperdrive configuration id.')
    entry.expectOnly(['binding', 'id', 'localConnectionString'])
    if (!entry.valid || entry.name === undefined || id === undefined) continue
    reader.bindings.push({ name: entry.name, type: 'hyperdrive', id })
  }
}
