import { describe, expect, it } from '@jest/globals';
import type { DomainEvent } from '@app/domain';
import { cycleKey, foldDocuments } from '../projection.js';
import { referenceCase, referenceLog } from '../testing/reference-log.js';
import { deadlinesProjection } from './deadlines.projection.js';

const blocId = referenceCase.bloc.id;
const year = referenceCase.cycle.year;
const key = cycleKey(blocId, year);
const opened = referenceLog('opened').map((logged) => logged.event);
const due = '2017-07-05T10:00:00.000Z';
const reporting: DomainEvent = {
  type: 'DeadlineSet',
  data: { blocId, year, kind: 'reporting', period: '2017-H1', due },
};
const reported = (unitId: string, period: string, late?: true): DomainEvent => ({
  type: 'IndicatorReported',
  data: { blocId, year, unitId, indicator: 'X1', period, value: 1, ...(late ? { late } : {}) },
});
const fold = (events: DomainEvent[]) => foldDocuments(deadlinesProjection, [...opened, ...events]).get(key);

describe('DeadlinesProjection', () => {
  it("keeps the cycle's members and its deadlines, a moved one in its place, its passing for the due it passed", () => {
    const moved = '2017-07-20T10:00:00.000Z';
    const signing: DomainEvent = { type: 'DeadlineSet', data: { blocId, year, kind: 'signing', due } };
    const passed: DomainEvent = {
      type: 'DeadlinePassed',
      data: { blocId, year, kind: 'reporting', period: '2017-H1', due, missed: [] },
    };
    const document = fold([
      reporting,
      signing,
      passed,
      {
        type: 'DeadlineSet',
        data: { blocId, year, kind: 'reporting', period: '2017-H1', due: moved, previousDue: due },
      },
    ]);
    expect(document?.members).toEqual(referenceCase.bloc.members.map((m) => m.unitId));
    expect(document?.deadlines).toEqual([
      { kind: 'reporting', period: '2017-H1', due: moved, passed: false },
      { kind: 'signing', period: null, due, passed: false },
    ]);
    expect(fold([reporting, passed])?.deadlines).toEqual([
      { kind: 'reporting', period: '2017-H1', due, passed: true },
    ]);
  });

  it('records the first completion of each unit and period with its late flag; a later one changes nothing', () => {
    const document = fold([
      reported('y-te', '2017-H1', true),
      reported('y-te', '2017-H1'),
      reported('du-lich', '2017-Q3'),
    ]);
    expect(document?.completions).toEqual([
      { kind: 'reporting', period: '2017-H1', unitId: 'y-te', late: true },
      { kind: 'reporting', period: '2017-Q3', unitId: 'du-lich', late: false },
    ]);
  });

  it('follows signatures, self-assessments and the review (the bloc’s), and nominations by their type’s name', () => {
    const nomination = {
      type: 'NominationSubmitted',
      data: { blocId, year, unitId: 'lao-dong', award: 'emulation-flag', documents: [] },
    } as unknown as DomainEvent;
    const nominationDeadline: DomainEvent = {
      type: 'DeadlineSet',
      data: { blocId, year, kind: 'nomination', due },
    };
    const document = fold([
      {
        type: 'PactSigned',
        data: { blocId, year, unitId: 'y-te', signatory: { title: 'Giám đốc' }, late: true },
      },
      { type: 'SelfAssessmentSubmitted', data: { blocId, year, unitId: 'du-lich', scores: [] } },
      { type: 'ReviewOpened', data: { blocId, year, meetingDate: '2018-01-12' } },
      nominationDeadline,
      { type: 'DeadlinePassed', data: { blocId, year, kind: 'nomination', due, missed: [] } },
      nomination,
    ]);
    expect(document?.completions).toEqual([
      { kind: 'signing', period: null, unitId: 'y-te', late: true },
      { kind: 'self-assessment', period: null, unitId: 'du-lich', late: false },
      { kind: 'review', period: null, unitId: null, late: false },
      // Submitted after the deadline's passing was recorded.
      { kind: 'nomination', period: null, unitId: null, late: true },
    ]);
  });

  it('folds the same documents event by event as in runs (what a rebuild does)', () => {
    const events = [
      ...referenceLog('closed').map((logged) => logged.event),
      reporting,
      reported('y-te', '2017-H1', true),
    ];
    const oneByOne = new Map<string, unknown>();
    for (const event of events) foldDocuments(deadlinesProjection, [event], oneByOne as never);
    expect(oneByOne).toEqual(foldDocuments(deadlinesProjection, events));
  });
});
