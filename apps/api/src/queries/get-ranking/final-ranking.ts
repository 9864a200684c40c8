/** The final ranking of a bloc-year, from its standings document once scoring is finalized. */
import {
  isScoringFinal,
  RankingNotFinalError,
  rankingView,
  type RankingView,
  type ReadModelDocuments,
} from '@app/projections';

/** RankingNotFinalError (HTTP 409) before scoring is finalized. */
export async function finalRanking(
  documents: Pick<ReadModelDocuments, 'standingsDocument'>,
  blocId: string,
  year: number,
): Promise<RankingView> {
  const standings = await documents.standingsDocument(blocId, year);
  if (!isScoringFinal(standings.phase)) throw new RankingNotFinalError(blocId, year);
  return rankingView(standings);
}
