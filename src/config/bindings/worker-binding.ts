/**
 * The binding objects of the Worker metadata's `bindings` array, as wrangler 4.86 builds them
 * (packages/wrangler/src/deployment-bundle/create-worker-upload-form.ts in its repository), each
 * object's keys in wrangler's order: the API does not care, but the bundles are compared byte for
 * byte with wrangler's.
 */
import type { JsonValue } from '../checks.js'

export type WorkerBinding =
  | { name: string; type: 'plain_text'; text: string }
  | { name: string; type: 'json'; json: JsonValue }
  | { name: string; type: 'kv_namespace'; namespace_id: string }
  | {
      name: string
      type: 'durable_object_namespace'
      class_name: string
      script_name?: string
      environment?: string
    }
  // Wrangler builds queue bindings with `type` first; the order is kept.
  | { type: 'queue'; name: string; queue_name: string; delivery_delay?: number }
  | { name: string; type: 'r2_bucket'; bucket_name: string; jurisdiction?: string }
  | { name: string; type: 'd1'; id: string; internalEnv?: string }
  | { name: string; type: 'vectorize'; index_name: string }
  | { name: string; type: 'hyperdrive'; id: string }
  | {
      name: string
      type: 'service'
      service: string
      environment?: string
      entrypoint?: string
      props?: { [key: string]: JsonValue }
    }
  | { name: string; type: 'analytics_engine'; dataset?: string }
  | { name: string; type: 'mtls_certificate'; certificate_id: string }
  | { name: string; type: 'browser' }
  // Wrangler puts `staging` before `type` for AI; the order is kept.
  | { name: string; staging?: boolean; type: 'ai' }
  | { name: string; type: 'version_metadata' }

export type WorkerBindingType = WorkerBinding['type']

/**
 * The order in which wrangler emits binding types (create-worker-upload-form.ts), restricted to
 * the types a Pages configuration can hold.
 */
const TYPE_ORDER: readonly WorkerBindingType[] = [
  'plain_text',
  'json',
  'kv_namespace',
  'durable_object_namespace',
  'queue',
  'r2_bucket',
  'd1',
  'vectorize',
  'hyperdrive',
  'service',
  'analytics_engine',
  'mtls_certificate',
  'browser',
  'ai',
  'version_metadata'
]

/**
 * The bindings as wrangler sends them: grouped by type in wrangler's fixed order; within a
 * type, in declaration order, except that names which are array indexes ("1", "42") come first
 * in numeric order, because wrangler collects bindings in an object keyed by name.
 */
export function metadataOrder(bindings: readonly WorkerBinding[]): WorkerBinding[] {
  return TYPE_ORDER.flatMap((type) => {
    const ofType = bindings.filter((binding) => binding.type === type)
    const indexed = ofType
      .filter((binding) => isArrayIndex(binding.name))
      .sort((a, b) => Number(a.name) - Number(b.name))
    return [...indexed, ...ofType.filter((binding) => !isArrayIndex(binding.name))]
  })
}

function isArrayIndex(name: string): boolean {
  return /^(0|[1-9][0-9]*)$/.test(name) && Number(name) < 2 ** 32 - 1
}
