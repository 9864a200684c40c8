import { canonicalJson } from '@app/event-store';

/** Injection token of the idempotency store. */
export const IDEMPOTENCY_STORE = Symbol('IDEMPOTENCY_STORE');

/** The first answer to a command sent with an `Idempotency-Key`, kept to answer its repeats. */
export interface IdempotencyRecord {
  /** The principal (token subject) that sent the key: keys of different principals never meet. */
  readonly principal: string;
  readonly key: string;
  /** Hash of method, path and canonical body: the same key with another request is refused. */
  readonly requestHash: string;
  readonly statusCode: number;
  readonly body: unknown;
}

/** The answer to record for a key, once its command has succeeded. */
export type IdempotencyAnswer = Pick<IdempotencyRecord, 'requestHash' | 'statusCode' | 'body'>;

/**
 * A principal's key while `exclusive` holds it. Its record is read and written through the
 * hold, on whatever connection holds the lock: asking the pool for a second connection while
 * holding one is how concurrent keys used to exhaust it.
 */
export interface HeldKey {
  find(): Promise<IdempotencyRecord | undefined>;
  /** Stores the first answer. */
  save(answer: IdempotencyAnswer): Promise<void>;
}

/** A record as kept, with when it was recorded: what store:copy moves between stores. */
export interface StoredIdempotencyRecord extends IdempotencyRecord {
  /** When the first answer was recorded (ISO-8601, UTC). */
  readonly recordedAt: string;
}

/** Where a page of records starts: after this principal and key, in (principal, key) order. */
export type IdempotencyRecordCursor = Pick<IdempotencyRecord, 'principal' | 'key'>;

/** A copied record whose key the target holds with another answer: the batch was not written. */
export class IdempotencyRecordConflictError extends Error {
  constructor(readonly record: IdempotencyRecordCursor) {
    super(
      `the target holds another answer for key ${JSON.stringify(record.key)} of ${record.principal}: ` +
        'it is not a copy of this store',
    );
  }
}

/**
 * Durable memory of answered commands. Adapters: SQLite beside the embedded event store,
 * PostgreSQL for the server stores; both pass `idempotency.contract.ts`.
 */
export interface IdempotencyStore {
  /**
   * Runs `work` while no other request of the same principal and key runs, so that two
   * concurrent repeats never both execute the command.
   */
  exclusive<T>(principal: string, key: string, work: (held: HeldKey) => Promise<T>): Promise<T>;
  /** The recorded answer, read outside any hold (it may be recorded a moment later). */
  find(principal: string, key: string): Promise<IdempotencyRecord | undefined>;
  /** Up to `limit` records after `after` (from the first when absent), in (principal, key) order. */
  readRecords(after: IdempotencyRecordCursor | undefined, limit: number): Promise<StoredIdempotencyRecord[]>;
  /**
   * Keeps records copied from another store, in one transaction, and answers how many were
   * new: a record held already with the same answer (request hash, status and body) is passed
   * over; one held with another answer fails the batch (IdempotencyRecordConflictError), which
   * then writes nothing.
   */
  importRecords(records: readonly StoredIdempotencyRecord[]): Promise<number>;
  close(): Promise<void>;
}

/** Whether a held record answers as a copied one does (bodies compared as canonical JSON). */
export function sameAnswer(held: IdempotencyAnswer, copied: IdempotencyAnswer): boolean {
  return (
    held.requestHash === copied.requestHash &&
    held.statusCode === copied.statusCode &&
    canonicalJson(held.body) === canonicalJson(copied.body)
  );
}

/** A page's size, checked. */
export function assertRecordLimit(limit: number): void {
  if (!Number.isSafeInteger(limit) || limit < 1)
    throw new RangeError(`limit must be a positive integer, not ${limit}`);
}
