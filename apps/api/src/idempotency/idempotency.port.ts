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

/**
 * Durable memory of answered commands. Adapters: SQLite beside the embedded event store,
 * PostgreSQL for the server stores; both pass `idempotency.contract.ts`.
 */
export interface IdempotencyStore {
  /**
   * Runs `work` while no other request of the same principal and key runs, so that two
   * concurrent repeats never both execute the command.
   */
  exclusive<T>(principal: string, key: string, work: () => Promise<T>): Promise<T>;
  find(principal: string, key: string): Promise<IdempotencyRecord | undefined>;
  /** Stores the first answer; call only inside `exclusive` for the same principal and key. */
  save(record: IdempotencyRecord): Promise<void>;
  close(): Promise<void>;
}
