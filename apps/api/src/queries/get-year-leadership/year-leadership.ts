/** A bloc's leadership for one year it has opened or is about to open. */
import {
  hasLeadershipYear,
  type LeadershipAssignment,
  type ReadModelDocuments,
  ReadModelNotFoundError,
} from '@app/projections';
import { assignmentFor } from '../leadership-assignment.js';

/** ReadModelNotFoundError for a year neither opened nor next. */
export async function yearLeadership(
  documents: Pick<ReadModelDocuments, 'leadershipDocument' | 'findStandingsDocument'>,
  blocId: string,
  year: number,
): Promise<LeadershipAssignment> {
  const leadership = await documents.leadershipDocument(blocId);
  if (!hasLeadershipYear(leadership, year))
    throw new ReadModelNotFoundError(`leadership of ${blocId} for ${year}`);
  return assignmentFor(documents, leadership, year);
}
