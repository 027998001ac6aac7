/** `kv_namespaces`: KV namespaces. */
import type { SectionReader } from './section-reader.js'

export function readKvNamespaces(reader: SectionReader): void {
  const example = reader.checks.inline({ binding: 'MY_KV', id: '<namespace id>' })
  for (const entry of reader.entries('kv_namespaces', reader.section.kv_namespaces, example)) {
    const id = entry.required(
      'id',
      'KV bindings must have an "id" field: add the namespace id (`wrangler kv namespace list` shows it).'
    )
    entry.expectOnly(['binding', 'id', 'preview_id', 'remote'])
    if (!entry.valid || entry.name === undefined || id === undefined) continue
    reader.bindings.push({ name: entry.name, type: 'kv_namespace', namespace_id: id })
  }
}
