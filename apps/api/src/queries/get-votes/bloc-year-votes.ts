/**
 * A bloc-year's roll-call votes for a reader of that year: the year must exist (404 otherwise),
 * and the reader be the board, an auditor, or a member of the bloc or of that year's cycle.
 */
import type { Actor } from '@app/domain';
import type { ReadModelDocuments, VoteView } from '@app/projections';
import { assertBlocReader } from '../bloc-readers.js';

export async function blocYearVotes(
  documents: Pick<ReadModelDocuments, 'blocDocument' | 'cycleDocument' | 'votesDocument'>,
  reader: Actor,
  blocId: string,
  year: number,
): Promise<readonly VoteView[]> {
  await assertBlocReader(reader, documents, blocId, year);
  await documents.cycleDocument(blocId, year);
  return (await documents.votesDocument(blocId, year)).votes;
}
