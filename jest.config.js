// ESM TypeScript through ts-jest, as in actions/typescript-action. Type errors are
// caught by `npm run typecheck`, so the transformer skips them to keep tests fast.
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, diagnostics: false }],
    // @actions/workflow-parser (docs.test.ts) imports its JSON schemas without an attribute.
    '/node_modules/@actions/workflow-parser/.+\\.js$':
      '<rootDir>/__tests__/support/json-attr-transform.cjs'
  },
  transformIgnorePatterns: ['/node_modules/(?!@actions/workflow-parser/)'],
  testMatch: ['**/__tests__/**/*.test.ts'],
  testTimeout: 30000,
  // The end-to-end tests mostly wait on child processes, not the CPU.
  maxWorkers: 3,
  verbose: false,
  // `npm run test:coverage`: in-process coverage of src/ (the end-to-end layer runs dist/, which
  // is not instrumented), held as a floor in CI.
  coverageProvider: 'v8',
  collectCoverageFrom: ['src/**/*.ts', '!src/**/*.d.ts'],
  coverageReporters: ['text-summary', 'lcov'],
  coverageThreshold: { global: { lines: 90, statements: 90, branches: 80, functions: 90 } }
}
