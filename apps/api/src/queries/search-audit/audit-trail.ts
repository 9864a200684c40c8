/**
 * One page of the audit trail: the positions the audit index finds, with a cursor, and the
 * envelopes at those positions read from the log.
 */
import type { EventStore, RecordedEvent } from '@app/event-store';
import type { AuditPage, AuditQuery, ReadModelStore } from '@app/projections';

/** The page size when none is asked for. */
export const DEFAULT_AUDIT_LIMIT = 100;

/** Pages through the audit index (never the log), in position order. */
export class AuditTrail {
  constructor(
    private readonly index: Pick<ReadModelStore, 'searchAudit'>,
    private readonly log: Pick<EventStore, 'readAll'>,
  ) {}

  async searchAudit(query: AuditQuery): Promise<AuditPage> {
    const limit = query.limit ?? DEFAULT_AUDIT_LIMIT;
    const found = await this.index.searchAudit({
      blocId: query.blocId,
      year: query.year,
      unitId: query.unitId,
      actor: query.actor,
      types: query.types,
      from: query.from?.toISOString(),
      to: query.to?.toISOString(),
      after: query.after,
      // One more than asked tells whether another page exists.
      limit: limit + 1,
    });
    const positions = found.slice(0, limit);
    return {
      items: await this.eventsAt(positions),
      next: found.length > limit ? positions[positions.length - 1] : null,
    };
  }

  /** The envelopes at these ascending positions, read from the log one run of neighbours at a time. */
  private async eventsAt(positions: readonly number[]): Promise<RecordedEvent[]> {
    const runs: { after: number; count: number }[] = [];
    for (const position of positions) {
      const last = runs.at(-1);
      if (last !== undefined && last.after + last.count + 1 === position) last.count++;
      else runs.push({ after: position - 1, count: 1 });
    }
    const pages = await Promise.all(
      runs.map(({ after, count }) => this.log.readAll({ after, maxCount: count })),
    );
    return pages.flat();
  }
}
