import { describe, expect, it } from '@jest/globals';
import { formatDate, formatDateTime, formatNumber, parseNumber } from './format';

describe('Vietnamese formats', () => {
  it('writes numbers with a decimal comma and at most two decimals', () => {
    expect([961.5, 961, 831.3, 1234.25].map(formatNumber)).toEqual(['961,5', '961', '831,3', '1.234,25']);
  });

  it("writes dates as dd/mm/yyyy in Vietnam's time", () => {
    expect(formatDate('2018-01-12T20:00:00Z')).toBe('13/01/2018');
    expect(formatDateTime('2018-01-12T01:02:03Z')).toBe('12/01/2018 08:02:03');
  });

  it('reads numbers typed either way', () => {
    expect(['92,5', '92.5', '1.234,5', ' 7 '].map(parseNumber)).toEqual([92.5, 92.5, 1234.5, 7]);
    expect(parseNumber('')).toBeNaN();
    expect(parseNumber('abc')).toBeNaN();
  });
});
