import { describe, expect, it } from '@jest/globals';
import type { DomainEvent } from '@app/domain';
import { cycleKey, foldDocuments } from '../projection.js';
import { referenceCase, referenceLog } from '../testing/reference-log.js';
import { standingsProjection } from './standings.projection.js';
import { standingsView } from './standings.view.js';

const { bloc, cycle } = referenceCase;

describe('Standings: late reports', () => {
  it("counts each unit's reports flagged late, corrections too; a unit with none shows 0", () => {
    const late = (unitId: string, period: string): DomainEvent => ({
      type: 'IndicatorReported',
      data: { blocId: bloc.id, year: cycle.year, unitId, indicator: 'X', period, value: 1, late: true },
    });
    const events = [
      ...referenceLog('reported').map((logged) => logged.event),
      late('du-lich', '2017-Q3'),
      late('du-lich', '2017-Q3'),
      late('y-te', '2017-H1'),
    ];
    const document = foldDocuments(standingsProjection, events).get(cycleKey(bloc.id, cycle.year))!;
    const lateReports = Object.fromEntries(
      standingsView(document).units.map((row) => [row.unitId, row.lateReports]),
    );
    expect(lateReports).toEqual(
      Object.fromEntries(
        bloc.members.map((m) => [m.unitId, m.unitId === 'du-lich' ? 2 : m.unitId === 'y-te' ? 1 : 0]),
      ),
    );
  });
});
