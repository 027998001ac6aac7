/**
 * What the command needs to run an operation, in one module that main.ts loads once the
 * arguments are read: `--help`, `--version` and a usage error answer without loading it.
 */
export { npmRegistry } from '../bundler/npm-registry.js'
export { detectCi, readCiContext } from '../ci/detect.js'
export { runFromInputs } from '../run/from-inputs.js'
export { READS_CHECKOUT } from '../settings/checkout-defaults.js'
