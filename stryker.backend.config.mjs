// Mutation testing of lib/backend (issue 15): `npm run mutate:backend`, not part of CI.
// The tests are the in-process backend stories (test/backend/in-process-*.test.ts): they run
// lib/backend in jest's own process against the real development server and real file stores,
// so Stryker sees which test covers which mutant. The handler-process stories (crash-safety,
// faults, ...) run the bundled handler in a child process, which reports no coverage and would
// make every mutant run every story: hours on two cores.
import { shared } from './stryker.shared.mjs';

export default {
  ...shared('backend'),
  mutate: ['lib/backend/**/*.ts', '!lib/backend/index.ts', '!lib/backend/handler-context.ts'],
  jest: {
    projectType: 'custom',
    enableFindRelatedTests: false,
    config: { testMatch: ['<rootDir>/test/backend/in-process-*.test.ts'] },
  },
};
