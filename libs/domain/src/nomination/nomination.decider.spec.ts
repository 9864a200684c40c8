import { describe, expect, it } from '@jest/globals';
import type { CommandMetadata } from '../decider.js';
import { byAuditor, byBoard, byUnit } from '../testing/actors.js';
import { specOf } from '../testing/decider-spec.js';
import { DomainError } from '../domain.error.js';
import type {
  NominatingCycle,
  NominationCommand,
  SubmitNomination,
  UnitNomination,
} from './nomination.commands.js';
import { nominationDecider } from './nomination.decider.js';
import { runnersUpOf } from './nomination.eligibility.js';
import type { Award, DossierDocument, NominationEvent } from './nomination.events.js';

const spec = specOf(nominationDecider);
const AT = '2018-01-12T09:00:00.000Z';

const members = ['a', 'b', 'c', 'd', 'e'].map((unitId) => ({ unitId, name: `Unit ${unitId}` }));
/** a leads, b is deputy; c is honoured; d and a follow; e is last. */
const cycle: NominatingCycle = {
  blocId: 'k4',
  year: 2017,
  province: 'Kiên Giang',
  phase: 'finalized',
  leader: 'a',
  deputy: 'b',
  members,
  leadingUnit: 'c',
  ranking: [
    { unitId: 'c', rank: 1 },
    { unitId: 'd', rank: 2 },
    { unitId: 'a', rank: 3 },
    { unitId: 'b', rank: 4 },
    { unitId: 'e', rank: 5 },
  ],
  flagNominee: null,
};
const dossier: DossierDocument[] = [{ kind: 'submission', title: 'Tờ trình', sha256: 'a'.repeat(64) }];
const minutes: DossierDocument = { kind: 'minutes', title: 'Biên bản', sha256: 'b'.repeat(64) };

const submit = (
  unitId: string,
  award: Award,
  metadata: CommandMetadata = byUnit('a'),
  context: Partial<NominatingCycle> | null = {},
  unitNominations: readonly UnitNomination[] = [],
): SubmitNomination => ({
  type: 'SubmitNomination',
  data: { unitId, award, documents: dossier },
  metadata,
  context: { cycle: context === null ? null : { ...cycle, ...context }, unitNominations },
});

const step = (unitId = 'c', award: Award = 'emulation-flag', by = 'c-officer') => ({
  nominationId: `k4:2017:${award}:${unitId}`,
  blocId: 'k4',
  year: 2017,
  unitId,
  award,
  at: AT,
  by,
});
const submitted: NominationEvent = {
  type: 'NominationSubmitted',
  data: {
    ...step('c', 'emulation-flag', 'a-officer'),
    province: 'Kiên Giang',
    unitName: 'Unit c',
    documents: dossier,
  },
};
const returned: NominationEvent = {
  type: 'NominationReturned',
  data: { ...step('c', 'emulation-flag', 'board-officer'), reason: 'the minutes are missing' },
};
const resubmitted: NominationEvent = {
  type: 'NominationResubmitted',
  data: { ...step('c', 'emulation-flag', 'a-officer'), documents: [...dossier, minutes] },
};
const forwarded: NominationEvent = {
  type: 'NominationForwarded',
  data: { ...step('c', 'emulation-flag', 'board-officer'), reason: 'complete' },
};
const voted = (votesFor: number): NominationEvent => ({
  type: 'CouncilVoted',
  data: {
    ...step('c', 'emulation-flag', 'board-officer'),
    councilMembers: 9,
    for: votesFor,
    against: 9 - votesFor,
    abstain: 0,
    passed: votesFor >= 6,
  },
});
const conferred: NominationEvent = {
  type: 'HonourConferred',
  data: {
    ...step('c', 'emulation-flag', 'board-officer'),
    province: 'Kiên Giang',
    unitName: 'Unit c',
    decisionNo: '123/QĐ-UBND',
    decidedOn: '2018-03-01',
    signedBy: 'Chủ tịch UBND tỉnh',
  },
};

const appraise = (outcome: 'forwarded' | 'returned', metadata = byBoard()): NominationCommand => ({
  type: 'AppraiseNomination',
  data: { outcome, reason: outcome === 'returned' ? 'the minutes are missing' : 'complete' },
  metadata,
});
const resubmit = (metadata = byUnit('a'), documents = [...dossier, minutes]): NominationCommand => ({
  type: 'ResubmitNomination',
  data: { documents },
  metadata,
  context: { cycle: { leader: 'a', deputy: 'b' } },
});
const vote = (votesFor: number, against = 0, abstain = 0, councilMembers = 9): NominationCommand => ({
  type: 'RecordCouncilVote',
  data: { councilMembers, for: votesFor, against, abstain },
  metadata: byBoard(),
});
const confer = (metadata = byBoard()): NominationCommand => ({
  type: 'ConferHonour',
  data: { decisionNo: '123/QĐ-UBND', decidedOn: '2018-03-01', signedBy: 'Chủ tịch UBND tỉnh' },
  metadata,
});
const annul: NominationCommand = {
  type: 'AnnulHonour',
  data: { decisionNo: '45/QĐ-UBND', reason: 'false declarations' },
  metadata: byBoard(),
};

describe('nominationDecider: submission and eligibility', () => {
  it('given the leading unit honoured, when the leader nominates it for the flag, then NominationSubmitted', () => {
    spec.given([]).when(submit('c', 'emulation-flag')).then([submitted]);
  });

  it('proposes the runners-up (ranks 2 and 3) for the certificate of merit, by the other of leader and deputy for its own unit', () => {
    spec
      .given([])
      .when(submit('a', 'certificate-of-merit', byUnit('b')))
      .then([
        {
          type: 'NominationSubmitted',
          data: {
            ...step('a', 'certificate-of-merit', 'b-officer'),
            province: 'Kiên Giang',
            unitName: 'Unit a',
            documents: dossier,
          },
        },
      ]);
    spec
      .given([])
      .when(submit('d', 'certificate-of-merit'))
      .then([expect.objectContaining({ type: 'NominationSubmitted' }) as never]);
  });

  it('refuses a flag for anyone but the leading unit, and a second flag for the bloc-year: NOT_ELIGIBLE', () => {
    spec.given([]).when(submit('d', 'emulation-flag')).thenThrows('NOT_ELIGIBLE');
    spec
      .given([])
      .when(submit('d', 'emulation-flag', byUnit('a'), { flagNominee: 'c' }))
      .thenThrows('NOT_ELIGIBLE');
    spec
      .given([])
      .when(submit('c', 'emulation-flag', byUnit('a'), { flagNominee: 'c' }))
      .then([submitted]);
  });

  it('refuses a certificate for the leading unit or a unit ranked below 3: NOT_ELIGIBLE', () => {
    spec.given([]).when(submit('c', 'certificate-of-merit')).thenThrows('NOT_ELIGIBLE');
    spec.given([]).when(submit('e', 'certificate-of-merit')).thenThrows('NOT_ELIGIBLE');
  });

  it('refuses a second nomination of the unit for the award and year: ALREADY_EXISTS', () => {
    spec.given([submitted]).when(submit('c', 'emulation-flag')).thenThrows('ALREADY_EXISTS');
  });

  it('refuses the unit for an award and year another bloc has nominated it for, naming that nomination: ALREADY_EXISTS', () => {
    const elsewhere: UnitNomination = {
      nominationId: 'k7:2017:emulation-flag:c',
      blocId: 'k7',
      year: 2017,
      award: 'emulation-flag',
    };
    spec
      .given([])
      .when(submit('c', 'emulation-flag', byUnit('a'), {}, [elsewhere]))
      .thenThrows('ALREADY_EXISTS');
    let refusal: unknown;
    try {
      nominationDecider.decide(submit('c', 'emulation-flag', byUnit('a'), {}, [elsewhere]), null);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal).toMatchObject({
      code: 'ALREADY_EXISTS',
      message: expect.stringContaining('k7:2017:emulation-flag:c') as unknown,
      details: { nominationId: 'k7:2017:emulation-flag:c', blocId: 'k7' },
    });
  });

  it('accepts the unit when another bloc nominated it for the other award or another year', () => {
    const elsewhere = (award: Award, year = 2017, blocId = 'k7'): UnitNomination => ({
      nominationId: `${blocId}:${year}:${award}:c`,
      blocId,
      year,
      award,
    });
    spec
      .given([])
      .when(
        submit('c', 'emulation-flag', byUnit('a'), {}, [
          elsewhere('certificate-of-merit'),
          elsewhere('emulation-flag', 2016),
          elsewhere('emulation-flag', 2018),
        ]),
      )
      .then([submitted]);
  });

  it('refuses before the leading unit is honoured (WRONG_PHASE), and for a cycle never opened (NOT_FOUND)', () => {
    spec
      .given([])
      .when(submit('c', 'emulation-flag', byUnit('a'), { leadingUnit: null, ranking: [] }))
      .thenThrows('WRONG_PHASE');
    spec
      .given([])
      .when(submit('c', 'emulation-flag', byUnit('a'), null))
      .thenThrows('NOT_FOUND');
  });

  it('refuses a unit outside the cycle: NOT_A_MEMBER', () => {
    spec.given([]).when(submit('z', 'certificate-of-merit')).thenThrows('NOT_A_MEMBER');
  });

  it("refuses its own unit's nomination, other units' officers, auditors and another province's board: FORBIDDEN", () => {
    spec
      .given([])
      .when(submit('a', 'certificate-of-merit', byUnit('a')))
      .thenThrows('FORBIDDEN');
    spec
      .given([])
      .when(submit('c', 'emulation-flag', byUnit('c')))
      .thenThrows('FORBIDDEN');
    spec
      .given([])
      .when(submit('c', 'emulation-flag', byUnit('d')))
      .thenThrows('FORBIDDEN');
    spec
      .given([])
      .when(submit('c', 'emulation-flag', byAuditor()))
      .thenThrows('FORBIDDEN');
    const otherProvince = { actor: { sub: 'hg', role: 'board', province: 'Hậu Giang' }, at: AT } as const;
    spec
      .given([])
      .when(submit('c', 'emulation-flag', otherProvince))
      .thenThrows('FORBIDDEN');
  });

  it('refuses an empty dossier or a malformed SHA-256: INVALID_DOCUMENTS', () => {
    const empty = {
      ...submit('c', 'emulation-flag'),
      data: { unitId: 'c', award: 'emulation-flag' as const, documents: [] },
    };
    spec.given([]).when(empty).thenThrows('INVALID_DOCUMENTS');
    const badHash = {
      ...submit('c', 'emulation-flag'),
      data: {
        unitId: 'c',
        award: 'emulation-flag' as const,
        documents: [{ ...minutes, sha256: 'B'.repeat(64) }],
      },
    };
    spec.given([]).when(badHash).thenThrows('INVALID_DOCUMENTS');
  });

  it('takes an unhonoured unit tied at rank 1 and ranks 2 and 3 as the runners-up', () => {
    const ranking = [
      { unitId: 'x', rank: 1 },
      { unitId: 'y', rank: 1 },
      { unitId: 'z', rank: 3 },
      { unitId: 'w', rank: 4 },
    ];
    expect(runnersUpOf(ranking, 'x')).toEqual(['y', 'z']);
  });
});

describe('nominationDecider: appraisal, council, decision, annulment', () => {
  it('returns a dossier with a reason, takes it again with new documents, forwards it', () => {
    spec.given([submitted]).when(appraise('returned')).then([returned]);
    spec.given([submitted, returned]).when(resubmit()).then([resubmitted]);
    spec.given([submitted, returned, resubmitted]).when(appraise('forwarded')).then([forwarded]);
  });

  it('records the council passing with two thirds of all members for, and failing below', () => {
    spec
      .given([submitted, forwarded])
      .when(vote(6, 3))
      .then([voted(6)]);
    spec
      .given([submitted, forwarded])
      .when(vote(5, 4))
      .then([voted(5)]);
  });

  it('refuses a tally with more votes than members, or no members: INVALID_VOTES', () => {
    spec
      .given([submitted, forwarded])
      .when(vote(6, 3, 1))
      .thenThrows('INVALID_VOTES');
    spec
      .given([submitted, forwarded])
      .when(vote(0, 0, 0, 0))
      .thenThrows('INVALID_VOTES');
  });

  it('confers an approved nomination and annuls a conferred honour', () => {
    spec
      .given([submitted, forwarded, voted(6)])
      .when(confer())
      .then([conferred]);
    spec
      .given([submitted, forwarded, voted(6), conferred])
      .when(annul)
      .then([
        {
          type: 'HonourAnnulled',
          data: {
            ...step('c', 'emulation-flag', 'board-officer'),
            decisionNo: '45/QĐ-UBND',
            reason: 'false declarations',
          },
        },
      ]);
  });

  it('refuses every step out of order: WRONG_PHASE', () => {
    spec.given([submitted]).when(resubmit()).thenThrows('WRONG_PHASE');
    spec.given([submitted]).when(vote(9)).thenThrows('WRONG_PHASE');
    spec.given([submitted, returned]).when(appraise('forwarded')).thenThrows('WRONG_PHASE');
    spec.given([submitted, forwarded]).when(appraise('returned')).thenThrows('WRONG_PHASE');
    spec.given([submitted, forwarded]).when(confer()).thenThrows('WRONG_PHASE');
    spec
      .given([submitted, forwarded, voted(5)])
      .when(confer())
      .thenThrows('WRONG_PHASE');
    spec
      .given([submitted, forwarded, voted(6)])
      .when(annul)
      .thenThrows('WRONG_PHASE');
    spec
      .given([submitted, forwarded, voted(6), conferred])
      .when(confer())
      .thenThrows('WRONG_PHASE');
  });

  it('refuses a nomination not submitted: NOT_FOUND', () => {
    spec.given([]).when(appraise('forwarded')).thenThrows('NOT_FOUND');
  });

  it("leaves the province's steps to its board, and the resubmission to the cycle's leader and deputy: FORBIDDEN", () => {
    spec
      .given([submitted])
      .when(appraise('forwarded', byUnit('a')))
      .thenThrows('FORBIDDEN');
    const otherProvince = { actor: { sub: 'hg', role: 'board', province: 'Hậu Giang' }, at: AT } as const;
    spec.given([submitted]).when(appraise('forwarded', otherProvince)).thenThrows('FORBIDDEN');
    spec
      .given([submitted, forwarded, voted(6)])
      .when(confer(byAuditor()))
      .thenThrows('FORBIDDEN');
    spec
      .given([submitted, returned])
      .when(resubmit(byUnit('d')))
      .thenThrows('FORBIDDEN');
    spec
      .given([submitted, returned])
      .when(resubmit(byUnit('c')))
      .thenThrows('FORBIDDEN');
  });

  it('refuses a resubmission without documents: INVALID_DOCUMENTS', () => {
    spec
      .given([submitted, returned])
      .when(resubmit(byUnit('a'), []))
      .thenThrows('INVALID_DOCUMENTS');
  });
});
