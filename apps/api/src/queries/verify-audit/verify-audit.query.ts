import { Query } from '@nestjs/cqrs';
import type { IntegrityReport } from '@app/event-store';

export class VerifyAuditQuery extends Query<IntegrityReport> {}
