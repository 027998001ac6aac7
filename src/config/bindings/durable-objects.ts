/** `durable_objects.bindings`: Durable Object namespaces of another Worker. */
import { describeValue, isTable, quoteList } from '../checks.js'
import type { SectionReader } from './section-reader.js'

export function readDurableObjects(reader: SectionReader): void {
  const value = reader.section.durable_objects
  if (value === undefined) return
  const key = reader.key('durable_objects')
  const example = reader.checks.inline({
    name: 'COUNTER',
    class_name: 'Counter',
    script_name: 'my-worker'
  })
  if (!isTable(value)) {
    reader.checks.problem(
      key,
      `must be ${reader.checks.table} with a "bindings" array, found ${describeValue(value)}. Write ${reader.checks.format === 'toml' ? '[[durable_objects.bindings]]' : '"durable_objects": { "bindings": [ … ] }'} for each binding.`
    )
    return
  }
  const extra = Object.keys(value).filter((k) => k !== 'bindings')
  if (extra.length > 0) {
    reader.checks.warn(
      `${key} has keys other than "bindings": ${quoteList(extra)}. They are ignored; Durable Object bindings go under "bindings".`
    )
  }
  for (const entry of reader.entries('durable_objects.bindings', value.bindings, example, 'name')) {
    const className = entry.required(
      'class_name',
      'Add "class_name" with the name of the exported Durable Object class.'
    )
    // Pages cannot deploy a Durable Object class itself, so the Worker that has it is required.
    const script = entry.required(
      'script_name',
      `Durable Objects bindings should specify a "script_name". Pages requires Durable Object bindings to specify the name of the Worker where the Durable Object is defined: add ${reader.checks.assign('script_name', '"<that Worker\'s name>"')}.`
    )
    const environment = entry.optionalString(
      'environment',
      'Give the environment of that Worker as a string, or remove "environment".'
    )
    entry.expectOnly(['name', 'class_name', 'script_name', 'environment', 'remote'])
    if (!entry.valid || entry.name === undefined || className === undefined || !script) continue
    reader.bindings.push({
      name: entry.name,
      type: 'durable_object_namespace',
      class_name: className,
      script_name: script,
      // Wrangler leaves out an empty environment.
      ...(environment ? { environment } : {})
    })
  }
}
