/** The errors an append can end in, each meaning nothing was written. */
import type { ExpectedRevision } from './event-store.port.js';

/** The stream was not in the expected state; nothing was written. */
export class WrongExpectedRevisionError extends Error {
  readonly code = 'CONFLICT';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** Revision of the stream's last event, or -1 when the stream does not exist. */
    readonly actual: number,
    /**
     * Set when the append named the stream's last event (AppendOptions.expectedLastEventId)
     * and another event is last: `actual` is that event's id, undefined for no stream.
     */
    readonly lastEventId?: { readonly expected: string; readonly actual: string | undefined },
  ) {
    super(
      `stream ${streamId}: expected revision ${String(expected)}, actual ${actual}` +
        (lastEventId
          ? `; expected last event ${lastEventId.expected}, actual ${lastEventId.actual ?? 'none'}`
          : ''),
    );
    this.name = 'WrongExpectedRevisionError';
  }
}

/** The append was refused because its input is malformed; nothing was written. */
export class InvalidAppendError extends Error {
  readonly code = 'INVALID_APPEND';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidAppendError';
  }
}

/** Some but not all of an append's event ids were already stored, or in another stream. */
export class IdempotencyViolationError extends Error {
  readonly code = 'IDEMPOTENCY_VIOLATION';
  constructor(message: string) {
    super(message);
    this.name = 'IdempotencyViolationError';
  }
}
