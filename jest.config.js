/** Test tiers: unit specs beside the code (no services), then suites under test/ that need the real stack. */
const moduleNameMapper = {
  '^@app/domain(|/.*)$': '<rootDir>/libs/domain/src$1',
  '^@app/infrastructure(|/.*)$': '<rootDir>/libs/infrastructure/src$1',
  '^@app/client$': '<rootDir>/libs/client/src',
};
const base = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  moduleNameMapper,
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }] },
};
module.exports = {
  projects: [
    {
      ...base,
      displayName: 'unit',
      roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/workflows', '<rootDir>/activities', '<rootDir>/infra', '<rootDir>/bench'],
      testMatch: ['**/*.spec.ts'],
    },
    { ...base, displayName: 'integration', roots: ['<rootDir>/test'], testMatch: ['**/*.int-spec.ts'], slowTestThreshold: 30 },
    { ...base, displayName: 'e2e', roots: ['<rootDir>/test'], testMatch: ['**/*.e2e-spec.ts'], slowTestThreshold: 60 },
    // Faults injected on purpose: dependencies cut through proxies the tests own, processes killed (test/guasti).
    { ...base, displayName: 'guasti', roots: ['<rootDir>/test'], testMatch: ['**/*.guasti-spec.ts'], slowTestThreshold: 60 },
    // The console in a real browser (Debian's Chromium through playwright-core), logged in through the development
    // identity provider, against the real API, worker and services.
    { ...base, displayName: 'console', roots: ['<rootDir>/test'], testMatch: ['**/*.console-spec.ts'], slowTestThreshold: 120 },
  ],
};
