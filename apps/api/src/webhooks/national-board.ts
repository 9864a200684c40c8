/** Webhooks receive every province's events: only a national board reads them (as only one manages them). */
import type { Actor } from '@app/domain';
import { ApiError } from '../http/api.error.js';

export function assertNationalBoard(reader: Actor): void {
  if (reader.role !== 'board' || reader.province !== undefined) {
    throw ApiError.forbidden(
      "webhooks receive every province's events: only a board without a province reads them",
    );
  }
}
