/**
 * Answers the latest signed chain head from the signed-head
 * store, or 404 before the first head is signed.
 */

import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { SIGNED_HEAD_STORE, type SignedHead, type SignedHeadStore } from '@app/event-store';
import { ApiError } from '../../http/api.error.js';
import { GetAuditHeadQuery } from './get-audit-head.query.js';

@QueryHandler(GetAuditHeadQuery)
export class GetAuditHeadHandler implements IQueryHandler<GetAuditHeadQuery> {
  constructor(@Inject(SIGNED_HEAD_STORE) private readonly heads: SignedHeadStore) {}

  async execute(): Promise<SignedHead> {
    const head = await this.heads.latest();
    if (head === undefined) throw ApiError.notFound('no head has been signed yet');
    return head;
  }
}
