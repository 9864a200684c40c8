/**
 * The reference case, Kiên Giang bloc 4 in 2017, played through the three deciders as the
 * bloc lived it: every command by the principal who would issue it, every rule in force.
 */
import { describe, expect, it } from '@jest/globals';
import { blocDecider, type BlocState } from './bloc/bloc.decider.js';
import type { CycleCommand } from './cycle/cycle.commands.js';
import { cycleDecider } from './cycle/cycle.decider.js';
import { standingsOf } from './cycle/cycle.standings.js';
import { type CycleState, leadershipHistoryAfter } from './cycle/cycle.state.js';
import type { CommandMetadata, Decider } from './decider.js';
import { proposeLeadership } from './leadership.js';
import { byBoard, byUnit } from './testing/actors.js';
import { thrownCode, type Unsigned } from './testing/decider-spec.js';
import { readReferenceCase } from './testing/reference-case.js';
import { unitCycleDecider, type UnitCycleState } from './unit-cycle/unit-cycle.decider.js';

const ref = readReferenceCase();

/** A stream in memory: decide against the folded state, append what was decided. */
class Stream<Command, Event, State> {
  private readonly events: Event[] = [];
  constructor(private readonly decider: Decider<Command, Event, State>) {}

  get state(): State {
    return this.events.reduce((s, e) => this.decider.evolve(s, e), this.decider.initialState());
  }

  handle(command: Command): readonly Event[] {
    const decided = this.decider.decide(command, this.state);
    this.events.push(...decided);
    return decided;
  }
}

const cycleCommand = (command: Unsigned<CycleCommand>, metadata: CommandMetadata) =>
  ({ ...command, metadata }) as CycleCommand;

describe('the reference case: Kiên Giang bloc 4, 2017', () => {
  const bloc = new Stream(blocDecider);
  const cycle = new Stream(cycleDecider);
  const units = new Map(ref.bloc.members.map((m) => [m.unitId, new Stream(unitCycleDecider)]));
  const unitStates = (): Record<string, UnitCycleState> =>
    Object.fromEntries([...units].map(([id, s]) => [id, s.state]));
  const openedCycle = (): CycleState => {
    const state = cycle.state;
    if (state === null) throw new Error('the cycle is not open');
    return state;
  };
  const leader = byUnit(ref.cycle.leader);

  it('registers the bloc and opens 2017 with Sở Y tế leading', () => {
    bloc.handle({
      type: 'RegisterBloc',
      data: {
        blocId: ref.bloc.id,
        name: ref.bloc.name,
        province: ref.bloc.province,
        members: ref.bloc.members,
      },
      metadata: byBoard(),
    });
    const events = cycle.handle(
      cycleCommand(
        {
          type: 'OpenCycle',
          data: {
            blocId: ref.bloc.id,
            year: 2017,
            framework: ref.cycle.framework,
            leader: ref.cycle.leader,
            deputy: ref.cycle.deputy,
          },
          context: { bloc: bloc.state as BlocState, previous: null, leadershipHistory: [] },
        },
        byBoard(),
      ),
    );
    expect(events.map((e) => e.type)).toEqual(['CycleOpened']);
  });

  it("sets the targets (the leader's staff; the deputy's for the leader's own), and each unit signs its own pact", () => {
    for (const { unitId, code, title, criterion, measure, direction, target } of ref.targets) {
      cycle.handle(
        cycleCommand(
          {
            type: 'SetIndicatorTarget',
            data: { unitId, code, title, criterion, measure, direction, target },
          },
          unitId === ref.cycle.leader ? byUnit(ref.cycle.deputy) : leader,
        ),
      );
    }
    const decided = ref.signatures.map(({ unitId, signatory }) =>
      cycle
        .handle(cycleCommand({ type: 'SignPact', data: { unitId, signatory } }, byUnit(unitId)))
        .map((e) => e.type),
    );
    expect(decided.at(-1)).toEqual(['PactSigned', 'PactInForce']);
    expect(openedCycle().phase).toBe('in_force');
  });

  it('records each unit’s reports in its own stream', () => {
    for (const { unitId, indicator, period, value } of ref.reports) {
      units.get(unitId)?.handle({
        type: 'ReportIndicator',
        data: { unitId, indicator, period, value },
        context: { cycle: openedCycle() },
        metadata: byUnit(unitId),
      });
    }
    expect(unitStates()['lao-dong'].reports).toHaveLength(5);
  });

  it("scores at the review of 12 January 2018, the deputy scoring the leader's own unit", () => {
    cycle.handle(cycleCommand({ type: 'OpenReview', data: ref.review }, leader));
    for (const { unitId, criterion, points } of ref.scores) {
      const scorer = unitId === ref.cycle.leader ? byUnit(ref.cycle.deputy) : leader;
      if (unitId === ref.cycle.leader) {
        expect(
          thrownCode(() =>
            cycle.handle(cycleCommand({ type: 'AwardScore', data: { unitId, criterion, points } }, leader)),
          ),
        ).toBe('FORBIDDEN');
      }
      cycle.handle(cycleCommand({ type: 'AwardScore', data: { unitId, criterion, points } }, scorer));
    }
    cycle.handle(cycleCommand({ type: 'FinalizeScoring', data: {} }, leader));
    expect(openedCycle().phase).toBe('finalized');
  });

  it('ranks Labour first with 961.5, Science second with 961, Culture last with 831.3', () => {
    const rows = standingsOf(openedCycle(), unitStates());
    expect(
      rows.map(({ rank, unitId, total, byContent, indicators }) => ({
        rank,
        unitId,
        total,
        byContent,
        indicators,
      })),
    ).toEqual(ref.expected.ranking);
  });

  it('honours Sở Lao động - Thương binh và Xã hội, and no one else, as the leading unit', () => {
    const honor = (unitId: string) =>
      cycle.handle(
        cycleCommand(
          { type: 'HonorLeadingUnit', data: { unitId }, context: { units: unitStates() } },
          leader,
        ),
      );
    expect(thrownCode(() => honor('khoa-hoc'))).toBe('NOT_TOP_RANKED');
    expect(honor(ref.leadingUnit).map((e) => e.type)).toEqual(['LeadingUnitHonored']);
  });

  it('elects Sở Văn hóa và Thể thao leader and Labour deputy for 2018, under strict rotation', () => {
    const state = openedCycle();
    const proposal = proposeLeadership({
      members: state.members,
      currentLeader: state.leader,
      leadingUnit: state.leadingUnit,
      ranking: standingsOf(state, unitStates()).map((row) => row.unitId),
      history: leadershipHistoryAfter(state),
      policy: state.policy,
    });
    // The rotation proposes the first never-led member; every never-led member is electable.
    expect(proposal.leader.unitId).toBe('giao-duc');
    expect(proposal.deputy.unitId).toBe(ref.expected.leadership2018.deputy);
    const elect = (
      role: 'leader' | 'deputy',
      unitId: string,
      votes = { for: 7, against: 0, abstain: 0 },
      by = leader,
    ) => cycle.handle(cycleCommand({ type: 'Elect', data: { role, unitId, votes } }, by));
    // Its own staff may not record it; for anyone else the rule refuses a second term.
    expect(thrownCode(() => elect('leader', 'y-te'))).toBe('FORBIDDEN');
    expect(thrownCode(() => elect('leader', 'y-te', undefined, byUnit(ref.cycle.deputy)))).toBe(
      'CONSECUTIVE_TERM',
    );
    for (const election of ref.elections) {
      expect(elect(election.role, election.unitId, election.votes).map((e) => e.data)).toEqual([
        { blocId: ref.bloc.id, year: 2017, forYear: 2018, unitId: election.unitId, votes: election.votes },
      ]);
    }
    expect(cycle.handle(cycleCommand({ type: 'CloseCycle', data: {} }, leader)).map((e) => e.type)).toEqual([
      'CycleClosed',
    ]);
  });

  it('opens 2018 with the elected leader and deputy and 2017 in the leadership history', () => {
    const cycle2018 = new Stream(cycleDecider);
    const [opened] = cycle2018.handle(
      cycleCommand(
        {
          type: 'OpenCycle',
          data: { blocId: ref.bloc.id, year: 2018, framework: ref.cycle.framework },
          context: {
            bloc: bloc.state as BlocState,
            previous: openedCycle(),
            leadershipHistory: leadershipHistoryAfter(openedCycle()),
          },
        },
        byBoard(),
      ),
    );
    expect(opened.type).toBe('CycleOpened');
    expect(opened.data).toMatchObject({
      leader: 'van-hoa',
      deputy: 'lao-dong',
      leadershipHistory: [{ year: 2017, leader: 'y-te', deputy: 'giao-duc' }],
    });
  });
});
