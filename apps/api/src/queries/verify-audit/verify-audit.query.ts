/**
 * What verifying the log carries (a head the auditor
 * saved, if any) and the integrity report it answers.
 */

import { Query } from '@nestjs/cqrs';
import type { ChainPoint, IntegrityReport } from '@app/event-store';

/** The answer: the report with its head, and nothing else of the walk. */
export type AuditVerification = IntegrityReport;

export class VerifyAuditQuery extends Query<AuditVerification> {
  constructor(readonly saved?: ChainPoint) {
    super();
  }
}
