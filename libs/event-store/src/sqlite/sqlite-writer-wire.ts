/**
 * What crosses between the SQLite store and its writer thread (sqlite-writer.ts,
 * sqlite-writer.worker.ts): the requests, the answers, a group flattened for the structured
 * clone, and the appends' outcomes with their refusals as plain data (an Error loses its fields
 * between threads).
 */
import { IdempotencyViolationError, WrongExpectedRevisionError } from '../event-store.errors.js';
import type { AppendResult, ExpectedRevision } from '../event-store.port.js';
import type { PreparedEvent } from '../event-store.validation.js';
import type { AppendOutcome, StampedAppend } from './sqlite-group-commit.js';
import type { SqliteWriterFault } from './sqlite-writer.js';

/** What the store asks of the writer thread. */
export type WriterRequest =
  | { readonly kind: 'write'; readonly group: FlatGroup; readonly fault?: SqliteWriterFault }
  | { readonly kind: 'close' };

/** A refusal as it crosses threads (an Error loses its fields on the way). */
export type WireRefusal =
  | {
      readonly kind: 'revision';
      readonly streamId: string;
      readonly expected: ExpectedRevision;
      readonly actual: number;
      readonly lastEventId?: { readonly expected: string; readonly actual: string | undefined };
    }
  | { readonly kind: 'idempotency'; readonly message: string };

export type WireOutcome =
  { readonly result: AppendResult; readonly written: boolean } | { readonly refused: WireRefusal };

/** What the writer thread answers to a group. */
export type GroupAnswer =
  | { readonly kind: 'written'; readonly outcomes: readonly WireOutcome[] }
  | { readonly kind: 'failed'; readonly message: string; readonly code?: string };

/** What the writer thread says: once that its connection is open, then one answer per group. */
export type WriterAnswer = { readonly kind: 'ready' } | GroupAnswer;

/**
 * A group as it crosses to the thread: one flat array of strings and numbers, which the
 * structured clone copies in about half the time of the same appends as objects (no key per
 * field), with an event's metadata left out (null) when it is the previous event's text. Per
 * append: streamId, expectedRevision, expectedLastEventId or null, recordedAt, event count,
 * then per event: id, type, dataJson, metadataJson or null.
 */
export type FlatGroup = readonly (string | number | null)[];

export function flattenGroup(group: readonly StampedAppend[]): FlatGroup {
  const flat: (string | number | null)[] = [];
  for (const append of group) {
    flat.push(
      append.streamId,
      append.expectedRevision,
      append.expectedLastEventId ?? null,
      append.recordedAt,
      append.events.length,
    );
    let metadataJson: string | undefined;
    for (const event of append.events) {
      flat.push(
        event.id,
        event.type,
        event.dataJson,
        event.metadataJson === metadataJson ? null : event.metadataJson,
      );
      metadataJson = event.metadataJson;
    }
  }
  return flat;
}

export function unflattenGroup(flat: FlatGroup): StampedAppend[] {
  const group: StampedAppend[] = [];
  let at = 0;
  const next = (): string | number | null => flat[at++];
  while (at < flat.length) {
    const streamId = next() as string;
    const expectedRevision = next() as StampedAppend['expectedRevision'];
    const expectedLastEventId = next() as string | null;
    const recordedAt = next() as string;
    const count = next() as number;
    const events: PreparedEvent[] = [];
    let metadataJson = '';
    for (let index = 0; index < count; index++) {
      const id = next() as string;
      const type = next() as string;
      const dataJson = next() as string;
      metadataJson = (next() as string | null) ?? metadataJson;
      events.push({ id, type, dataJson, metadataJson });
    }
    group.push({
      streamId,
      expectedRevision,
      recordedAt,
      events,
      ...(expectedLastEventId === null ? {} : { expectedLastEventId }),
    });
  }
  return group;
}

export function toWire(outcome: AppendOutcome): WireOutcome {
  if (!('refused' in outcome)) return outcome;
  const error = outcome.refused;
  if (error instanceof WrongExpectedRevisionError) {
    const { streamId, expected, actual, lastEventId } = error;
    return {
      refused: { kind: 'revision', streamId, expected, actual, ...(lastEventId ? { lastEventId } : {}) },
    };
  }
  return { refused: { kind: 'idempotency', message: error.message } };
}

export function fromWire(outcome: WireOutcome): AppendOutcome {
  if (!('refused' in outcome)) return outcome;
  const refusal = outcome.refused;
  return {
    refused:
      refusal.kind === 'revision'
        ? new WrongExpectedRevisionError(
            refusal.streamId,
            refusal.expected,
            refusal.actual,
            refusal.lastEventId,
          )
        : new IdempotencyViolationError(refusal.message),
  };
}
