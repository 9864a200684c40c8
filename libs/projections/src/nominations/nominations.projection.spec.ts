import { describe, expect, it } from '@jest/globals';
import { foldDocuments } from '../projection.js';
import { referenceLog } from '../testing/reference-log.js';
import { dossier, minutes, NOMINATION_ID, nominationLog } from '../testing/nomination-log.js';
import { nominationsProjection } from './nominations.projection.js';

const after = (steps: number) =>
  foldDocuments(nominationsProjection, nominationLog.slice(0, steps)).get(NOMINATION_ID);

describe('NominationsProjection', () => {
  it('follows the status through every step', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((steps) => after(steps)?.status)).toEqual([
      'submitted',
      'returned',
      'submitted',
      'forwarded',
      'approved',
      'conferred',
      'annulled',
    ]);
  });

  it('keeps the history with when, by whom and why, and the dossier as last resubmitted', () => {
    const nomination = after(7)!;
    expect(nomination).toMatchObject({
      nominationId: NOMINATION_ID,
      blocId: 'kg-khoi-4',
      year: 2017,
      unitId: 'lao-dong',
      award: 'emulation-flag',
      documents: [...dossier, minutes],
    });
    expect(nomination.history[0]).toEqual({
      type: 'NominationSubmitted',
      at: '2018-02-01T08:00:00.000Z',
      by: 'y-te-officer',
    });
    expect(nomination.history[1]).toEqual({
      type: 'NominationReturned',
      at: '2018-02-02T08:00:00.000Z',
      by: 'board',
      reason: 'the minutes are missing',
    });
    expect(nomination.history.map((step) => step.type)).toEqual(nominationLog.map((event) => event.type));
  });

  it('marks a nomination the council did not pass as rejected', () => {
    const [submitted, , , forwarded, voted] = nominationLog;
    const failed = { ...voted!, data: { ...voted!.data, for: 5, against: 4, passed: false } } as typeof voted;
    const nomination = foldDocuments(nominationsProjection, [submitted!, forwarded!, failed!]).get(
      NOMINATION_ID,
    );
    expect(nomination?.status).toBe('rejected');
  });

  it("ignores the cycle's events", () => {
    expect(
      foldDocuments(
        nominationsProjection,
        referenceLog('closed').map((logged) => logged.event),
      ).size,
    ).toBe(0);
  });
});
