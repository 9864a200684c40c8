import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { plainData } from './plain-data.js';

class Nested {
  constructor(
    readonly code: string,
    readonly points?: number,
  ) {}
}

class Body {
  unitId = 'so-y-te';
  note: string | undefined = undefined;
  scores = [new Nested('1.1', 12.5), new Nested('1.2')];
  at = new Date('2026-12-05T00:00:00Z');
  get derived(): string {
    return 'not an own property';
  }
}

const viaJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value)) as unknown;

describe('plainData', () => {
  it('gives what a JSON round trip gives: plain objects, own fields, undefined left out, dates as text', () => {
    const body = new Body();
    const plain = plainData(body);
    expect(plain).toStrictEqual(viaJson(body));
    expect(Object.getPrototypeOf(plain)).toBe(Object.prototype);
    expect(Object.getPrototypeOf((plain as unknown as { scores: object[] }).scores[0])).toBe(
      Object.prototype,
    );
    expect(plain).not.toHaveProperty('note');
    expect(plain).not.toHaveProperty('derived');
  });

  it('writes -0 as 0, and NaN and the infinities as null', () => {
    // eslint-disable-next-line no-sparse-arrays
    const plain = plainData({ zero: -0, list: [-0, Number.NaN, Number.POSITIVE_INFINITY, undefined, , 1] });
    expect(plain).toStrictEqual({ zero: 0, list: [0, null, null, null, null, 1] });
    expect(Object.is(plain.zero, 0)).toBe(true);
  });

  it('keeps an own "__proto__" field a field, as JSON.parse does', () => {
    const body = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as object;
    const plain = plainData(body);
    expect(Object.getPrototypeOf(plain)).toBe(Object.prototype);
    expect(Object.hasOwn(plain, '__proto__')).toBe(true);
    expect(plain).toStrictEqual(viaJson(body));
  });

  it('agrees with the JSON round trip on any JSON-like value, non-finite numbers and undefined included', () => {
    const value = fc.letrec((tie) => ({
      leaf: fc.oneof(
        fc.string(),
        fc.boolean(),
        fc.constant(null),
        fc.constant(undefined),
        fc.double(),
        fc.integer(),
      ),
      node: fc.oneof({ depthSize: 'small' }, tie('leaf'), tie('array'), tie('object')),
      array: fc.array(tie('node'), { maxLength: 4 }),
      object: fc.dictionary(fc.string(), tie('node'), { maxKeys: 4 }),
    }));
    fc.assert(
      fc.property(value.object, (object) => {
        expect(plainData(object)).toStrictEqual(viaJson(object));
      }),
    );
  });
});
