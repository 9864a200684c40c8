/**
 * The nominations a reader may see, filtered: the board and auditors see every one (those
 * scoped to a province, its own); a unit officer those of the blocs it reads (its bloc now, or
 * that year's cycle), and asking for another bloc is refused.
 */
import type { Actor, Award, NominationStatus } from '@app/domain';
import type { NominationDocument, NominationStepView, ReadModelDocuments } from '@app/projections';
import { isWithinProvince } from '../../auth/province-scope.js';
import { ApiError } from '../../http/api.error.js';
import { assertBlocReader } from '../bloc-readers.js';
import type { ListNominationsDto } from './list-nominations.dto.js';

export interface NominationView {
  readonly nominationId: string;
  readonly blocId: string;
  readonly year: number;
  readonly unitId: string;
  readonly unitName: string;
  readonly province: string;
  readonly award: Award;
  readonly status: NominationStatus;
  readonly documents: NominationDocument['documents'];
  readonly history: readonly NominationStepView[];
}

type Documents = Pick<ReadModelDocuments, 'nominationDocuments' | 'blocDocument' | 'cycleDocument'>;

export async function nominationList(
  documents: Documents,
  filter: ListNominationsDto,
  reader: Actor,
): Promise<NominationView[]> {
  if (filter.province !== undefined && !isWithinProvince(reader, filter.province)) {
    throw ApiError.forbidden(
      `a principal of province ${reader.province} may not read province ${filter.province}`,
    );
  }
  // Asking for a bloc the reader does not read is refused, not answered with an empty list.
  if (filter.blocId !== undefined) {
    if (reader.role === 'unit') await assertBlocReader(reader, documents, filter.blocId, filter.year);
    else if (!isWithinProvince(reader, (await documents.blocDocument(filter.blocId)).province)) {
      throw ApiError.forbidden(`bloc ${filter.blocId} is not of province ${reader.province}`);
    }
  }
  const matching = (await documents.nominationDocuments()).filter(
    (nomination) =>
      (filter.province === undefined || nomination.province === filter.province.normalize('NFC')) &&
      (filter.year === undefined || nomination.year === filter.year) &&
      (filter.blocId === undefined || nomination.blocId === filter.blocId) &&
      (filter.status === undefined || nomination.status === filter.status),
  );
  const readable = await readableBy(documents, reader, matching);
  return readable.map(
    ({ nominationId, blocId, year, unitId, unitName, province, award, status, documents, history }) => ({
      nominationId,
      blocId,
      year,
      unitId,
      unitName,
      province,
      award,
      status,
      documents,
      history,
    }),
  );
}

/** The nominations among `nominations` the reader may read (see assertBlocReader for units). */
async function readableBy(
  documents: Documents,
  reader: Actor,
  nominations: readonly NominationDocument[],
): Promise<NominationDocument[]> {
  if (reader.role !== 'unit')
    return nominations.filter((nomination) => isWithinProvince(reader, nomination.province));
  const reads = new Map<string, Promise<boolean>>();
  const readsBlocYear = (blocId: string, year: number): Promise<boolean> => {
    const key = `${blocId}:${year}`;
    let answer = reads.get(key);
    if (answer === undefined) {
      answer = assertBlocReader(reader, documents, blocId, year).then(
        () => true,
        (error: unknown) => {
          if (error instanceof ApiError && error.statusCode === 403) return false;
          throw error;
        },
      );
      reads.set(key, answer);
    }
    return answer;
  };
  const kept = await Promise.all(
    nominations.map((nomination) => readsBlocYear(nomination.blocId, nomination.year)),
  );
  return nominations.filter((_, index) => kept[index]);
}
