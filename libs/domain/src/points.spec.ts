import { describe, expect, it } from '@jest/globals';
import { fromHundredths, sumHundredths, toHundredths } from './points.js';
import { thrownCode } from './testing/decider-spec.js';

describe('points in integer hundredths', () => {
  it('adds 0.1 and 0.2 to exactly 0.3', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(fromHundredths(sumHundredths([0.1, 0.2]))).toBe(0.3);
    expect(sumHundredths([0.1, 0.2])).toBe(toHundredths(0.3));
  });

  it('reads values carrying float noise as their two-decimal value', () => {
    expect(toHundredths(0.1 + 0.2)).toBe(30);
    expect(toHundredths(0.7 + 0.1)).toBe(80);
    expect(toHundredths(4.35 * 3)).toBe(1305);
  });

  it('tells 961.5 from 961 and keeps equal totals equal', () => {
    expect(toHundredths(961.5)).toBe(96150);
    expect(toHundredths(961)).toBe(96100);
    expect(toHundredths(961.5) > toHundredths(961)).toBe(true);
    // 680.5 + 190 + 91 on paper equals 961.5, whatever order the floats are added in.
    expect(sumHundredths([680.5, 190, 91])).toBe(sumHundredths([91, 190, 680.5]));
    expect(fromHundredths(sumHundredths([650, 150, 15, 10.3, 6]))).toBe(831.3);
  });

  it('round-trips every two-decimal value', () => {
    for (const p of [0, 0.01, 0.07, 10.3, 27.5, 79.5, 831.3, 999.99, 123456.78]) {
      expect(fromHundredths(toHundredths(p))).toBe(p);
    }
  });

  it.each([1.005, 0.001, 33.333, Number.NaN, Number.POSITIVE_INFINITY])('refuses %p', (value) => {
    expect(thrownCode(() => toHundredths(value))).toBe('POINTS_OUT_OF_RANGE');
  });

  it('keeps negative values (penalties in subtotals) and normalises -0', () => {
    expect(toHundredths(-2.5)).toBe(-250);
    expect(Object.is(toHundredths(-0), 0)).toBe(true);
  });
});
