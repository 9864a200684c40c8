/** What an audit search carries: the filter and the reader, and the AuditPage it answers. */

import { Query } from '@nestjs/cqrs';
import type { Actor } from '@app/domain';
import type { AuditPage, AuditQuery } from '@app/projections';

export class SearchAuditQuery extends Query<AuditPage> {
  constructor(
    readonly filter: AuditQuery,
    readonly reader: Actor,
  ) {
    super();
  }
}
