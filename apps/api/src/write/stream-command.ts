/** One command on one stream as the write side runs it, and the events it appends. */
import { randomUUID } from 'node:crypto';
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

/** The events `command` decided, as the store takes them: each with an id and who, why and which schema. */
export function newEventsOf<S, E extends DomainEvent>(
  { origin, reason }: StreamCommand<S, E>,
  events: readonly E[],
): NewEvent[] {
  return events.map((event) => ({
    id: randomUUID(),
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
