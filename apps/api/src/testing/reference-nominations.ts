/**
 * The nomination slices' "given": the reference case's leading unit nominated for the flag by
 * the leader's officer, and each later step of the province, through the handlers. Specs only.
 */
import { type Actor, type Award, nominationIdOf } from '@app/domain';
import { boardOfficer, officerOf } from '@app/domain/testing';
import type { CycleKey } from '../cycles/cycle-key.js';
import { AnnulHonourCommand } from '../nominations/annul-honour/annul-honour.command.js';
import { AnnulHonourHandler } from '../nominations/annul-honour/annul-honour.handler.js';
import { AppraiseNominationCommand } from '../nominations/appraise-nomination/appraise-nomination.command.js';
import { AppraiseNominationHandler } from '../nominations/appraise-nomination/appraise-nomination.handler.js';
import { ConferHonourCommand } from '../nominations/confer-honour/confer-honour.command.js';
import { ConferHonourHandler } from '../nominations/confer-honour/confer-honour.handler.js';
import { RecordCouncilVoteCommand } from '../nominations/record-council-vote/record-council-vote.command.js';
import { RecordCouncilVoteHandler } from '../nominations/record-council-vote/record-council-vote.handler.js';
import { ResubmitNominationCommand } from '../nominations/resubmit-nomination/resubmit-nomination.command.js';
import { ResubmitNominationHandler } from '../nominations/resubmit-nomination/resubmit-nomination.handler.js';
import { SubmitNominationCommand } from '../nominations/submit-nomination/submit-nomination.command.js';
import { SubmitNominationHandler } from '../nominations/submit-nomination/submit-nomination.handler.js';
import { by, referenceWriteSide, type ReferenceWriteSide } from './reference-write-side.js';

export const DOSSIER = [
  { kind: 'submission' as const, title: 'Tờ trình đề nghị', sha256: '1'.repeat(64) },
  { kind: 'score-sheet' as const, title: 'Bảng tổng hợp kết quả chấm điểm', sha256: '2'.repeat(64) },
];
export const MINUTES = {
  kind: 'minutes' as const,
  title: 'Biên bản hội nghị tổng kết',
  sha256: '3'.repeat(64),
};

/**
 * The steps of one nomination, each by the principal given (the board by default), in the
 * reference bloc-year or another bloc's `cycle` played with the same leader (`givenBloc`).
 */
export function nominationSteps(side: ReferenceWriteSide, cycle: CycleKey = side.cycle) {
  const { streams, sections, reference } = side;
  return {
    /** The id of the unit's nomination for the award in the cycle's bloc and year. */
    idOf: (unitId: string, award: Award) => nominationIdOf(cycle.blocId, cycle.year, award, unitId),
    submit: (unitId: string, award: Award, actor: Actor = officerOf(reference.cycle.leader)) =>
      new SubmitNominationHandler(streams, sections).execute(
        new SubmitNominationCommand(cycle, { unitId, award, documents: DOSSIER }, by(actor)),
      ),
    appraise: (id: string, outcome: 'forwarded' | 'returned', actor: Actor = boardOfficer) =>
      new AppraiseNominationHandler(streams).execute(
        new AppraiseNominationCommand(id, { outcome, reason: `${outcome} by the board` }, by(actor)),
      ),
    resubmit: (id: string, actor: Actor = officerOf(reference.cycle.leader)) =>
      new ResubmitNominationHandler(streams).execute(
        new ResubmitNominationCommand(
          id,
          { documents: [...DOSSIER, MINUTES], note: 'minutes added' },
          by(actor),
        ),
      ),
    vote: (id: string, votesFor: number, actor: Actor = boardOfficer) =>
      new RecordCouncilVoteHandler(streams).execute(
        new RecordCouncilVoteCommand(
          id,
          { councilMembers: 9, for: votesFor, against: 9 - votesFor, abstain: 0 },
          by(actor),
        ),
      ),
    confer: (id: string, actor: Actor = boardOfficer) =>
      new ConferHonourHandler(streams).execute(
        new ConferHonourCommand(
          id,
          { decisionNo: '512/QĐ-UBND', decidedOn: '2018-03-15', signedBy: 'Chủ tịch UBND tỉnh' },
          by(actor),
        ),
      ),
    annul: (id: string, actor: Actor = boardOfficer) =>
      new AnnulHonourHandler(streams).execute(
        new AnnulHonourCommand(id, { decisionNo: '88/QĐ-UBND', reason: 'false declarations' }, by(actor)),
      ),
  };
}

export type NominationSteps = ReturnType<typeof nominationSteps>;

/** How far the leading unit's nomination for the flag has gone when a spec begins. */
export type NominationStage = 'submitted' | 'forwarded' | 'approved';

/**
 * The later slices' "given": the reference case honoured, and the leading unit's nomination for
 * the flag, submitted by the leader, forwarded by the board, approved by the council (9 of 9).
 */
export async function givenNomination(
  stage: NominationStage,
): Promise<{ side: ReferenceWriteSide; steps: NominationSteps; id: string }> {
  const side = await referenceWriteSide();
  try {
    await side.given('honoured');
    const steps = nominationSteps(side);
    const id = steps.idOf(side.reference.leadingUnit, 'emulation-flag');
    await steps.submit(side.reference.leadingUnit, 'emulation-flag');
    if (stage !== 'submitted') await steps.appraise(id, 'forwarded');
    if (stage === 'approved') await steps.vote(id, 9);
    return { side, steps, id };
  } catch (error) {
    await side.close();
    throw error;
  }
}
