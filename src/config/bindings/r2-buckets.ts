/** `r2_buckets`: R2 buckets. */
import type { SectionReader } from './section-reader.js'

/** Names R2 accepts for a bucket (wrangler checks the same). */
const R2_BUCKET_NAME = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/

export function readR2Buckets(reader: SectionReader): void {
  const example = reader.checks.inline({ binding: 'MY_BUCKET', bucket_name: 'my-bucket' })
  for (const entry of reader.entries('r2_buckets', reader.section.r2_buckets, example)) {
    const bucket = entry.required(
      'bucket_name',
      'R2 bindings must have a "bucket_name" field: add the name of the bucket.'
    )
    if (bucket !== undefined && !R2_BUCKET_NAME.test(bucket)) {
      reader.checks.problem(
        `${entry.key}.bucket_name`,
        `${JSON.stringify(bucket)} is not a valid R2 bucket name. Bucket names have 3 to 63 characters: lowercase letters, digits and dashes, starting and ending with a letter or digit.`
      )
    }
    const jurisdiction = entry.optionalString(
      'jurisdiction',
      'Give the jurisdiction as a string (e.g. "eu"), or remove it.'
    )
    entry.expectOnly(['binding', 'bucket_name', 'preview_bucket_name', 'jurisdiction', 'remote'])
    if (!entry.valid || entry.name === undefined || bucket === undefined) continue
    reader.bindings.push({
      name: entry.name,
      type: 'r2_bucket',
      bucket_name: bucket,
      ...(jurisdiction !== undefined ? { jurisdiction } : {})
    })
  }
}
