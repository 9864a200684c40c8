/**
 * A PostgreSQL session advisory lock: held by one process of the deployment at a time, and
 * released by the database when its holder's connection dies. The projector, the webhook
 * dispatcher and the deadline process each take one under their own name.
 */
import { pgDriver } from '@app/event-store';

export interface AdvisoryLock {
  /** Settles when the lock is lost (its connection died): the holder must stop. */
  readonly lost: Promise<void>;
  release(): Promise<void>;
}

/**
 * Waits until this caller holds the lock named `name` (retrying every `retryMs`), or rejects
 * with the signal's reason once it aborts.
 */
export async function acquireAdvisoryLock(
  connectionString: string | undefined,
  name: string,
  retryMs: number,
  signal: AbortSignal,
): Promise<AdvisoryLock> {
  // A session lock lives as long as its connection: a dedicated client, outside any pool.
  const client = new (pgDriver().Client)({ connectionString });
  let lose: () => void = () => undefined;
  const lost = new Promise<void>((resolve) => (lose = resolve));
  client.on('error', () => lose());
  client.on('end', () => lose());
  await client.connect();
  try {
    for (;;) {
      signal.throwIfAborted();
      const { rows } = await client.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock(hashtext($1)) AS locked',
        [name],
      );
      if (rows[0]?.locked === true) break;
      await abortablePause(retryMs, signal);
    }
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  return {
    lost,
    release: async () => {
      // Closing the session releases its advisory locks.
      await client.end().catch(() => undefined);
    },
  };
}

/** Waits `ms`, or rejects with the signal's reason once it aborts. */
export function abortablePause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
