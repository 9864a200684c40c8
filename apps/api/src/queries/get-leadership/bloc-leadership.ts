/** A bloc's leadership: the terms so far and the assignment of the year after the last opened. */
import { type LeadershipView, type ReadModelDocuments, termsOf } from '@app/projections';
import { assignmentFor } from '../leadership-assignment.js';

export async function blocLeadership(
  documents: Pick<ReadModelDocuments, 'leadershipDocument' | 'findStandingsDocument'>,
  blocId: string,
): Promise<LeadershipView> {
  const leadership = await documents.leadershipDocument(blocId);
  const last = leadership.years.at(-1);
  return {
    blocId,
    history: termsOf(leadership),
    next: last === undefined ? null : await assignmentFor(documents, leadership, last.year + 1),
  };
}
