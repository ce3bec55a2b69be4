// What the per-module Stryker configurations share. Two workers at most: the machine has two
// cores, and each mutant run starts a development server of its own.
export function shared(module) {
  return {
    packageManager: 'npm',
    testRunner: 'jest',
    plugins: ['@stryker-mutator/jest-runner'],
    coverageAnalysis: 'perTest',
    // The stories start the development server from dist/ (test/support/devserver.ts): build it
    // in the sandbox, so a fresh clone needs no `npm run build` first.
    buildCommand: 'npm run build',
    concurrency: 2,
    timeoutMS: 30000,
    ignorePatterns: ['dist', 'cdktf.out', '.oauth-clients', '.gen', 'reports', 'bench'],
    reporters: ['clear-text', 'progress', 'html', 'json'],
    htmlReporter: { fileName: `reports/mutation/${module}.html` },
    jsonReporter: { fileName: `reports/mutation/${module}.json` },
    tempDirName: `.stryker-tmp-${module}`,
    cleanTempDir: true,
  };
}
