/** `analytics_engine_datasets`: Workers Analytics Engine datasets. */
import type { SectionReader } from './section-reader.js'

export function readAnalyticsEngine(reader: SectionReader): void {
  const example = reader.checks.inline({ binding: 'EVENTS', dataset: 'my-dataset' })
  for (const entry of reader.entries(
    'analytics_engine_datasets',
    reader.section.analytics_engine_datasets,
    example
  )) {
    const dataset = entry.optionalString('dataset', 'Give the dataset name as a string.')
    if (dataset === '') {
      reader.checks.problem(
        `${entry.key}.dataset`,
        'is empty. Give the dataset name, or remove "dataset" to use the binding name.'
      )
    }
    entry.expectOnly(['binding', 'dataset'])
    if (!entry.valid || entry.name === undefined) continue
    reader.bindings.push({
      name: entry.name,
      type: 'analytics_engine',
      ...(dataset !== undefined ? { dataset } : {})
    })
  }
}
