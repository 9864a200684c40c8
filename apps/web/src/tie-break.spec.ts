import { describe, expect, it } from '@jest/globals';
import { tieBreakExplanations } from './tie-break';
import type { StandingRow } from './types';

const row = (rank: number, name: string, total: number, content1: number, exceeded: number): StandingRow => ({
  rank,
  unitId: name,
  name,
  total,
  byContent: { '1': content1, '2': total - content1 },
  indicators: { assigned: 5, reported: 5, met: 5, exceeded },
  selfAssessedTotal: null,
  lateReports: 0,
});

describe('tieBreakExplanations', () => {
  const chain = ['content:1', 'indicatorsExceeded'] as const;

  it('says nothing when no two neighbours have equal totals', () => {
    expect(tieBreakExplanations([row(1, 'A', 961.5, 680.5, 5), row(2, 'B', 961, 681, 4)], chain)).toEqual([]);
  });

  it("names the first step of the chain that separated equal totals, with both units' values", () => {
    expect(tieBreakExplanations([row(1, 'A', 900, 650.5, 2), row(2, 'B', 900, 650, 5)], chain)).toEqual([
      'A xếp trên B dù cùng 900 điểm, vì điểm nội dung 1 cao hơn (650,5 so với 650).',
    ]);
    expect(tieBreakExplanations([row(1, 'A', 900, 650, 5), row(2, 'B', 900, 650, 4)], chain)).toEqual([
      'A xếp trên B dù cùng 900 điểm, vì số chỉ tiêu vượt kế hoạch cao hơn (5 so với 4).',
    ]);
  });

  it('says when equal units share a rank', () => {
    expect(tieBreakExplanations([row(1, 'A', 900, 650, 5), row(1, 'B', 900, 650, 5)], chain)).toEqual([
      'A và B bằng tổng điểm (900) và bằng nhau ở mọi tiêu chí phụ: đồng hạng 1.',
    ]);
  });
});
