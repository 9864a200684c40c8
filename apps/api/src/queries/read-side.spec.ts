import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_LEADERSHIP_POLICY } from '@app/domain';
import { type EventStore, type ReadAllOptions, SqliteEventStore } from '@app/event-store';
import {
  ProjectionEngine,
  RankingNotFinalError,
  ReadModelDocuments,
  ReadModelNotFoundError,
  SqliteReadModelStore,
  StandingsTimeTravel,
  standingsView,
} from '@app/projections';
// The projections' own reference log (spec-only: @app/projections has no testing entry point).
import {
  appendLog,
  referenceCase,
  referenceLog,
  type LoggedEvent,
} from '../../../../libs/projections/src/testing/reference-log.js';
import { blocLeadership } from './get-leadership/bloc-leadership.js';
import { finalRanking } from './get-ranking/final-ranking.js';
import { yearLeadership } from './get-year-leadership/year-leadership.js';
import { allBlocs } from './list-blocs/list-blocs.handler.js';
import { AuditTrail } from './search-audit/audit-trail.js';

const BLOC = referenceCase.bloc.id;
const OTHER = 'kg-khoi-5';

/**
 * The query slices' logic over real stores: the reference case and another bloc projected into
 * SQLite read models, read through ReadModelDocuments, StandingsTimeTravel and the AuditTrail.
 */
describe('the read side over the reference case', () => {
  let dir: string;
  let store: SqliteEventStore;
  let readModels: SqliteReadModelStore;
  let engine: ProjectionEngine;
  let queries: ReturnType<typeof readSideOver>;
  /** The clock stamping `recordedAt`: one minute per event from 12 January 2018, 08:00 UTC. */
  let clock = Date.parse('2018-01-12T08:00:00.000Z');
  const at = (minutes: number): Date => new Date(Date.parse('2018-01-12T08:00:00.000Z') + minutes * 60_000);
  let scoredUntil = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'read-models-'));
    store = await SqliteEventStore.open({
      file: join(dir, 'events.sqlite'),
      now: () => new Date((clock += 60_000)),
    });
    readModels = SqliteReadModelStore.open({ dataDir: dir });
    const closed = referenceLog('closed');
    const scored = referenceLog('scored');
    scoredUntil = scored.length;
    await appendLog(store, scored);
    await appendLog(store, closed.slice(scored.length));
    // Another bloc, stopped before the review; it admits a member and loses one.
    const other: LoggedEvent[] = [
      ...referenceLog('reported', OTHER),
      {
        streamId: `bloc-${OTHER}`,
        event: { type: 'MemberAdmitted', data: { blocId: OTHER, unitId: 'tai-chinh', name: 'Sở Tài chính' } },
      },
      {
        streamId: `bloc-${OTHER}`,
        event: { type: 'MemberWithdrawn', data: { blocId: OTHER, unitId: 'dan-toc', reason: 'merged' } },
      },
    ];
    await appendLog(store, other, { sub: 'officer-9', role: 'unit', unit: 'y-te' });
    engine = new ProjectionEngine({ store, readModels, batchSize: 50 });
    engine.start();
    await engine.catchUp(10_000);
    queries = readSideOver(readModels, store);
  });

  afterAll(async () => {
    await engine.stop();
    await readModels.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the blocs with their current members', async () => {
    const blocs = await queries.blocs();
    expect(blocs.map((bloc) => bloc.id)).toEqual([BLOC, OTHER]);
    expect(blocs[1].members.map((member) => member.unitId)).toEqual([
      'y-te',
      'giao-duc',
      'van-hoa',
      'lao-dong',
      'khoa-hoc',
      'du-lich',
      'tai-chinh',
    ]);
    expect(await queries.bloc(BLOC)).toEqual({
      id: BLOC,
      name: referenceCase.bloc.name,
      province: 'Kiên Giang',
      members: referenceCase.bloc.members,
      policy: DEFAULT_LEADERSHIP_POLICY,
      years: [2017],
    });
  });

  it('shows a cycle with its phase, signatures and leading unit', async () => {
    const cycle = await queries.cycle(BLOC, 2017);
    expect(cycle).toMatchObject({
      blocId: BLOC,
      year: 2017,
      phase: 'closed',
      leader: 'y-te',
      deputy: 'giao-duc',
      leadingUnit: 'lao-dong',
    });
    expect(cycle.members.every((member) => member.signed)).toBe(true);
    expect((await queries.cycle(OTHER, 2017)).phase).toBe('in_force');
  });

  it('answers NOT_FOUND for an unknown bloc or year', async () => {
    await expect(queries.bloc('nope')).rejects.toBeInstanceOf(ReadModelNotFoundError);
    await expect(queries.cycle(BLOC, 2016)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(queries.standings(BLOC, 2019)).rejects.toBeInstanceOf(ReadModelNotFoundError);
    await expect(queries.leadership('nope')).rejects.toBeInstanceOf(ReadModelNotFoundError);
    await expect(queries.leadershipFor(BLOC, 2020)).rejects.toBeInstanceOf(ReadModelNotFoundError);
  });

  it('ranks finally only after scoring is finalized', async () => {
    const ranking = await queries.ranking(BLOC, 2017);
    expect(ranking).toMatchObject({
      blocId: BLOC,
      year: 2017,
      leadingUnit: 'lao-dong',
      runnersUp: ['khoa-hoc', 'y-te'],
    });
    expect(ranking.units.map((row) => row.total)).toEqual(
      referenceCase.expected.ranking.map((row) => row.total),
    );
    await expect(queries.ranking(OTHER, 2017)).rejects.toBeInstanceOf(RankingNotFinalError);
    await expect(queries.ranking(OTHER, 2017)).rejects.toMatchObject({ code: 'WRONG_PHASE' });
    expect(await queries.standings(OTHER, 2017)).toMatchObject({ phase: 'in_force', provisional: true });
  });

  it('shows the leadership history and next year’s elected pair', async () => {
    const leadership = await queries.leadership(BLOC);
    expect(leadership.history).toEqual([{ year: 2017, leader: 'y-te', deputy: 'giao-duc' }]);
    expect(leadership.next).toMatchObject({
      year: 2018,
      status: 'elected',
      leader: 'van-hoa',
      deputy: 'lao-dong',
    });
    expect(await queries.leadershipFor(BLOC, 2017)).toMatchObject({
      status: 'elected',
      leader: 'y-te',
      proposal: null,
    });
    // Before the elections: a proposal among today's members, from the provisional ranking.
    const proposed = await queries.leadershipFor(OTHER, 2018);
    expect(proposed.status).toBe('proposed');
    expect(proposed.proposal?.leader.unitId).toBe('giao-duc');
  });

  it('answers the standings as they were at a past moment', async () => {
    const beforeOpening = at(0);
    await expect(queries.standingsAsOf(BLOC, 2017, beforeOpening)).rejects.toBeInstanceOf(
      ReadModelNotFoundError,
    );
    const whileScoring = await queries.standingsAsOf(BLOC, 2017, at(scoredUntil));
    expect(whileScoring).toMatchObject({ phase: 'review', provisional: true });
    expect(whileScoring.units[0]).toMatchObject({ unitId: 'lao-dong', total: 961.5 });
    const halfScored = await queries.standingsAsOf(BLOC, 2017, at(scoredUntil - 45));
    expect(halfScored.units.map((row) => row.total)).not.toEqual(whileScoring.units.map((row) => row.total));
    expect(await queries.standingsAsOf(BLOC, 2017, at(10_000))).toEqual(await queries.standings(BLOC, 2017));
  });

  it('reads the log only up to the moment asked for, and remembers recent answers', async () => {
    // Counts the events the queries read from the log (not time: a count cannot flake).
    let read = 0;
    const counting = new Proxy(store, {
      get(target, key: keyof SqliteEventStore) {
        if (key === 'readAll') {
          return async (options?: ReadAllOptions) => {
            const page = await target.readAll(options);
            read += page.length;
            return page;
          };
        }
        const value = target[key];
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }) as EventStore;
    const timeTravel = readSideOver(readModels, counting);
    const cycleEvents = (await store.readAll({ streamPrefix: `cycle-${BLOC}:2017` })).length;

    // Event i was recorded at minute i: the registration, the opening, the first target.
    const early = await timeTravel.standingsAsOf(BLOC, 2017, at(3));
    expect(early).toMatchObject({ phase: 'signing', provisional: true });
    expect(read).toBe(2);
    expect(cycleEvents).toBeGreaterThan(100);

    read = 0;
    const scoring = await timeTravel.standingsAsOf(BLOC, 2017, at(scoredUntil));
    expect(scoring.units[0]).toMatchObject({ unitId: 'lao-dong', total: 961.5 });
    expect(read).toBe(scoredUntil - 1);

    // Any moment before the next event selects the same events: answered from memory.
    read = 0;
    expect(await timeTravel.standingsAsOf(BLOC, 2017, new Date(at(3).getTime() + 30_000))).toEqual(early);
    expect(await timeTravel.standingsAsOf(BLOC, 2017, at(scoredUntil))).toEqual(scoring);
    expect(read).toBe(0);
  });

  it('reads what the audit index has not reached yet, from the log', async () => {
    // A read-model store whose projections never ran: the index holds nothing yet.
    const emptyDir = mkdtempSync(join(tmpdir(), 'read-models-lagging-'));
    const lagging = SqliteReadModelStore.open({ dataDir: emptyDir });
    try {
      const timeTravel = readSideOver(lagging, store);
      for (const minute of [3, scoredUntil - 45, scoredUntil, 10_000]) {
        expect(await timeTravel.standingsAsOf(BLOC, 2017, at(minute))).toEqual(
          await queries.standingsAsOf(BLOC, 2017, at(minute)),
        );
      }
    } finally {
      await lagging.close();
      rmSync(emptyDir, { recursive: true, force: true });
    }
  });

  it('pages the audit trail from the index with a cursor', async () => {
    const all: number[] = [];
    let after: number | undefined;
    for (;;) {
      const page = await queries.searchAudit({ blocId: BLOC, year: 2017, limit: 40, after });
      all.push(...page.items.map((event) => event.position));
      if (page.next === null) break;
      expect(page.items).toHaveLength(40);
      after = page.next;
    }
    const expected = (await store.readAll({ streamPrefix: `cycle-${BLOC}:2017` })).map(
      (event) => event.position,
    );
    expect(all).toEqual(expected);

    const byUnit = await queries.searchAudit({ unitId: 'van-hoa', types: ['ScoreAwarded'], limit: 1000 });
    expect(byUnit.items).toHaveLength(
      referenceCase.scores.filter((score) => score.unitId === 'van-hoa').length,
    );
    expect(byUnit.next).toBeNull();
    expect(byUnit.items[0]).toMatchObject({
      type: 'ScoreAwarded',
      streamId: `cycle-${BLOC}:2017`,
      metadata: { actor: { sub: 'board-officer' } },
    });

    const byActor = await queries.searchAudit({ actor: 'officer-9', from: at(0), limit: 1000 });
    expect(byActor.items).toHaveLength(referenceLog('reported', OTHER).length + 2);
    expect(byActor.items.every((event) => (event.data as { blocId: string }).blocId === OTHER)).toBe(true);
    const firstTen = await queries.searchAudit({ from: at(1), to: at(10), limit: 1000 });
    expect(firstTen.items.map((event) => event.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });
});

/** The nine queries' logic as the slices run it, over one read-model store and log. */
function readSideOver(readModels: SqliteReadModelStore, store: EventStore) {
  const documents = new ReadModelDocuments(readModels);
  const timeTravel = new StandingsTimeTravel(readModels, store);
  const trail = new AuditTrail(readModels, store);
  return {
    blocs: () => allBlocs(documents),
    bloc: async (blocId: string) => {
      const { id, name, province, members, policy, years } = await documents.blocDocument(blocId);
      return { id, name, province, members, policy, years };
    },
    cycle: (blocId: string, year: number) => documents.cycleDocument(blocId, year),
    standings: async (blocId: string, year: number) =>
      standingsView(await documents.standingsDocument(blocId, year)),
    standingsAsOf: (blocId: string, year: number, asOf: Date) => timeTravel.standingsAsOf(blocId, year, asOf),
    ranking: (blocId: string, year: number) => finalRanking(documents, blocId, year),
    leadership: (blocId: string) => blocLeadership(documents, blocId),
    leadershipFor: (blocId: string, year: number) => yearLeadership(documents, blocId, year),
    searchAudit: (query: Parameters<AuditTrail['searchAudit']>[0]) => trail.searchAudit(query),
  };
}
