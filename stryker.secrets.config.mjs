// Mutation testing of lib/secrets (issue 15): `npm run mutate:secrets`, not part of CI.
// The store's own tests, in-process; the concurrency test (real worker processes, ~40 s a run)
// is left out to keep a run tractable, so its race is covered by `npm test`, not counted here.
import { shared } from './stryker.shared.mjs';

export default {
  ...shared('secrets'),
  mutate: ['lib/secrets/**/*.ts', '!lib/secrets/index.ts'],
  jest: {
    projectType: 'custom',
    enableFindRelatedTests: false,
    config: { testMatch: ['<rootDir>/test/secrets/*.test.ts'], testPathIgnorePatterns: ['/node_modules/', 'file-store-concurrency'] },
  },
};
