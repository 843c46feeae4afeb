/** Unit tests sit next to the code; integration and e2e tests use real PostgreSQL and NATS. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/libs', '<rootDir>/apps'],
  testMatch: ['**/*.spec.ts'],
  transform: { '^.+\\.ts$': '<rootDir>/tools/jest-transform.cjs' },
  moduleNameMapper: {
    '^@gz/platform/telemetry$': '<rootDir>/libs/platform/src/telemetry.ts',
    '^@gz/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts',
  },
  maxWorkers: 2,
  testTimeout: 60000,
  globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
};
