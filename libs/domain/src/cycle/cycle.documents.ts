/**
 * Issuing a bloc-year's documents: the score sheet at any time (provisional before scoring is
 * finalized), the minutes of the review only once scoring is final.
 */
import { requireBlocLeadership } from '../authorization.js';
import type { CycleEvent, DocumentKind } from '../events.js';
import type { IssueDocument } from './cycle.commands.js';
import { type CyclePhase, type CycleState, requirePhase } from './cycle.state.js';

/** The phases in which each document may be issued: the minutes record a final ranking. */
export const ISSUABLE_IN: Readonly<Record<DocumentKind, readonly CyclePhase[]>> = {
  'score-sheet': ['signing', 'in_force', 'review', 'finalized', 'closed'],
  'minutes-pdf': ['finalized', 'closed'],
  'minutes-docx': ['finalized', 'closed'],
};

export function issueDocument(command: IssueDocument, state: CycleState): readonly CycleEvent[] {
  const { kind } = command.data;
  requireBlocLeadership(command.metadata.actor, state, 'issue the bloc-year’s documents');
  requirePhase(state, ISSUABLE_IN[kind], `issue the ${kind}`);
  return [{ type: 'DocumentIssued', data: { blocId: state.blocId, year: state.year, ...command.data } }];
}
