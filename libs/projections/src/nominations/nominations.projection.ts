/**
 * The nominations read model: one document per nomination (keyed by its id, which begins with
 * its bloc, so a rebuild by bloc never splits one), with its status and history, from the
 * nomination's own events.
 */
import { type DomainEvent, type Nomination, type NominationEvent, statusAfter, submittedNomination } from '@app/domain';
import type { DocumentProjection } from '../projection.js';

/** One step of a nomination as the history shows it: what, when, by whom, and why where there is a reason. */
export interface NominationStepView {
  readonly type: NominationEvent['type'];
  readonly at: string;
  readonly by: string;
  readonly reason?: string;
}

/** The nomination as the domain folds it (but for the decision's number), with its history. */
export interface NominationDocument extends Omit<Nomination, 'decisionNo'> {
  readonly history: readonly NominationStepView[];
}

const NOMINATION_EVENT_TYPES: ReadonlySet<string> = new Set<NominationEvent['type']>([
  'NominationSubmitted',
  'NominationReturned',
  'NominationResubmitted',
  'NominationForwarded',
  'CouncilVoted',
  'HonourConferred',
  'HonourAnnulled',
]);

export function isNominationEvent(event: DomainEvent): event is NominationEvent {
  return NOMINATION_EVENT_TYPES.has(event.type);
}

export const nominationsProjection: DocumentProjection<NominationDocument> = {
  name: 'nominations',

  keyOf(event) {
    return isNominationEvent(event) ? event.data.nominationId : undefined;
  },

  evolve(nomination, event) {
    if (!isNominationEvent(event)) return nomination;
    const { at, by } = event.data;
    const reason = 'reason' in event.data ? { reason: event.data.reason } : {};
    const step: NominationStepView = { type: event.type, at, by, ...reason };
    if (event.type === 'NominationSubmitted') {
      // A replayed submission (the stream's first event) starts the document over: idempotent.
      const { decisionNo: _decisionNo, ...submitted } = submittedNomination(event);
      return { ...submitted, history: [step] };
    }
    if (nomination === undefined) return undefined;
    return {
      ...nomination,
      status: statusAfter(event),
      ...(event.type === 'NominationResubmitted' ? { documents: event.data.documents } : {}),
      history: [...nomination.history, step],
    };
  },
};
