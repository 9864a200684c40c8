/**
 * The honours register as a reader may see it: every honour conferred (annulled ones marked),
 * of the reader's province when it is scoped to one, filtered by province, year and unit.
 */
import type { Actor } from '@app/domain';
import type { HonourDocument, ReadModelDocuments } from '@app/projections';
import { isWithinProvince } from '../../auth/province-scope.js';
import { ApiError } from '../../http/api.error.js';
import type { ListHonoursDto } from './list-honours.dto.js';

/**
 * What the register shows of an honour: its document but for who signed and the annulment's
 * details. The fields are picked one by one below, so that nothing else a document holds leaks.
 */
export type HonourView = Omit<HonourDocument, 'signedBy' | 'annulment'>;

export async function honoursRegister(
  documents: Pick<ReadModelDocuments, 'honourDocuments'>,
  filter: ListHonoursDto,
  reader: Actor,
): Promise<HonourView[]> {
  if (filter.province !== undefined && !isWithinProvince(reader, filter.province)) {
    throw ApiError.forbidden(
      `a principal of province ${reader.province} may not read province ${filter.province}`,
    );
  }
  const province = filter.province?.normalize('NFC');
  return (await documents.honourDocuments())
    .filter(
      (honour) =>
        isWithinProvince(reader, honour.province) &&
        (province === undefined || honour.province === province) &&
        (filter.year === undefined || honour.year === filter.year) &&
        (filter.unitId === undefined || honour.unitId === filter.unitId),
    )
    .sort((a, b) => a.year - b.year || (a.nominationId < b.nominationId ? -1 : 1))
    .map(
      ({
        nominationId,
        unitId,
        unitName,
        blocId,
        province,
        year,
        award,
        decisionNo,
        decidedOn,
        annulled,
      }) => ({
        nominationId,
        unitId,
        unitName,
        blocId,
        province,
        year,
        award,
        decisionNo,
        decidedOn,
        annulled,
      }),
    );
}
