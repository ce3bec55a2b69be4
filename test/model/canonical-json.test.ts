// canonicalJson: the spec hash and the audit's rename detection compare specs made by different
// producers (Terraform's jsonencode, another revision of the code); key order must not matter.
import { specHash } from '../../lib/backend';
import { canonicalJson } from '../../lib/model';

describe('canonicalJson', () => {
  test('given the same value with keys in another order at every level, then the text is the same', () => {
    const a = { b: 1, a: { y: [1, { q: true, p: null }], x: 'x' } };
    const b = { a: { x: 'x', y: [1, { p: null, q: true }] }, b: 1 };

    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe('{"a":{"x":"x","y":[1,{"p":null,"q":true}]},"b":1}');
  });

  test('given lists in another order, then the text differs (order in a list is meaning)', () => {
    expect(canonicalJson({ scopes: ['a', 'b'] })).not.toBe(canonicalJson({ scopes: ['b', 'a'] }));
  });

  test('given an absent key and a key set to undefined, then they read the same, as JSON would', () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe(canonicalJson({ a: 1 }));
  });

  test('the spec hash follows it: key order does not change the hash, a value does', () => {
    expect(specHash({ a: 1, b: { c: 2, d: 3 } })).toBe(specHash({ b: { d: 3, c: 2 }, a: 1 }));
    expect(specHash({ a: 1, b: { c: 2, d: 3 } })).not.toBe(specHash({ a: 1, b: { c: 2, d: 4 } }));
  });
});
