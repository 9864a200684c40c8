/** The reader rule of the bloc routes: who may read a bloc and its years. */
import type { Actor, Member } from '@app/domain';
import type { ReadModelDocuments } from '@app/projections';
import { ApiError } from '../http/api.error.js';

/**
 * Board and auditors read every bloc (those scoped to a province are held to its blocs by
 * ProvinceScopeGuard, on every route with a `:blocId`). A unit officer reads a bloc, its
 * cycles, standings, ranking and leadership only while its unit belongs to the bloc, or, for
 * one year, to that year's cycle (a unit that has since left still reads the years it
 * competed in).
 */
export async function assertBlocReader(
  reader: Actor,
  readModels: Pick<ReadModelDocuments, 'blocDocument' | 'cycleDocument'>,
  blocId: string,
  year?: number,
): Promise<void> {
  if (reader.role === 'board' || reader.role === 'auditor') return;
  const includesReader = (members: readonly Member[]): boolean =>
    members.some((member) => member.unitId === reader.unit);
  const bloc = await readModels.blocDocument(blocId);
  if (includesReader(bloc.members)) return;
  if (
    year !== undefined &&
    bloc.years.includes(year) &&
    includesReader((await readModels.cycleDocument(blocId, year)).members)
  ) {
    return;
  }
  throw ApiError.forbidden(`unit ${reader.unit ?? '(none)'} is not a member of bloc ${blocId}`);
}
