// The store conformance suite (fixtures/store-conformance.ts) on the AWS Secrets Manager store,
// through the real AWS SDK for JavaScript v3, against a FAKE Secrets Manager
// (test/support/fake-aws-secrets-manager.ts: AWS cannot be reached from here) built from the
// service's published JSON API reference, each behaviour citing its source.
import { randomBytes } from 'node:crypto';
import { openSecretStore } from '../../lib/secrets';
import { startFakeSecretsManager, type FakeSecretsManager } from '../support/fake-aws-secrets-manager';
import { describeStoreConformance } from './fixtures/store-conformance';

const ACCESS_KEY_ID = 'AKIAFAKEFAKEFAKE0001';
let aws: FakeSecretsManager;
let prefixes = 0;

beforeAll(async () => {
  // A small page size, so listing must follow NextToken.
  aws = await startFakeSecretsManager({ accessKeyId: ACCESS_KEY_ID, pageSize: 3 });
  // The SDK's standard credential chain starts with these (jest gives this file its own process.env).
  process.env.AWS_ACCESS_KEY_ID = ACCESS_KEY_ID;
  process.env.AWS_SECRET_ACCESS_KEY = randomBytes(20).toString('base64');
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
});

afterAll(async () => {
  await aws?.close();
});

const spec = (prefix: string, endpoint = aws.endpoint, recoveryWindowDays?: number) =>
  ({ kind: 'aws-secrets-manager', region: 'eu-central-1', prefix, endpoint, ...(recoveryWindowDays ? { recoveryWindowDays } : {}) }) as const;

describeStoreConformance('aws-secrets-manager', {
  fresh: async () => {
    const prefix = `run-${++prefixes}`;
    return {
      open: () => openSecretStore(spec(prefix), { projectRoot: '/', env: {} }),
      openDown: () => openSecretStore(spec(prefix, 'http://127.0.0.1:1'), { projectRoot: '/', env: {} }),
      observed: () => aws.requests.join('\n'),
    };
  },
});

describe('aws-secrets-manager store', () => {
  it('one secret per entry, named <prefix>/<key>, whose SecretString is the JSON object', async () => {
    const store = await openSecretStore(spec('layout'), { projectRoot: '/', env: {} });
    await store.putIfAbsent('auth/orders', { client_id: 'orders', client_secret: 'x' });
    expect(JSON.parse(aws.read('layout/auth/orders') ?? 'null')).toEqual({ client_id: 'orders', client_secret: 'x' });
    await store.close?.();
  });

  it('with a recovery window, an export is scheduled for deletion (restorable) while the ledger records go at once', async () => {
    const store = await openSecretStore(spec('window', aws.endpoint, 7), { projectRoot: '/', env: {} });
    await store.putIfAbsent('auth/orders', { a: 1 });
    await store.put('_oauth-clients/ledger/auth/orders', { b: 1 });
    expect(await store.delete('auth/orders')).toBe(true);
    expect(await store.delete('_oauth-clients/ledger/auth/orders')).toBe(true);
    expect(aws.names().filter((n) => n.startsWith('window/'))).toEqual(['window/auth/orders (deleted)']);
    // gone for the store: not read, not listed, and a second delete is a no-op
    expect(await store.get('auth/orders')).toBeUndefined();
    expect(await store.list('')).toEqual([]);
    expect(await store.delete('auth/orders')).toBe(false);
    // and a new export under that name says what to do instead of failing obscurely
    await expect(store.putIfAbsent('auth/orders', { a: 2 })).rejects.toThrow(/window\/auth\/orders is in its recovery window after a deletion; restore it .* or delete it for good/);
    await store.close?.();
  });
});
