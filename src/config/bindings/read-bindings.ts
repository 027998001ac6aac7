/**
 * The bindings of one section of a Pages wrangler configuration (the top level or one
 * `env.<name>`): validated, and converted to the objects wrangler puts in the Worker metadata's
 * `bindings` array. The checks are those of wrangler's packages/wrangler/src/config/validation.ts
 * for each binding kind; each kind has its reader in this folder.
 */
import type { ConfigChecks } from '../checks.js'
import { readAnalyticsEngine } from './analytics-engine.js'
import { BINDING_FIELDS, type BindingField } from './binding-fields.js'
import { readD1Databases } from './d1-databases.js'
import { readDurableObjects } from './durable-objects.js'
import { readHyperdrive } from './hyperdrive.js'
import { readKvNamespaces } from './kv-namespaces.js'
import { readMtlsCertificates } from './mtls-certificates.js'
import { readQueues } from './queues.js'
import { readR2Buckets } from './r2-buckets.js'
import { SectionReader } from './section-reader.js'
import { readServices } from './services.js'
import { readAi, readBrowser, readVersionMetadata } from './single-bindings.js'
import { readVars } from './vars.js'
import { readVectorize } from './vectorize.js'
import type { WorkerBinding } from './worker-binding.js'

/** What one section declares. */
export interface SectionBindings {
  /** The binding keys written in the section, even when empty. */
  fields: ReadonlySet<BindingField>
  /** The names under `vars`, in file order. */
  varNames: readonly string[]
  /** The valid bindings, in declaration order (vars first); worker-binding.ts has wrangler's. */
  bindings: readonly WorkerBinding[]
}

/**
 * The reader of each binding kind. Their order is the order of the problems reported, and of the
 * keys named when two bindings share a name.
 */
const KIND_READERS: ReadonlyArray<(reader: SectionReader) => void> = [
  readVars,
  readDurableObjects,
  readKvNamespaces,
  readQueues,
  readR2Buckets,
  readD1Databases,
  readVectorize,
  readHyperdrive,
  readServices,
  readAnalyticsEngine,
  readMtlsCertificates,
  readBrowser,
  readAi,
  readVersionMetadata
]

/**
 * Validates the bindings of `section`; problems and warnings go to `checks`, with keys prefixed
 * by `prefix` (`''` or `env.preview.`). Invalid bindings are left out of the result.
 */
export function readBindings(
  section: Record<string, unknown>,
  prefix: string,
  checks: ConfigChecks
): SectionBindings {
  const reader = new SectionReader(section, prefix, checks)
  for (const read of KIND_READERS) read(reader)
  reader.checkNames()
  return {
    fields: new Set<BindingField>(BINDING_FIELDS.filter((field) => section[field] !== undefined)),
    varNames: reader.varNames,
    bindings: reader.bindings
  }
}
