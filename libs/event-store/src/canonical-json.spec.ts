import { describe, expect, it } from '@jest/globals';
import { canonicalJson, MAX_JSON_DEPTH, NotJsonError } from './canonical-json.js';

describe('canonicalJson', () => {
  it('sorts keys at every level and writes no whitespace', () => {
    expect(canonicalJson({ b: [{ z: 1, a: null }], a: 'x', é: true, e: false })).toBe('{"a":"x","b":[{"a":null,"z":1}],"e":false,"é":true}');
  });

  it('writes numbers and strings as JSON.stringify does', () => {
    expect(canonicalJson([961.5, 0.1 + 0.2, -0, 1e21, 'Sở "Y" tế\n', '\ud800'])).toBe(JSON.stringify([961.5, 0.1 + 0.2, 0, 1e21, 'Sở "Y" tế\n', '\ud800']));
  });

  it('writes member names as JSON.stringify does, however many and however long, written again', () => {
    const names = ['a"b', 'back\\slash', 'line\nbreak', '\ud800', 'Sở', 'x'.repeat(65), 'y'.repeat(64)];
    for (let n = 0; n < 5000; n++) names.push(`name-${n}`);
    const value = Object.fromEntries(names.map((name, n) => [name, n]));
    const sorted = Object.fromEntries([...names].sort().map((name) => [name, value[name]]));
    for (let round = 0; round < 2; round++) expect(canonicalJson(value)).toBe(JSON.stringify(sorted));
  });

  it('gives equal values the same text', () => {
    expect(canonicalJson({ x: 1, y: { p: [1, 2] } })).toBe(canonicalJson({ y: { p: [1, 2] }, x: 1 }));
  });

  it('leaves out properties that are undefined, like JSON.stringify', () => {
    expect(canonicalJson({ reason: undefined, points: 5 })).toBe('{"points":5}');
  });

  it('accepts a shared reference but refuses a cycle', () => {
    const shared = { unitId: 'syt' };
    expect(canonicalJson({ leader: shared, deputy: shared })).toBe('{"deputy":{"unitId":"syt"},"leader":{"unitId":"syt"}}');
    const cyclic: unknown[] = [];
    cyclic.push({ back: cyclic });
    expect(() => canonicalJson(cyclic)).toThrow('$[0].back: circular reference');
  });

  it.each([
    ['undefined', undefined, '$: undefined'],
    ['an undefined array element', [1, undefined], '$[1]: undefined'],
    ['a BigInt', { n: 1n }, '$.n: a bigint'],
    ['a function', { f: () => 1 }, '$.f: a function'],
    ['a symbol', [Symbol('s')], '$[0]: a symbol'],
    ['NaN', { n: Number.NaN }, '$.n: NaN'],
    ['-Infinity', { n: -Infinity }, '$.n: -Infinity'],
    ['a Date', { at: new Date(0) }, '$.at: a Date instance'],
    ['a Map', new Map(), '$: a Map instance'],
  ])('refuses %s', (_what, value, message) => {
    expect(() => canonicalJson(value)).toThrow(NotJsonError);
    expect(() => canonicalJson(value)).toThrow(message);
  });

  it('accepts objects without a prototype and bounds the nesting depth', () => {
    const bare = Object.assign(Object.create(null) as object, { a: 1 });
    expect(canonicalJson(bare)).toBe('{"a":1}');
    let deep: unknown = 0;
    for (let i = 0; i < MAX_JSON_DEPTH; i++) deep = [deep];
    expect(() => canonicalJson(deep)).not.toThrow();
    expect(() => canonicalJson([deep])).toThrow(/nested deeper/);
    let veryDeep: unknown = 0;
    for (let i = 0; i < 100_000; i++) veryDeep = [veryDeep];
    expect(() => canonicalJson(veryDeep)).toThrow(/nested deeper/);
  });
});
