/**
 * The binding keys of a Pages configuration. None is inherited by `env.<name>` sections. The
 * order is the order of wrangler's "exists at the top level" warnings.
 */
export const BINDING_FIELDS = [
  'vars',
  'durable_objects',
  'kv_namespaces',
  'queues',
  'r2_buckets',
  'd1_databases',
  'vectorize',
  'hyperdrive',
  'services',
  'analytics_engine_datasets',
  'mtls_certificates',
  'browser',
  'ai',
  'version_metadata'
] as const
export type BindingField = (typeof BINDING_FIELDS)[number]
