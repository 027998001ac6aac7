// Conformance tests run real wrangler (installed on demand into .bench/) against the emulator.
// They are slow and need the npm registry, so they run apart from `npm test`.
import base from './jest.config.js'

export default {
  ...base,
  testMatch: ['**/__tests__/conformance/**/*.conformance.ts'],
  testTimeout: 300000
}
