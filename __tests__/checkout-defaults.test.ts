/**
 * READS_CHECKOUT (src/settings/checkout-defaults.ts) says which operations take defaults from
 * the checkout; the command line run by hand asks git only for those. This holds the list to
 * what readSettings really reads: an operation outside it that started reading the branch or the
 * commit would silently get none on a laptop.
 */
import { describe, expect, it } from '@jest/globals'
import { OPERATIONS } from '../src/operations/names.js'
import { READS_CHECKOUT } from '../src/settings/checkout-defaults.js'
import { readSettings } from '../src/settings/read-settings.js'
import type { InputDefaults } from '../src/settings/settings.js'

/** The facts a run by hand learns from git (src/ci/local.ts). */
const CHECKOUT_FACTS = [
  'headSha',
  'headBranch',
  'headBranchSource',
  'deployBranch',
  'deployBranchSource',
  'commitMessage',
  'defaultBranch'
]

/** Inputs that make operations reach further into their settings. */
const VARIANTS: Array<Record<string, string>> = [
  {},
  { 'deployment-id': '3f1c2a9e-5b7d-4c1e-9a0b-2d4e6f8a1b3c' },
  { 'create-project': 'true' },
  { 'wait-for-checks': 'true', 'github-token': 'ghs_example' },
  { directory: '.', 'verify-before-production': 'true', 'smoke-checks': '/' },
  { branch: 'main', 'commit-hash': 'abc1234' },
  { secrets: 'A=b', environment: 'production' }
]

/** The checkout facts readSettings looked at for `operation` and `inputs`. */
function factsRead(operation: string, inputs: Record<string, string>): Set<string> {
  const read = new Set<string>()
  const facts: InputDefaults = {
    headSha: 'abc1234abc1234abc1234abc1234abc1234abc12',
    headBranch: 'feature',
    headBranchSource: 'pushed',
    deployBranch: 'feature',
    deployBranchSource: 'pushed',
    commitMessage: 'A change',
    defaultBranch: 'main',
    workspace: process.cwd()
  }
  const watched = new Proxy(facts, {
    get(target, key) {
      if (CHECKOUT_FACTS.includes(String(key))) read.add(String(key))
      return Reflect.get(target, key)
    },
    has(target, key) {
      if (CHECKOUT_FACTS.includes(String(key))) read.add(String(key))
      return Reflect.has(target, key)
    }
  })
  const all: Record<string, string> = {
    'api-token': 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-ab',
    'account-id': '0123456789abcdef0123456789abcdef',
    'project-name': 'site',
    operation,
    ...inputs
  }
  try {
    readSettings(watched, {}, (name) => all[name] ?? '')
  } catch {
    // A refused combination still counts for what was read on the way.
  }
  return read
}

describe('operations that read the checkout', () => {
  it.each(OPERATIONS.filter((operation) => !READS_CHECKOUT.has(operation)))(
    '%s reads nothing of the checkout, whatever its inputs',
    (operation) => {
      for (const inputs of VARIANTS) expect([...factsRead(operation, inputs)]).toEqual([])
    }
  )

  it.each([...READS_CHECKOUT])('%s reads the checkout by default', (operation) => {
    expect(factsRead(operation, {}).size).toBeGreaterThan(0)
  })
})
