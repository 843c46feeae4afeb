/**
 * Three kinds of test, run together by `npm test` or apart:
 * - unit (`npm run test:unit`): `src/**\/*.spec.ts` next to the code, pure, no database or bus;
 * - integration (`npm run test:int`): `test/*.int.spec.ts`, a service over the bus with real PostgreSQL and NATS;
 * - end-to-end (`npm run test:e2e`): `test/*.e2e.spec.ts`, through the gateway's HTTP API;
 * - deploy (`npm run test:deploy`): `deploy/test/*.spec.ts`, the Helm chart, the Kubernetes
 *   manifests, the compose file and the Dockerfile checked against their schemas.
 */
const shared = {
  testEnvironment: 'node',
  roots: ['<rootDir>/libs', '<rootDir>/apps'],
  transform: { '^.+\\.ts$': '<rootDir>/tools/jest-transform.cjs' },
  moduleNameMapper: {
    '^@gz/platform/telemetry$': '<rootDir>/libs/platform/src/telemetry.ts',
    '^@gz/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts',
  },
};

// Only the projects that need the servers check for them first (a project's global setup runs
// only when one of its tests is selected).
const withServers = { ...shared, globalSetup: '<rootDir>/libs/testing/src/global-setup.ts' };

module.exports = {
  maxWorkers: 2,
  testTimeout: 60000,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['**/src/**/*.spec.ts'], testPathIgnorePatterns: ['\\.(int|e2e)\\.spec\\.ts$'] },
    { ...withServers, displayName: 'integration', testMatch: ['**/*.int.spec.ts'] },
    { ...withServers, displayName: 'e2e', testMatch: ['**/*.e2e.spec.ts'] },
    // The chart, the manifests, the compose file and the image checked as files (no servers).
    { ...shared, displayName: 'deploy', roots: ['<rootDir>/deploy'], testMatch: ['**/deploy/test/*.spec.ts'] },
  ],
};
