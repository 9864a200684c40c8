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
  close(): Promise<void>;
}
