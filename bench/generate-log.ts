/**
 * Writes a synthetic but valid log into a SQLite event store: `blocs` blocs of eight units
 * living `years` annual cycles each, from opening to closing, with the rules the deciders
 * enforce (every criterion scored before finalizing, the leading unit at the top of the
 * ranking, leaders elected by rotation with a majority, members changing between years).
 * Blocs advance through each phase together, so their events interleave in the log as real
 * traffic would. Events go through the store's own append (group commit, hash chain).
 *
 * `node dist/bench/generate-log.js --events 50000 --file /tmp/events.sqlite`
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import {
  blocStream,
  computeStandings,
  countIndicators,
  cycleStream,
  EVENT_SCHEMA_VERSIONS,
  proposeLeadership,
  unitCycleStream,
  unitsTiedAtTop,
  type CriterionPoints,
  type DomainEvent,
  type Framework,
  type IndicatorReport,
  type IndicatorTarget,
  type LeadershipPolicy,
  type LeadershipTerm,
  type Member,
} from '@app/domain';
import { SqliteEventStore, type Actor, type EventStore } from '@app/event-store';

const UNITS_PER_BLOC = 8;
const INDICATORS_PER_UNIT = 3;
const FIRST_YEAR = 2016;

const POLICY: LeadershipPolicy = {
  rotation: 'strict',
  noConsecutiveLeader: true,
  tieBreak: ['content:1', 'indicatorsExceeded'],
};

const FRAMEWORK: Framework = {
  contents: [
    {
      code: '1',
      title: 'Thực hiện nhiệm vụ chính trị được giao',
      criteria: [
        { code: '1.1', title: 'Chỉ tiêu định lượng được giao', maxPoints: 250, kind: 'standard' },
        { code: '1.2', title: 'Phong trào thi đua chuyên đề', maxPoints: 150, kind: 'standard' },
        { code: '1.3', title: 'Cải cách hành chính', maxPoints: 150, kind: 'standard' },
        { code: '1.4', title: 'Chuyển đổi số', maxPoints: 100, kind: 'standard' },
        { code: '1.B', title: 'Điểm thưởng nội dung 1', maxPoints: 40, kind: 'bonus' },
      ],
    },
    {
      code: '2',
      title: 'Xây dựng Đảng, chính quyền, đoàn thể',
      criteria: [
        { code: '2.1', title: 'Tổ chức cơ sở Đảng', maxPoints: 80, kind: 'standard' },
        { code: '2.2', title: 'Cơ quan, công chức', maxPoints: 60, kind: 'standard' },
        { code: '2.3', title: 'Đoàn thể', maxPoints: 60, kind: 'standard' },
      ],
    },
    {
      code: '3',
      title: 'Công tác thi đua, khen thưởng',
      criteria: [
        { code: '3.1', title: 'Phát động, tổ chức phong trào', maxPoints: 50, kind: 'standard' },
        { code: '3.2', title: 'Báo cáo, hồ sơ khen thưởng', maxPoints: 50, kind: 'standard' },
        { code: '3.B', title: 'Điểm thưởng nội dung 3', maxPoints: 10, kind: 'bonus' },
        { code: '3.P', title: 'Điểm trừ: báo cáo trễ hạn', maxPoints: 10, kind: 'penalty' },
      ],
    },
  ],
};
const CRITERIA = FRAMEWORK.contents.flatMap((content) => content.criteria);
/** Standard criteria must be awarded to every unit; bonus and penalty ones are optional. */
const AWARDED = CRITERIA.filter((criterion) => criterion.kind !== 'penalty');

/** Events one bloc-year writes with these settings (the generator's unit of size). */
export const EVENTS_PER_BLOC_YEAR =
  1 + // CycleOpened
  UNITS_PER_BLOC * INDICATORS_PER_UNIT + // IndicatorTargetSet
  UNITS_PER_BLOC +
  1 + // PactSigned, PactInForce
  UNITS_PER_BLOC * INDICATORS_PER_UNIT * 2 + // IndicatorReported: H1 and the whole year
  UNITS_PER_BLOC + // SelfAssessmentSubmitted
  1 + // ReviewOpened
  UNITS_PER_BLOC * AWARDED.length + // ScoreAwarded
  2 + // revisions
  5; // ScoringFinalized, LeadingUnitHonored, LeaderElected, DeputyElected, CycleClosed

export interface GenerateLogOptions {
  readonly store: EventStore;
  readonly blocs: number;
  readonly years: number;
  /** Seeds the points and report values, so that two runs write the same facts. */
  readonly seed?: number;
  /** Sets the time the store records: called before each phase. */
  readonly setTime?: (at: Date) => void;
  readonly onProgress?: (events: number) => void;
}

/** Blocs needed for about `events` events over `years` years. */
export function blocsFor(events: number, years: number): number {
  return Math.max(1, Math.round(events / (years * EVENTS_PER_BLOC_YEAR)));
}

interface BlocState {
  readonly blocId: string;
  members: Member[];
  nextUnit: number;
  terms: LeadershipTerm[];
  leader: string;
  deputy: string;
}

interface CycleState {
  readonly bloc: BlocState;
  readonly year: number;
  readonly members: readonly Member[];
  readonly targets: IndicatorTarget[];
  readonly reports: IndicatorReport[];
  readonly awarded: Record<string, Record<string, number>>;
  readonly selfAssessments: Record<string, readonly CriterionPoints[]>;
}

interface Entry {
  readonly event: DomainEvent;
  readonly actor: Actor;
  readonly reason?: string;
}

const BOARD: Actor = { sub: 'board-ktt', name: 'Ban Thi đua - Khen thưởng', role: 'board' };
const officerOf = (unitId: string): Actor => ({ sub: `officer-${unitId}`, role: 'unit', unit: unitId });

/** Writes the log; answers the number of events written. */
export async function generateLog(options: GenerateLogOptions): Promise<number> {
  const random = mulberry32(options.seed ?? 2017);
  const points = (max: number, low = 0.6): number =>
    Math.round((low + random() * (1 - low)) * max * 100) / 100;
  let written = 0;

  /** One append per stream and phase: each event keeps its own actor (and reason). */
  const append = async (streamId: string, entries: readonly Entry[]): Promise<void> => {
    const correlationId = randomUUID();
    await options.store.append(
      streamId,
      entries.map(({ event, actor, reason }) => ({
        id: randomUUID(),
        type: event.type,
        data: event.data,
        metadata: {
          actor,
          correlationId,
          causationId: correlationId,
          ...(reason === undefined ? {} : { reason }),
          schemaVersion: EVENT_SCHEMA_VERSIONS[event.type],
        },
      })),
      { expectedRevision: 'any' },
    );
    written += entries.length;
  };
  const by = (actor: Actor, events: readonly DomainEvent[], reason?: string): Entry[] =>
    events.map((event) => ({ event, actor, reason }));
  /** One phase for every bloc (or bloc-year) at once: their appends share commits. */
  const phase = async <T>(
    at: string,
    items: readonly T[],
    write: (item: T) => Promise<void>,
  ): Promise<void> => {
    options.setTime?.(new Date(at));
    await Promise.all(items.map(write));
    options.onProgress?.(written);
  };

  const blocs: BlocState[] = Array.from({ length: options.blocs }, (_, index) => {
    const blocId = `khoi-${String(index + 1).padStart(4, '0')}`;
    const members = Array.from({ length: UNITS_PER_BLOC }, (_, unit) => ({
      unitId: `${blocId}-don-vi-${unit + 1}`,
      name: `Đơn vị ${unit + 1} khối ${index + 1}`,
    }));
    return {
      blocId,
      members,
      nextUnit: UNITS_PER_BLOC + 1,
      terms: [],
      leader: members[0].unitId,
      deputy: members[1].unitId,
    };
  });

  await phase(`${FIRST_YEAR - 1}-12-01T02:00:00.000Z`, blocs, (bloc) =>
    append(
      blocStream(bloc.blocId),
      by(BOARD, [
        {
          type: 'BlocRegistered',
          data: {
            blocId: bloc.blocId,
            name: `Khối thi đua số ${bloc.blocId}`,
            province: 'Kiên Giang',
            members: bloc.members,
            policy: POLICY,
          },
        },
      ]),
    ),
  );

  for (let year = FIRST_YEAR; year < FIRST_YEAR + options.years; year++) {
    const cycles: CycleState[] = blocs.map((bloc) => ({
      bloc,
      year,
      members: bloc.members,
      targets: [],
      reports: [],
      awarded: {},
      selfAssessments: {},
    }));
    const ids = (cycle: CycleState) => ({ blocId: cycle.bloc.blocId, year: cycle.year });

    await phase(`${year}-01-05T02:00:00.000Z`, cycles, async (cycle) => {
      const { bloc } = cycle;
      const targets = cycle.members.flatMap((member) =>
        Array.from({ length: INDICATORS_PER_UNIT }, (_, index) => {
          const target: IndicatorTarget = {
            unitId: member.unitId,
            code: `CT${index + 1}`,
            direction: index === 2 ? 'decrease' : 'increase',
            target: Math.round(50 + random() * 50),
          };
          cycle.targets.push(target);
          return target;
        }),
      );
      await append(
        cycleStream(bloc.blocId, year),
        by(BOARD, [
          {
            type: 'CycleOpened',
            data: {
              ...ids(cycle),
              framework: FRAMEWORK,
              members: cycle.members,
              leader: bloc.leader,
              deputy: bloc.deputy,
              policy: POLICY,
              leadershipHistory: bloc.terms,
            },
          },
          ...targets.map((target): DomainEvent => ({
            type: 'IndicatorTargetSet',
            data: {
              ...ids(cycle),
              ...target,
              title: `Chỉ tiêu ${target.code}`,
              criterion: '1.1',
              measure: '%',
            },
          })),
        ]),
      );
      bloc.terms = [...bloc.terms, { year, leader: bloc.leader, deputy: bloc.deputy }];
    });

    await phase(`${year}-01-20T02:00:00.000Z`, cycles, async (cycle) => {
      const signatures = cycle.members.flatMap((member) =>
        by(officerOf(member.unitId), [
          {
            type: 'PactSigned',
            data: { ...ids(cycle), unitId: member.unitId, signatory: { title: 'Giám đốc' } },
          },
        ]),
      );
      const lastSigner = signatures[signatures.length - 1].actor;
      await append(cycleStream(cycle.bloc.blocId, year), [
        ...signatures,
        ...by(lastSigner, [{ type: 'PactInForce', data: ids(cycle) }]),
      ]);
    });

    for (const period of [`${year}-H1`, `${year}`]) {
      await phase(
        period.endsWith('H1') ? `${year}-07-10T02:00:00.000Z` : `${year}-12-20T02:00:00.000Z`,
        cycles,
        async (cycle) => {
          await Promise.all(
            cycle.members.map(async (member) => {
              const reports = cycle.targets
                .filter((target) => target.unitId === member.unitId)
                .map((target): IndicatorReport => {
                  const ratio = 0.9 + random() * 0.25;
                  const value =
                    Math.round(
                      (target.direction === 'increase' ? target.target * ratio : target.target / ratio) * 10,
                    ) / 10;
                  return { unitId: member.unitId, indicator: target.code, period, value };
                });
              cycle.reports.push(...reports);
              const events = reports.map((report): DomainEvent => ({
                type: 'IndicatorReported',
                data: { ...ids(cycle), ...report },
              }));
              if (period === `${year}`) {
                const scores = AWARDED.map((criterion) => ({
                  criterion: criterion.code,
                  points: points(criterion.maxPoints, 0.8),
                }));
                cycle.selfAssessments[member.unitId] = scores;
                events.push({
                  type: 'SelfAssessmentSubmitted',
                  data: { ...ids(cycle), unitId: member.unitId, scores },
                });
              }
              await append(
                unitCycleStream(cycle.bloc.blocId, year, member.unitId),
                by(officerOf(member.unitId), events),
              );
            }),
          );
        },
      );
    }

    await phase(`${year + 1}-01-10T01:00:00.000Z`, cycles, async (cycle) => {
      const { bloc } = cycle;
      // The deputy scores the leader's own unit: no one scores their own unit.
      const scorerFor = (unitId: string): Actor =>
        officerOf(unitId === bloc.leader ? bloc.deputy : bloc.leader);
      const entries = by(officerOf(bloc.leader), [
        {
          type: 'ReviewOpened',
          data: { ...ids(cycle), meetingDate: `${year + 1}-01-12`, venue: 'Hội trường khối' },
        },
      ]);
      for (const member of cycle.members) {
        const awards = AWARDED.map((criterion) => ({
          criterion: criterion.code,
          points: points(criterion.maxPoints),
        }));
        cycle.awarded[member.unitId] = Object.fromEntries(
          awards.map((award) => [award.criterion, award.points]),
        );
        entries.push(
          ...by(
            scorerFor(member.unitId),
            awards.map((award) => ({
              type: 'ScoreAwarded',
              data: { ...ids(cycle), unitId: member.unitId, ...award },
            })),
          ),
        );
      }
      for (const member of cycle.members.slice(2, 4)) {
        const criterion = CRITERIA[0];
        const previousPoints = cycle.awarded[member.unitId][criterion.code];
        const revised = points(criterion.maxPoints);
        cycle.awarded[member.unitId] = { ...cycle.awarded[member.unitId], [criterion.code]: revised };
        entries.push(
          ...by(
            scorerFor(member.unitId),
            [
              {
                type: 'ScoreAwarded',
                data: {
                  ...ids(cycle),
                  unitId: member.unitId,
                  criterion: criterion.code,
                  points: revised,
                  previousPoints,
                },
              },
            ],
            'Rà soát lại minh chứng tại hội nghị',
          ),
        );
      }
      await append(cycleStream(bloc.blocId, year), entries);
    });

    await phase(`${year + 1}-01-12T09:00:00.000Z`, cycles, async (cycle) => {
      const { bloc } = cycle;
      const rows = computeStandings({
        members: cycle.members,
        framework: FRAMEWORK,
        awarded: cycle.awarded,
        indicators: countIndicators(cycle.targets, cycle.reports, year),
        selfAssessments: cycle.selfAssessments,
        tieBreak: POLICY.tieBreak,
      });
      const leadingUnit = unitsTiedAtTop(rows)[0];
      // Between years a unit may leave and another join: next year's candidates.
      const leaving =
        year % 3 === 0
          ? bloc.members.find((m) => m.unitId !== bloc.leader && m.unitId !== leadingUnit)
          : undefined;
      const nextMembers =
        leaving === undefined ? bloc.members : bloc.members.filter((member) => member !== leaving);
      const proposal = proposeLeadership({
        members: nextMembers,
        currentLeader: bloc.leader,
        leadingUnit,
        ranking: rows.map((row) => row.unitId),
        history: bloc.terms,
        policy: POLICY,
      });
      const votes = { for: cycle.members.length - 1, against: 0, abstain: 1 };
      const leader = proposal.leader.unitId ?? bloc.leader;
      const deputy = proposal.deputy.unitId ?? bloc.deputy;
      await append(
        cycleStream(bloc.blocId, year),
        by(officerOf(bloc.leader), [
          { type: 'ScoringFinalized', data: ids(cycle) },
          { type: 'LeadingUnitHonored', data: { ...ids(cycle), unitId: leadingUnit, votes } },
          { type: 'LeaderElected', data: { ...ids(cycle), forYear: year + 1, unitId: leader, votes } },
          { type: 'DeputyElected', data: { ...ids(cycle), forYear: year + 1, unitId: deputy, votes } },
          { type: 'CycleClosed', data: ids(cycle) },
        ]),
      );
      if (leaving !== undefined) {
        const joining = { unitId: `${bloc.blocId}-don-vi-${bloc.nextUnit}`, name: `Đơn vị ${bloc.nextUnit}` };
        bloc.nextUnit++;
        await append(blocStream(bloc.blocId), [
          ...by(
            BOARD,
            [
              {
                type: 'MemberWithdrawn',
                data: { blocId: bloc.blocId, unitId: leaving.unitId, reason: 'Sáp nhập đơn vị' },
              },
            ],
            'Sáp nhập đơn vị',
          ),
          ...by(BOARD, [{ type: 'MemberAdmitted', data: { blocId: bloc.blocId, ...joining } }]),
        ]);
        bloc.members = [...nextMembers, joining];
      }
      bloc.leader = leader;
      bloc.deputy = deputy;
    });
  }
  return written;
}

/** A small deterministic generator (mulberry32): the same seed writes the same values. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Opens (or creates) the store file with a clock the generator moves phase by phase. */
export async function generateLogFile(file: string, events: number, years = 10): Promise<number> {
  let now = Date.parse(`${FIRST_YEAR}-01-01T00:00:00.000Z`);
  const store = await SqliteEventStore.open({ file, now: () => new Date(now++) });
  try {
    const blocs = blocsFor(events, years);
    const started = performance.now();
    const written = await generateLog({
      store,
      blocs,
      years,
      setTime: (at) => (now = Math.max(now, at.getTime())),
      onProgress: (count) => {
        if (process.stdout.isTTY)
          process.stdout.write(`\r  generating: ${count.toLocaleString('en-US')} events`);
      },
    });
    if (process.stdout.isTTY) process.stdout.write('\n');
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `generated ${written.toLocaleString('en-US')} events (${blocs} blocs x ${years} years) in ${seconds.toFixed(1)} s into ${file}`,
    );
    return written;
  } finally {
    await store.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: {
      events: { type: 'string', default: '1000000' },
      years: { type: 'string', default: '10' },
      file: { type: 'string' },
    },
  });
  if (values.file === undefined)
    throw new Error('usage: generate-log.js --file <events.sqlite> [--events N] [--years Y]');
  await generateLogFile(values.file, Number(values.events), Number(values.years));
}
