// LazySecretStore: the handler's local journal is opened only if a first apply uses it, so destroy
// and prune (run once per client by Terraform) do no directory or key-file I/O for it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LazySecretStore, openSecretStore, type SecretStoreBackend } from '../../lib/secrets';

describe('LazySecretStore', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'oac-lazy-store-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const lazyFileStore = (opens: string[]): SecretStoreBackend =>
    new LazySecretStore('file store journal', () => {
      opens.push('open');
      return openSecretStore({ kind: 'file', directory: 'journal' }, { projectRoot: root, env: {} });
    });

  test('given a lazy store never used, then nothing is created on disk', () => {
    const opens: string[] = [];
    lazyFileStore(opens);

    expect(opens).toEqual([]);
    expect(fs.existsSync(path.join(root, 'journal'))).toBe(false);
  });

  test('given several operations, including concurrent ones, then the store is opened once and behaves as the store', async () => {
    const opens: string[] = [];
    const store = lazyFileStore(opens);

    await Promise.all([store.put('a/one', { v: 1 }), store.put('a/two', { v: 2 })]);

    expect(await store.putIfAbsent('a/one', { v: 9 })).toBe('exists');
    expect(await store.get('a/one')).toEqual({ v: 1 });
    expect(await store.list('a/')).toEqual(['a/one', 'a/two']);
    expect(await store.delete('a/two')).toBe(true);
    expect(opens).toEqual(['open']);
    expect(fs.existsSync(path.join(root, 'journal', '.store-key'))).toBe(true);
  });
});
