// The store conformance suite (fixtures/store-conformance.ts) on the embedded file store.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSecretStore } from '../../lib/secrets';
import { scratchDirectory } from './fixtures/scratch-directory';
import { describeStoreConformance } from './fixtures/store-conformance';

const KEY = randomBytes(32).toString('base64url');

describeStoreConformance('file', {
  // The file store reads locally: a missing directory is an empty store, not a failure.
  getFailsWhenDown: false,
  fresh: async () => {
    const projectRoot = scratchDirectory();
    return {
      open: () => openSecretStore({ kind: 'file', directory: 'store' }, { projectRoot, env: { OAUTH_CLIENTS_STORE_KEY: KEY } }),
      // "Down" for a file store: its directory is a regular file (a broken mount, a wrong path).
      openDown: async () => {
        writeFileSync(join(projectRoot, 'not-a-directory'), '');
        return openSecretStore({ kind: 'file', directory: 'not-a-directory' }, { projectRoot, env: { OAUTH_CLIENTS_STORE_KEY: KEY } });
      },
    };
  },
});
