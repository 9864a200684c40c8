/**
 * Writing recorded events verbatim: what moving a log from one store to another needs
 * (`npm run store:copy`), and nothing else may use. An append lets the store choose positions,
 * revisions, times and hashes; an import keeps the source's positions, ids, stream revisions,
 * recorded times and metadata, and rebuilds the chain over them from the target's head. So the
 * import must refuse anything that would not continue the target's log exactly: a batch that
 * does not start right after the target's head or skips a position, a stream revision that does
 * not follow the stream's last one. Whoever copies compares the resulting chain hashes with the
 * source's (they are equal when every field was kept).
 */
import { canonicalJson } from './canonical-json.js';
import type { ChainPoint, RecordedEvent } from './event-store.port.js';
import { linkHash } from './hash-chain.js';

/** A store that can continue its log with another log's recorded events (SQLite, PostgreSQL). */
export interface RecordedEventImporter {
  /**
   * Writes the batch in one transaction, after checking that it continues this log; answers
   * the new head. Throws ImportRefusedError (and writes nothing) when it does not.
   */
  importRecorded(batch: readonly RecordedEvent[]): Promise<ChainPoint>;
}

/** The batch does not continue the target's log; nothing was written. */
export class ImportRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportRefusedError';
  }
}

/** One event as the import writes it: the source's fields, canonical text and the new chain hash. */
export interface ImportRow {
  readonly position: number;
  readonly id: string;
  readonly streamId: string;
  readonly revision: number;
  readonly type: string;
  readonly dataJson: string;
  readonly metadataJson: string;
  readonly recordedAt: string;
  readonly hash: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The rows that continue the log at `head` with `batch`, chained from the head's hash; pure.
 * `lastRevision` answers a stream's last stored revision (-1 when the stream is new).
 */
export function planImport(
  head: ChainPoint,
  batch: readonly RecordedEvent[],
  lastRevision: (streamId: string) => number,
): ImportRow[] {
  const revisions = new Map<string, number>();
  let previousHash = head.hash;
  return batch.map((event, index) => {
    const position = head.position + 1 + index;
    if (event.position !== position) {
      throw new ImportRefusedError(`event ${event.id} is at position ${event.position}; the log continues at ${position}`);
    }
    if (typeof event.id !== 'string' || !UUID.test(event.id)) {
      throw new ImportRefusedError(`position ${position}: id ${String(event.id)} is not a lower-case UUID`);
    }
    const expected = (revisions.get(event.streamId) ?? lastRevision(event.streamId)) + 1;
    if (event.revision !== expected) {
      throw new ImportRefusedError(
        `position ${position}: revision ${event.revision} of ${event.streamId} does not follow its last one (expected ${expected})`,
      );
    }
    revisions.set(event.streamId, event.revision);
    if (typeof event.recordedAt !== 'string' || Number.isNaN(Date.parse(event.recordedAt)) || new Date(event.recordedAt).toISOString() !== event.recordedAt) {
      throw new ImportRefusedError(`position ${position}: recordedAt ${String(event.recordedAt)} is not an ISO-8601 UTC time in milliseconds`);
    }
    const row = {
      position,
      id: event.id,
      streamId: event.streamId,
      revision: event.revision,
      type: event.type,
      dataJson: canonicalJson(event.data),
      metadataJson: canonicalJson(event.metadata),
      recordedAt: event.recordedAt,
    };
    previousHash = linkHash(previousHash, row);
    return { ...row, hash: previousHash };
  });
}
