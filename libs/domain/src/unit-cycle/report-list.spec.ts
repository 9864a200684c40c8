import { describe, expect, it } from '@jest/globals';
import { type Report, ReportList } from './report-list.js';

const report = (indicator: string, period: string, value: number): Report => ({
  blocId: 'khoi-1',
  year: 2026,
  unitId: 'u1',
  indicator,
  period,
  value,
});

describe('ReportList', () => {
  it('holds its reports in recorded order and counts them per indicator and period', () => {
    const list = ReportList.of([report('A', '2026', 1), report('B', '2026', 2), report('A', '2026', 3)]);
    expect(list.length).toBe(3);
    expect(list.toArray().map((r) => r.value)).toEqual([1, 2, 3]);
    expect([...list].map((r) => r.value)).toEqual([1, 2, 3]);
    expect(list.countOf('A', '2026')).toBe(2);
    expect(list.countOf('B', '2026')).toBe(1);
    expect(list.countOf('A', '2026-Q1')).toBe(0);
    expect(list.countOf('C', '2026')).toBe(0);
  });

  it('leaves a list as it was when it grows, however often it grows', () => {
    const empty = ReportList.empty();
    const one = empty.with(report('A', '2026', 1));
    const two = one.with(report('A', '2026', 2));
    expect(empty.length).toBe(0);
    expect([...empty]).toEqual([]);
    expect(empty.countOf('A', '2026')).toBe(0);
    expect(one.toArray().map((r) => r.value)).toEqual([1]);
    expect(one.countOf('A', '2026')).toBe(1);
    expect(two.countOf('A', '2026')).toBe(2);
  });

  it('grows an older list into a line of its own: neither line sees the other', () => {
    const base = ReportList.of([report('A', '2026', 1)]);
    const kept = base.with(report('A', '2026', 2)).with(report('B', '2026', 3));
    // Decided again on the older state: a second line from `base`.
    const fork = base.with(report('B', '2026', 9));
    expect(fork.toArray().map((r) => r.value)).toEqual([1, 9]);
    expect(fork.countOf('A', '2026')).toBe(1);
    expect(fork.countOf('B', '2026')).toBe(1);
    expect(kept.toArray().map((r) => r.value)).toEqual([1, 2, 3]);
    expect(kept.countOf('A', '2026')).toBe(2);
    // Both lines grow on, and the older list still counts only its own.
    const keptOn = kept.with(report('A', '2026', 4));
    const forkOn = fork.with(report('A', '2026', 10));
    expect(keptOn.countOf('A', '2026')).toBe(3);
    expect(forkOn.countOf('A', '2026')).toBe(2);
    expect(base.countOf('A', '2026')).toBe(1);
    expect(base.countOf('B', '2026')).toBe(0);
    expect([...forkOn].map((r) => r.value)).toEqual([1, 9, 10]);
  });

  it('counts what it was given for any indicator and period, the same at the tip and behind it', () => {
    const reports = Array.from({ length: 60 }, (_, i) => report(`I${i % 3}`, `2026-Q${1 + (i % 4)}`, i));
    const lists = [ReportList.empty()];
    for (const r of reports) lists.push(lists.at(-1)!.with(r));
    for (const [length, list] of lists.entries()) {
      for (const indicator of ['I0', 'I1', 'I2', 'I9'])
        for (const period of ['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']) {
          const expected = reports
            .slice(0, length)
            .filter((r) => r.indicator === indicator && r.period === period).length;
          expect(list.countOf(indicator, period)).toBe(expected);
        }
    }
  });

  it('keeps an inherited name as an indicator or a period apart from the prototype', () => {
    const list = ReportList.of([report('constructor', '__proto__', 1)]);
    expect(list.countOf('constructor', '__proto__')).toBe(1);
    expect(list.countOf('toString', '__proto__')).toBe(0);
  });
});
