// The hooks loaded-code-preload.mjs registers: each `file:` module loaded is appended to the record.
import { appendFileSync } from 'node:fs'

let record

export function initialize({ file }) {
  record = file
}

export async function load(url, context, next) {
  if (record && url.startsWith('file:')) appendFileSync(record, `${url}\n`)
  return next(url, context)
}
