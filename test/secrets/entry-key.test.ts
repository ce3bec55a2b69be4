// Entry keys are the paths every store holds: these stories pin which ones pass and what a
// rejected one is told.
import { checkEntryKey, checkEntryPrefix, StoreError } from '../../lib/secrets';

describe('entry keys', () => {
  it.each(['clients/web', 'local-dev/apps/web@2/secret', 'a', 'A.b_c-d@e/f.g', 'x'.repeat(200), `${'x'.repeat(155)}/`.repeat(2) + 'y'.repeat(200)])(
    'given %s, when checked, then it is accepted as it is',
    (key) => {
      expect(checkEntryKey(key)).toBe(key);
    },
  );

  it.each([
    ['', 'must not be empty'],
    ['x'.repeat(513), 'must be at most 512 characters, got 513'],
    [`a/${'x'.repeat(201)}`, 'segments must be at most 200 characters, got one of 201'],
    ['/clients/web', "must not start with '/'"],
    ['clients//web', 'must not have an empty segment'],
    ['clients/web/', 'must not have an empty segment'],
    ['clients/../web', "must not have '.' or '..' segments"],
    ['./web', "must not have '.' or '..' segments"],
    ['clients/.hidden', "segments must not start with '.', got '.hidden'"],
    ['clients/web app', "got ' ' at position 11"],
    ['clients\\web', "got '\\' at position 7"],
    ['clients/w\u00e9b', 'got "\u00e9" at position 9'],
    ['clients/web\n', 'got "\\n" at position 11'],
  ])('given %j, when checked, then it is refused with the rule it breaks', (key, rule) => {
    let thrown: unknown;
    try {
      checkEntryKey(key, 'file store s');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(StoreError);
    expect(thrown).toMatchObject({ code: 'OAC_STORE_ENTRY_KEY', key, store: 'file store s' });
    expect((thrown as Error).message).toContain(rule);
    expect((thrown as Error).message.startsWith('entry key ')).toBe(true);
  });

  it.each(['', 'clients/', 'clients/w', 'clients', 'a/b/c/'])('given the prefix %j, when checked, then it is accepted', (prefix) => {
    expect(checkEntryPrefix(prefix)).toBe(prefix);
  });

  it.each([
    ['/clients/', "must not start with '/'"],
    ['../', "must not have '.' or '..' segments"],
    ['a/../b/', "must not have '.' or '..' segments"],
    ['a//', 'must not have an empty segment'],
    ['a/b c', "must only use letters, digits"],
  ])('given the prefix %j, when checked, then it is refused naming the rule', (prefix, rule) => {
    expect(() => checkEntryPrefix(prefix)).toThrow(rule);
  });
});
