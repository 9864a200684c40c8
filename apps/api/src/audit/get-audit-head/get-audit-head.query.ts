/** Asking for the latest signed chain head: it carries nothing and answers a SignedHead. */

import { Query } from '@nestjs/cqrs';
import type { SignedHead } from '@app/event-store';

export class GetAuditHeadQuery extends Query<SignedHead> {}
