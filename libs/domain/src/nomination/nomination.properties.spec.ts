/**
 * A nomination's life driven by generated sequences of commands from the board, the bloc's
 * leadership and others: every accepted command moves it along DOMAIN.md's steps (appraisal,
 * resubmission of a returned dossier, the council's vote, the chairman's decision, annulment),
 * the council passes it exactly when two thirds of all its members vote for, only the board
 * appraises, records votes and decisions, and every refusal is a DomainError. A fixed seed
 * (PROPERTY_SEED overrides it) keeps a failure reproducible.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { propertyRuns } from '../testing/generated-bloc.js';
import type { CommandMetadata } from '../decider.js';
import { DomainError } from '../domain.error.js';
import { boardOfficer, officerOf } from '../testing/reference-case.js';
import type { NominationCommand } from './nomination.commands.js';
import { nominationDecider } from './nomination.decider.js';
import type { DossierDocument, NominationEvent } from './nomination.events.js';
import type { NominationStatus } from './nomination.state.js';

const PARAMETERS = propertyRuns(300);

/** DOMAIN.md "From the bloc to the province": the steps a nomination may take from each status. */
const NEXT: Readonly<Record<NominationStatus, readonly NominationStatus[]>> = {
  submitted: ['returned', 'forwarded'],
  returned: ['submitted'],
  forwarded: ['approved', 'rejected'],
  approved: ['conferred'],
  rejected: [],
  conferred: ['annulled'],
  annulled: [],
};

const AT = '2018-02-01T09:00:00.000Z';
const dossier: DossierDocument[] = [{ kind: 'submission', title: 'Tờ trình', sha256: 'a'.repeat(64) }];
const submitted: NominationEvent = {
  type: 'NominationSubmitted',
  data: {
    nominationId: 'k4:2017:emulation-flag:so-c',
    blocId: 'k4',
    year: 2017,
    unitId: 'so-c',
    award: 'emulation-flag',
    at: AT,
    by: 'so-a-officer',
    province: 'Kiên Giang',
    unitName: 'Sở C',
    documents: dossier,
  },
};

const metadata = fc
  .oneof(
    { weight: 4, arbitrary: fc.constant(boardOfficer) },
    { weight: 2, arbitrary: fc.constantFrom('so-a', 'so-b', 'so-c', 'so-x').map(officerOf) },
  )
  .map((actor): CommandMetadata => ({ actor, at: AT }));

const command: fc.Arbitrary<NominationCommand> = fc.oneof(
  fc.record({
    type: fc.constant('AppraiseNomination' as const),
    data: fc.record({
      outcome: fc.constantFrom('forwarded' as const, 'returned' as const),
      reason: fc.constant('hồ sơ'),
    }),
    metadata,
  }),
  fc.record({
    type: fc.constant('ResubmitNomination' as const),
    data: fc.constant({ documents: dossier, note: 'bổ sung' }),
    metadata,
    context: fc.constant({ cycle: { leader: 'so-a', deputy: 'so-b' } }),
  }),
  fc
    .tuple(fc.integer({ min: 0, max: 15 }), fc.nat(15), fc.nat(15), fc.nat(15))
    .chain(([councilMembers, f, a, x]) =>
      metadata.map((meta): NominationCommand => ({
        type: 'RecordCouncilVote',
        data: { councilMembers, for: f, against: a, abstain: x },
        metadata: meta,
      })),
    ),
  // A tally the council could have cast (every count within its members), passing or not.
  fc
    .integer({ min: 1, max: 15 })
    .chain((councilMembers) =>
      fc
        .tuple(fc.nat(councilMembers), fc.nat(councilMembers), fc.nat(councilMembers))
        .filter(([f, a, x]) => f + a + x <= councilMembers)
        .map(([f, a, x]) => ({ councilMembers, for: f, against: a, abstain: x })),
    )
    .chain((data) =>
      metadata.map((meta): NominationCommand => ({ type: 'RecordCouncilVote', data, metadata: meta })),
    ),
  // A tally that passes, now and then, so that lives go on to the decision and its annulment.
  fc.integer({ min: 1, max: 15 }).chain((councilMembers) =>
    metadata.map((meta): NominationCommand => ({
      type: 'RecordCouncilVote',
      data: { councilMembers, for: councilMembers, against: 0, abstain: 0 },
      metadata: meta,
    })),
  ),
  fc.record({
    type: fc.constant('ConferHonour' as const),
    data: fc.constant({ decisionNo: '123/QĐ-UBND', decidedOn: '2018-03-01', signedBy: 'Chủ tịch UBND tỉnh' }),
    metadata,
  }),
  fc.record({
    type: fc.constant('AnnulHonour' as const),
    data: fc.constant({ decisionNo: '456/QĐ-UBND', reason: 'khai man' }),
    metadata,
  }),
);

const byBoard: CommandMetadata = { actor: boardOfficer, at: AT };
/** Where a life starts: just submitted, forwarded to the council, or conferred; then any commands. */
const life = fc
  .tuple(fc.constantFrom(0, 1, 2), fc.array(command, { minLength: 1, maxLength: 40 }))
  .map(([reach, rest]): NominationCommand[] => [
    ...(reach >= 1
      ? [
          {
            type: 'AppraiseNomination',
            data: { outcome: 'forwarded', reason: 'đủ hồ sơ' },
            metadata: byBoard,
          } as const,
        ]
      : []),
    ...(reach >= 2
      ? ([
          {
            type: 'RecordCouncilVote',
            data: { councilMembers: 9, for: 7, against: 1, abstain: 1 },
            metadata: byBoard,
          },
          {
            type: 'ConferHonour',
            data: { decisionNo: '123/QĐ-UBND', decidedOn: '2018-03-01', signedBy: 'Chủ tịch UBND tỉnh' },
            metadata: byBoard,
          },
        ] as const)
      : []),
    ...rest,
  ]);

describe("a nomination's life, over generated sequences of commands", () => {
  it('moves only along the steps of DOMAIN.md, by the board where the board decides, the council passing it at two thirds of its members', () => {
    const reached = new Set<NominationStatus>();
    fc.assert(
      fc.property(life, (commands) => {
        let state = nominationDecider.evolve(nominationDecider.initialState(), submitted);
        for (const next of commands) {
          const before = state!.status;
          let events: readonly NominationEvent[];
          try {
            events = nominationDecider.decide(next, state);
          } catch (error) {
            expect(error).toBeInstanceOf(DomainError);
            continue;
          }
          expect(events).toHaveLength(1);
          const [event] = events;
          expect(event!.data).toMatchObject({
            nominationId: submitted.data.nominationId,
            blocId: 'k4',
            year: 2017,
          });
          state = nominationDecider.evolve(state, event!);
          const after = state!.status;
          reached.add(after);
          expect(NEXT[before]).toContain(after);
          const { actor } = next.metadata;
          if (next.type === 'ResubmitNomination') {
            if (actor.role !== 'board') expect(['so-a', 'so-b']).toContain(actor.unit);
          } else {
            expect(actor.role).toBe('board');
          }
          if (next.type === 'RecordCouncilVote') {
            const { councilMembers, for: votesFor, against, abstain } = next.data;
            expect(votesFor + against + abstain).toBeLessThanOrEqual(councilMembers);
            expect(after).toBe(votesFor * 3 >= councilMembers * 2 ? 'approved' : 'rejected');
          }
        }
      }),
      PARAMETERS,
    );
    // The generated lives reach every status.
    expect([...reached].sort()).toEqual(
      (['submitted', 'returned', 'forwarded', 'approved', 'rejected', 'conferred', 'annulled'] as const)
        .slice()
        .sort(),
    );
  });
});
