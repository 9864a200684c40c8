import { describe, expect, it } from '@jest/globals';
import type { Actor } from '@app/domain';
import type { DeadlinesDocument, ReadModelDocuments } from '@app/projections';
import { BLOC, heldReadModels, readers, YEAR } from '../../testing/held-read-models.js';
import type { ReadYourWrites } from '../read-your-writes.js';
import { GetDeadlinesHandler } from './get-deadlines.handler.js';
import { GetDeadlinesQuery } from './get-deadlines.query.js';

const deadlines: DeadlinesDocument = {
  blocId: BLOC,
  year: YEAR,
  members: ['y-te', 'da-roi'],
  deadlines: [
    { kind: 'reporting', period: '2017-H1', due: '2017-07-05T10:00:00.000Z', passed: true },
    { kind: 'review', period: null, due: '2018-01-15T10:00:00.000Z', passed: false },
  ],
  completions: [
    { kind: 'reporting', period: '2017-Q1', unitId: 'da-roi', late: false },
    { kind: 'reporting', period: '2017-H1', unitId: 'y-te', late: true },
    { kind: 'review', period: null, unitId: null, late: false },
  ],
};

/** The held read models, with this bloc-year's deadlines. */
function withDeadlines(): ReadYourWrites {
  return {
    readModelsCaughtUp: async () => {
      const documents = await heldReadModels().readModelsCaughtUp();
      return {
        ...documents,
        deadlinesDocument: async (blocId: string, year: number) => {
          if (blocId !== BLOC || year !== YEAR) throw new Error(`no deadlines ${blocId} ${year} held`);
          return deadlines;
        },
      } as unknown as ReadModelDocuments;
    },
  } as unknown as ReadYourWrites;
}

describe('GetDeadlinesHandler', () => {
  const handler = new GetDeadlinesHandler(withDeadlines());
  const get = (reader: Actor) => handler.execute(new GetDeadlinesQuery(BLOC, YEAR, reader));

  it("given deadlines held, when a reader asks, then each member's progress: done, late, or missed once passed; the review is the bloc's", async () => {
    for (const reader of [readers.board, readers.auditor, readers.member, readers.formerMember]) {
      await expect(get(reader)).resolves.toEqual([
        {
          kind: 'reporting',
          period: '2017-H1',
          due: '2017-07-05T10:00:00.000Z',
          status: 'passed',
          units: [
            { unitId: 'y-te', done: true, late: true },
            // A report for another period does not count; the deadline passed without one.
            { unitId: 'da-roi', done: false, late: true },
          ],
        },
        {
          kind: 'review',
          period: null,
          due: '2018-01-15T10:00:00.000Z',
          status: 'open',
          units: [
            { unitId: 'y-te', done: true, late: false },
            { unitId: 'da-roi', done: true, late: false },
          ],
        },
      ]);
    }
  });

  it('when an officer of another bloc asks, then FORBIDDEN', async () => {
    await expect(get(readers.outsider)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
