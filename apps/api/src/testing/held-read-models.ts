/**
 * The "given" of the query slices' specs: read models that hold two blocs of two provinces and
 * one cycle, behind a ReadYourWrites already caught up, and the readers who ask them. Every
 * other view answers with the question it was asked, so a spec sees which one the handler
 * asked for. Specs only (excluded from the build).
 */
import { type Actor, DEFAULT_LEADERSHIP_POLICY } from '@app/domain';
import { boardOfficer, officerOf } from '@app/domain/testing';
import type { BlocView, ReadSideQueries } from '@app/projections';
import type { ReadYourWrites } from '../queries/read-your-writes.js';

export const BLOC = 'kg-khoi-4';
export const YEAR = 2017;
const OTHER_BLOC = 'ag-khoi-1';

export const blocs: Readonly<Record<string, BlocView>> = {
  [BLOC]: {
    id: BLOC,
    name: 'Khối 4',
    province: 'Kiên Giang',
    members: [{ unitId: 'y-te', name: 'Sở Y tế' }],
    policy: DEFAULT_LEADERSHIP_POLICY,
    years: [YEAR],
  },
  [OTHER_BLOC]: {
    id: OTHER_BLOC,
    name: 'Khối 1',
    province: 'An Giang',
    members: [{ unitId: 'so-ag', name: 'Sở An Giang' }],
    policy: DEFAULT_LEADERSHIP_POLICY,
    years: [],
  },
};

/** The 2017 cycle had a member that has since left the bloc. */
export const cycle2017 = {
  blocId: BLOC,
  year: YEAR,
  members: [
    { unitId: 'y-te', name: 'Sở Y tế' },
    { unitId: 'da-roi', name: 'Sở đã rời khối' },
  ],
};

export const readers = {
  board: boardOfficer,
  auditor: { role: 'auditor', sub: 'inspector' } as Actor,
  member: officerOf('y-te'),
  formerMember: officerOf('da-roi'),
  /** An officer of a unit of another bloc. */
  outsider: officerOf('so-ag'),
  boardOfAnGiang: { role: 'board', sub: 'ag-board', province: 'An Giang' } as Actor,
};

/** What a view that only echoes its question answers. */
const asked =
  (view: string) =>
  async (...question: unknown[]) => ({ view, question });

export function heldReadModels(): ReadYourWrites {
  const readModels = {
    blocs: async () =>
      Object.values(blocs).map(({ id, name, province, members }) => ({ id, name, province, members })),
    bloc: async (blocId: string) => blocs[blocId]!,
    cycle: async (blocId: string, year: number) => {
      if (blocId !== BLOC || year !== YEAR) throw new Error(`no cycle ${blocId} ${year} held`);
      return cycle2017;
    },
    standings: asked('standings'),
    standingsAsOf: asked('standingsAsOf'),
    ranking: asked('ranking'),
    leadership: asked('leadership'),
    leadershipFor: asked('leadershipFor'),
  } as unknown as ReadSideQueries;
  return { readModelsCaughtUp: async () => readModels } as unknown as ReadYourWrites;
}
