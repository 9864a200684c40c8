/** The state of one nomination, folded from its stream; null before it is submitted. */
import { unreachable } from '../decider.js';
import type { Award, DossierDocument, NominationEvent, NominationSubmitted } from './nomination.events.js';

/**
 * Where a nomination stands (API.md `status`): `submitted` again after a resubmission,
 * `approved`/`rejected` by the council's vote, `conferred` by the chairman's decision.
 */
export type NominationStatus =
  'submitted' | 'returned' | 'forwarded' | 'approved' | 'rejected' | 'conferred' | 'annulled';

export interface Nomination {
  readonly nominationId: string;
  readonly blocId: string;
  readonly year: number;
  readonly province: string;
  readonly unitId: string;
  readonly unitName: string;
  readonly award: Award;
  readonly status: NominationStatus;
  /** The dossier as last (re)submitted. */
  readonly documents: readonly DossierDocument[];
  /** The decision conferring the honour, once recorded. */
  readonly decisionNo: string | null;
}

export type NominationState = Nomination | null;

/** The status after an event: the one table the decider and the read side both go by. */
export function statusAfter(event: NominationEvent): NominationStatus {
  switch (event.type) {
    case 'NominationSubmitted':
    case 'NominationResubmitted':
      return 'submitted';
    case 'NominationReturned':
      return 'returned';
    case 'NominationForwarded':
      return 'forwarded';
    case 'CouncilVoted':
      return event.data.passed ? 'approved' : 'rejected';
    case 'HonourConferred':
      return 'conferred';
    case 'HonourAnnulled':
      return 'annulled';
    default:
      return unreachable(event);
  }
}

/** A nomination as its submission makes it (the read side's document starts from it too). */
export function submittedNomination(event: NominationSubmitted): Nomination {
  const { nominationId, blocId, year, province, unitId, unitName, award, documents } = event.data;
  return {
    nominationId,
    blocId,
    year,
    province,
    unitId,
    unitName,
    award,
    status: statusAfter(event),
    documents,
    decisionNo: null,
  };
}

export function evolveNomination(state: NominationState, event: NominationEvent): NominationState {
  if (event.type === 'NominationSubmitted') return submittedNomination(event);
  // Every other event follows NominationSubmitted in its stream.
  if (state === null) return state;
  const status = statusAfter(event);
  switch (event.type) {
    case 'NominationResubmitted':
      return { ...state, status, documents: event.data.documents };
    case 'HonourConferred':
      return { ...state, status, decisionNo: event.data.decisionNo };
    default:
      return { ...state, status };
  }
}
