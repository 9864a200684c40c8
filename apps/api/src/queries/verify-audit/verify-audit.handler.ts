/**
 * Answers the audit verification by walking the log itself, not a read model (the answer cannot
 * be stale), and checking every signed head.
 */

import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import {
  AUDIT_SIGNING_KEY,
  EVENT_STORE,
  SIGNED_HEAD_STORE,
  verifySignedLog,
  type AuditSigningKey,
  type EventStore,
  type SignedHeadStore,
} from '@app/event-store';
import { type AuditVerification, VerifyAuditQuery } from './verify-audit.query.js';

@QueryHandler(VerifyAuditQuery)
export class VerifyAuditHandler implements IQueryHandler<VerifyAuditQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SIGNED_HEAD_STORE) private readonly heads: SignedHeadStore,
    @Inject(AUDIT_SIGNING_KEY) private readonly key: AuditSigningKey,
  ) {}

  async execute({ saved }: VerifyAuditQuery): Promise<AuditVerification> {
    const { ok, checked, brokenAt, reason, head } = await verifySignedLog(this.store, this.heads, this.key.publicKey, saved);
    return { ok, checked, brokenAt, reason, head };
  }
}
