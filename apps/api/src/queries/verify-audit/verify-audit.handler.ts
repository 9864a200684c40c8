import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore, type IntegrityReport } from '@app/event-store';
import { VerifyAuditQuery } from './verify-audit.query.js';

/** Walks the log itself, not a read model: the answer cannot be stale. */
@QueryHandler(VerifyAuditQuery)
export class VerifyAuditHandler implements IQueryHandler<VerifyAuditQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute(): Promise<IntegrityReport> {
    return this.store.verifyIntegrity();
  }
}
