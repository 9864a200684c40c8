/** One command on one stream as the write side runs it, and the events it appends. */
import { randomFillSync } from 'node:crypto';
import { v7 as timeOrderedUuid } from 'uuid';
import { type DomainEvent, EVENT_SCHEMA_VERSIONS } from '@app/domain';
import type { NewEvent } from '@app/event-store';
import type { CommandOrigin } from './command-origin.js';
import type { Fold } from './stream-folds.js';

/** How often a command is decided again after another writer moved its stream first. */
export const MAX_ATTEMPTS = 5;

/** What a command needs from its arrival to its answer, whichever way its append goes. */
export interface StreamCommand<S, E extends DomainEvent> {
  readonly streamId: string;
  readonly decider: Fold<S, E>;
  /** Decides on the stream's state; its reads of other streams are bound to the command already. */
  readonly decide: (state: S) => readonly E[] | Promise<readonly E[]>;
  readonly origin: CommandOrigin;
  readonly reason: string | undefined;
}

/**
 * Random bytes for the ids, drawn 4 KiB (256 ids) at a time. A draw (`randomFillSync`) costs
 * about 5 µs whatever its size up to a few KiB, and uuid's own pool draws 256 bytes, one draw
 * every 16 ids; the bytes are read before the next id is made, so a view of the pool will do.
 */
const RANDOM_POOL = new Uint8Array(4096);
let poolDrawn = RANDOM_POOL.length;
const ID_OPTIONS = {
  rng(): Uint8Array {
    if (poolDrawn + 16 > RANDOM_POOL.length) {
      randomFillSync(RANDOM_POOL);
      poolDrawn = 0;
    }
    return RANDOM_POOL.subarray(poolDrawn, (poolDrawn += 16));
  },
};

/**
 * The events `command` decided, as the store takes them: each with an id and who, why and which
 * schema.
 *
 * Event ids are UUIDs of version 7: time-ordered (a millisecond timestamp, then a counter and
 * random bits), so the stores' unique index on the id grows at its end the way the log does.
 * With random (version 4) ids every append wrote into a random page of that index: on a log of
 * 200,000 events, 64 concurrent appenders made half as many appends per second and spent twice
 * the CPU per append (SQLite, 2026-12-05, bench/FIGURES.md, "Figures").
 */
export function newEventsOf<S, E extends DomainEvent>(
  { origin, reason }: StreamCommand<S, E>,
  events: readonly E[],
): NewEvent[] {
  return events.map((event) => ({
    id: timeOrderedUuid(ID_OPTIONS),
    type: event.type,
    data: event.data,
    metadata: {
      actor: origin.actor,
      correlationId: origin.correlationId,
      causationId: origin.causationId,
      ...(reason !== undefined ? { reason } : {}),
      schemaVersion: EVENT_SCHEMA_VERSIONS[event.type],
    },
  }));
}
