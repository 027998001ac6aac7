import type { Operation } from '../operations/names.js'

/**
 * The operations whose defaults come from the checkout: the branch and commit a deployment is
 * made of (deploy, trigger), the commit a wait looks for, and the branch a preview teardown
 * removes. The others never read them, so the command line run by hand asks git only for these
 * (three runs of git, 15 to 30 ms, and Node's child_process). `__tests__/checkout-defaults.test.ts`
 * holds the list to what `readSettings` reads.
 */
export const READS_CHECKOUT: ReadonlySet<Operation> = new Set([
  'deploy',
  'trigger',
  'wait',
  'teardown-preview'
])
