/** A bloc's leadership for one year, from its leadership document and the standings around it. */
import {
  leadershipAssignment,
  type LeadershipAssignment,
  type LeadershipDocument,
  type ReadModelDocuments,
} from '@app/projections';

/**
 * The year's assignment: elected, or proposed from the previous year's ranking. A year already
 * opened proposes among its own members; the coming year among today's.
 */
export async function assignmentFor(
  documents: Pick<ReadModelDocuments, 'findStandingsDocument'>,
  leadership: LeadershipDocument,
  year: number,
): Promise<LeadershipAssignment> {
  const [previous, current] = await Promise.all([
    documents.findStandingsDocument(leadership.blocId, year - 1),
    documents.findStandingsDocument(leadership.blocId, year),
  ]);
  return leadershipAssignment(leadership, year, previous, current?.members ?? leadership.members);
}
