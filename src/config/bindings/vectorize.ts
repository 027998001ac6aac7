/** `vectorize`: Vectorize indexes. */
import type { SectionReader } from './section-reader.js'

export function readVectorize(reader: SectionReader): void {
  const example = reader.checks.inline({ binding: 'VECTORS', index_name: 'my-index' })
  for (const entry of reader.entries('vectorize', reader.section.vectorize, example)) {
    const index = entry.required('index_name', 'Add "index_name" with the Vectorize index name.')
    entry.expectOnly(['binding', 'index_name', 'remote'])
    if (!entry.valid || entry.name === undefined || index === undefined) continue
    reader.bindings.push({ name: entry.name, type: 'vectorize', index_name: index })
  }
}
