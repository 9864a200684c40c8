import { Query } from '@nestjs/cqrs';
import type { SignedHead } from '@app/event-store';

export class GetAuditHeadQuery extends Query<SignedHead> {}
