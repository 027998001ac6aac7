/** `queues.producers`: queues to send to (Pages cannot consume one). */
import { describeValue, isTable, quoteList } from '../checks.js'
import type { SectionReader } from './section-reader.js'

export function readQueues(reader: SectionReader): void {
  const value = reader.section.queues
  if (value === undefined) return
  const key = reader.key('queues')
  const example = reader.checks.inline({ binding: 'MY_QUEUE', queue: 'my-queue' })
  if (!isTable(value)) {
    reader.checks.problem(
      key,
      `must be ${reader.checks.table} with a "producers" array, found ${describeValue(value)}. Write ${reader.checks.format === 'toml' ? '[[queues.producers]]' : '"queues": { "producers": [ … ] }'} for each queue.`
    )
    return
  }
  const consumers = value.consumers
  if (consumers !== undefined && !(Array.isArray(consumers) && consumers.length === 0)) {
    reader.checks.problem(
      reader.key('queues.consumers'),
      'Configuration file for Pages projects does not support "queues.consumers". Remove it: Pages Functions can only send to a queue; consume it from a Worker.'
    )
  }
  const extra = Object.keys(value).filter((k) => k !== 'producers' && k !== 'consumers')
  if (extra.length > 0) {
    reader.checks.warn(`${key} has unknown keys ${quoteList(extra)}; they are ignored.`)
  }
  for (const entry of reader.entries('queues.producers', value.producers, example)) {
    const queue = entry.required('queue', 'Add "queue" with the name of the queue to send to.')
    const delay = entry.optionalNumber(
      'delivery_delay',
      'Give the delay in seconds as a number, or remove "delivery_delay".'
    )
    entry.expectOnly(['binding', 'queue', 'delivery_delay', 'remote'])
    if (!entry.valid || entry.name === undefined || queue === undefined) continue
    reader.bindings.push({
      type: 'queue',
      name: entry.name,
      queue_name: queue,
      ...(delay !== undefined ? { delivery_delay: delay } : {})
    })
  }
}
