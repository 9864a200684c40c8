import { describe, expect, it } from '@jest/globals';
import { decode, encode, TermKind, termsWithYear, termText } from './audit-index.codec.js';

describe('audit index codec', () => {
  it('writes a term as its kind and value parts apart, as files already store them', () => {
    expect(termText(TermKind.all, '')).toBe('*\u001f');
    expect(termText(TermKind.unit, 'u1')).toBe('u\u001fu1');
    expect(termText(TermKind.blocYear, 'b1', 2017)).toBe('by\u001fb1\u001f2017');
    // A unit and a bloc of the same name are two terms.
    expect(termText(TermKind.unit, 'x')).not.toBe(termText(TermKind.bloc, 'x'));
  });

  it("bounds a bloc's bloc-year terms so that a bloc whose name extends it falls outside", () => {
    const { above, below } = termsWithYear(TermKind.blocYear, 'b1');
    const within = (text: string): boolean => text > above && text < below;
    expect(within(termText(TermKind.blocYear, 'b1', 2017))).toBe(true);
    expect(within(termText(TermKind.blocYear, 'b1', 1999))).toBe(true);
    expect(within(termText(TermKind.blocYear, 'b10', 2017))).toBe(false);
    expect(within(termText(TermKind.blocYear, 'b', 2017))).toBe(false);
    expect(within(termText(TermKind.bloc, 'b1'))).toBe(false);
  });

  it('decodes what it encoded, also from a blob at an offset that is not a multiple of 8', () => {
    const values = [1, 2, 3.5, 2 ** 52, Date.parse('2018-01-01T00:00:00.000Z')];
    const blob = encode(values, 1, 4);
    expect(Array.from(decode(blob))).toEqual([2, 3.5, 2 ** 52]);
    const shifted = Buffer.concat([Buffer.alloc(3), blob]).subarray(3);
    expect(shifted.byteOffset % 8).not.toBe(0);
    expect(Array.from(decode(shifted))).toEqual([2, 3.5, 2 ** 52]);
  });
});
