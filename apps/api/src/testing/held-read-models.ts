/**
 * The "given" of the query slices' specs: read-model documents that hold two blocs of two
 * provinces and one bloc-year (its cycle, standings and leadership), behind a ReadYourWrites
 * already caught up, and the readers who ask them. Any other bloc-year is not held, so a spec
 * sees which one the handler read. Time travel answers with the question it was asked.
 * Specs only (excluded from the build).
 */
import { type Actor, DEFAULT_LEADERSHIP_POLICY } from '@app/domain';
import { boardOfficer, officerOf } from '@app/domain/testing';
import type {
  BlocView,
  LeadershipDocument,
  ReadModelDocuments,
  StandingsDocument,
  StandingsTimeTravel,
} from '@app/projections';
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

/** The 2017 standings, scoring closed (no points: the slices only map them). */
export const standings2017: StandingsDocument = {
  ...cycle2017,
  phase: 'closed',
  framework: { contents: [] },
  tieBreak: [],
  targets: {},
  reports: {},
  awarded: {},
  selfAssessments: {},
  leadingUnit: 'y-te',
  lateReports: {},
};

/** The bloc's leadership: 2017 opened with its pair, nothing elected for 2018 yet. */
export const leadership: LeadershipDocument = {
  blocId: BLOC,
  members: blocs[BLOC]!.members,
  earlierTerms: [],
  years: [{ year: YEAR, leader: 'y-te', deputy: 'da-roi', policy: DEFAULT_LEADERSHIP_POLICY }],
  elections: [],
};

const heldYear = (blocId: string, year: number) => blocId === BLOC && year === YEAR;

export function heldReadModels(): ReadYourWrites {
  const documents = {
    blocDocuments: async () => Object.values(blocs),
    blocDocument: async (blocId: string) => blocs[blocId]!,
    cycleDocument: async (blocId: string, year: number) => {
      if (!heldYear(blocId, year)) throw new Error(`no cycle ${blocId} ${year} held`);
      return cycle2017;
    },
    standingsDocument: async (blocId: string, year: number) => {
      if (!heldYear(blocId, year)) throw new Error(`no standings ${blocId} ${year} held`);
      return standings2017;
    },
    findStandingsDocument: async (blocId: string, year: number) =>
      heldYear(blocId, year) ? standings2017 : undefined,
    leadershipDocument: async (blocId: string) => {
      if (blocId !== BLOC) throw new Error(`no leadership of ${blocId} held`);
      return leadership;
    },
  } as unknown as ReadModelDocuments;
  return { readModelsCaughtUp: async () => documents } as unknown as ReadYourWrites;
}

/** Time travel that answers with the question it was asked. */
export function heldTimeTravel(): StandingsTimeTravel {
  return {
    standingsAsOf: async (...question: unknown[]) => ({ view: 'standingsAsOf', question }),
  } as unknown as StandingsTimeTravel;
}
