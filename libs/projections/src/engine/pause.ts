/**
 * Waits a while, or less when a signal aborts: the projector's retry pause and the checkpoint
 * poll, the deadline process's tick and the webhook dispatcher's restart delay.
 */

/** Waits `ms`, or less when `signal` aborts. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    // An aborted signal never calls a listener added later: do not wait the whole `ms`.
    if (signal?.aborted === true) return resolve();
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
