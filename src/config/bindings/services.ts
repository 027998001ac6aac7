/** `services`: other Workers, called through a service binding. */
import { describeValue, isTable, toJsonValue, type JsonValue } from '../checks.js'
import type { SectionReader } from './section-reader.js'

export function readServices(reader: SectionReader): void {
  const example = reader.checks.inline({ binding: 'API', service: 'my-worker' })
  for (const entry of reader.entries('services', reader.section.services, example)) {
    const service = entry.required('service', 'Add "service" with the name of the Worker.')
    const environment = entry.optionalString(
      'environment',
      'Give the environment as a string, or remove it.'
    )
    const entrypoint = entry.optionalString(
      'entrypoint',
      'Give the name of the exported entrypoint as a string, or remove it.'
    )
    let props: { [key: string]: JsonValue } | undefined
    const rawProps = entry.value.props
    if (rawProps !== undefined) {
      const converted = isTable(rawProps) ? toJsonValue(rawProps) : undefined
      if (isTable(converted)) props = converted as { [key: string]: JsonValue }
      else
        reader.checks.problem(
          `${entry.key}.props`,
          `must be ${reader.checks.table} of JSON values (no dates, nan or inf), found ${describeValue(rawProps)}.`
        )
    }
    entry.expectOnly(['binding', 'service', 'environment', 'entrypoint', 'props', 'remote'])
    if (!entry.valid || entry.name === undefined || service === undefined) continue
    reader.bindings.push({
      name: entry.name,
      type: 'service',
      service,
      // Wrangler leaves out empty values of these.
      ...(environment ? { environment } : {}),
      ...(entrypoint ? { entrypoint } : {}),
      ...(props ? { props } : {})
    })
  }
}
