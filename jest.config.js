// ESM TypeScript through ts-jest, as in actions/typescript-action. Type errors are
// caught by `npm run typecheck`, so the transformer skips them to keep tests fast.
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, diagnostics: false }]
  },
  testMatch: ['**/__tests__/**/*.test.ts'],
  testTimeout: 30000,
  // The end-to-end tests mostly wait on child processes and timers, not the CPU.
  maxWorkers: 3,
  verbose: false
}
