import { describe, expect, it } from '@jest/globals';
import type { Actor } from '@app/domain';
import type { NominationDocument, ReadModelDocuments } from '@app/projections';
import type { ReadYourWrites } from '../read-your-writes.js';
import { BLOC, heldReadModels, readers, YEAR } from '../../testing/held-read-models.js';
import { ListNominationsHandler } from './list-nominations.handler.js';
import { ListNominationsQuery } from './list-nominations.query.js';
import type { ListNominationsDto } from './list-nominations.dto.js';

const nomination = (blocId: string, province: string, unitId: string, status: NominationDocument['status']) =>
  ({
    nominationId: `${blocId}:${YEAR}:certificate-of-merit:${unitId}`,
    blocId,
    year: YEAR,
    province,
    unitId,
    unitName: `Unit ${unitId}`,
    award: 'certificate-of-merit',
    status,
    documents: [],
    history: [{ type: 'NominationSubmitted', at: '2018-02-01T08:00:00.000Z', by: 'y-te-officer' }],
  }) satisfies NominationDocument;

const ours = nomination(BLOC, 'Kiên Giang', 'da-roi', 'forwarded');
const theirs = nomination('ag-khoi-1', 'An Giang', 'so-ag', 'submitted');

/** The held read models with one nomination in each of the two provinces. */
async function held(): Promise<ReadYourWrites> {
  const documents = await heldReadModels().readModelsCaughtUp();
  const withNominations = Object.assign(Object.create(documents) as ReadModelDocuments, {
    nominationDocuments: async () => [theirs, ours],
  });
  return { readModelsCaughtUp: async () => withNominations } as unknown as ReadYourWrites;
}

describe('ListNominationsHandler', () => {
  const list = async (reader: Actor, filter: ListNominationsDto = {}) =>
    new ListNominationsHandler(await held()).execute(new ListNominationsQuery(filter, reader));
  const ids = async (reader: Actor, filter: ListNominationsDto = {}) =>
    (await list(reader, filter)).map((view) => view.nominationId);

  it('gives the national board and auditors every nomination, filtered by province, year, bloc and status', async () => {
    expect(await ids(readers.board)).toEqual([theirs.nominationId, ours.nominationId]);
    expect(await ids(readers.auditor, { province: 'Kiên Giang' })).toEqual([ours.nominationId]);
    expect(await ids(readers.board, { blocId: BLOC, year: YEAR })).toEqual([ours.nominationId]);
    expect(await ids(readers.board, { status: 'submitted' })).toEqual([theirs.nominationId]);
    expect(await ids(readers.board, { year: YEAR + 1 })).toEqual([]);
    expect((await list(readers.board, { blocId: BLOC }))[0]).toMatchObject({
      blocId: BLOC,
      year: YEAR,
      unitId: 'da-roi',
      award: 'certificate-of-merit',
      status: 'forwarded',
      history: ours.history,
    });
  });

  it("holds a province-scoped board to its province's nominations, and refuses another province or its bloc", async () => {
    expect(await ids(readers.boardOfAnGiang)).toEqual([theirs.nominationId]);
    await expect(list(readers.boardOfAnGiang, { province: 'Kiên Giang' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(list(readers.boardOfAnGiang, { blocId: BLOC })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it("gives a unit its bloc's nominations (and those of a year it competed in), and refuses another bloc", async () => {
    expect(await ids(readers.member)).toEqual([ours.nominationId]);
    expect(await ids(readers.formerMember)).toEqual([ours.nominationId]);
    expect(await ids(readers.outsider)).toEqual([theirs.nominationId]);
    await expect(list(readers.member, { blocId: 'ag-khoi-1' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
