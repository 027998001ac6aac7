/** The operations a user picks with the `operation` input. */
export const OPERATIONS = [
  'deploy',
  'trigger',
  'wait',
  'rollback',
  'logs',
  'status',
  'retry',
  'cleanup',
  'teardown-preview',
  'project',
  'secrets',
  'domains'
] as const
export type Operation = (typeof OPERATIONS)[number]
