/**
 * Input checks shared by every adapter, run before anything touches storage, so that each
 * adapter refuses the same appends with the same InvalidAppendError and writes nothing.
 */
import { canonicalJson, NotJsonError } from './canonical-json.js';
import { InvalidAppendError } from './event-store.errors.js';
import type {
  AppendOptions,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
} from './event-store.port.js';

export const MAX_STREAM_ID_LENGTH = 200;
export const MAX_EVENT_TYPE_LENGTH = 100;
/** Upper bound of one event's serialised data plus metadata, in UTF-8 bytes. */
export const MAX_EVENT_BYTES = 1024 * 1024;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An event that passed the checks, its data and metadata already in canonical JSON. */
export interface PreparedEvent {
  /** Lower-case, so that the same UUID written in another case is recognised as a replay. */
  readonly id: string;
  readonly type: string;
  readonly dataJson: string;
  readonly metadataJson: string;
}

/** Checks one append and serialises its events; throws InvalidAppendError on any defect. */
export function prepareAppend(
  streamId: string,
  events: readonly NewEvent[],
  options: AppendOptions,
): PreparedEvent[] {
  assertStreamId(streamId);
  assertExpectedRevision(options?.expectedRevision);
  if (!Array.isArray(events) || events.length === 0) {
    throw new InvalidAppendError(`stream ${streamId}: an append needs at least one event`);
  }
  const prepared: PreparedEvent[] = [];
  // A lone event cannot repeat an id: no set for it.
  const seen = events.length > 1 ? new Set<string>() : undefined;
  for (let index = 0; index < events.length; index++) {
    const event = prepareEvent(events[index], streamId, index, prepared[index - 1], events[index - 1]);
    if (seen) {
      if (seen.has(event.id))
        throw new InvalidAppendError(`stream ${streamId}: event id ${event.id} occurs twice`);
      seen.add(event.id);
    }
    prepared.push(event);
  }
  return prepared;
}

/**
 * The append's expectedLastEventId, checked and in lower case (as stored ids are), or
 * undefined when not given. A stream expected not to exist has no last event to name.
 */
export function expectedLastEventIdOf(options: AppendOptions): string | undefined {
  const id = options.expectedLastEventId;
  if (id === undefined) return undefined;
  if (typeof id !== 'string' || !UUID.test(id)) {
    throw new InvalidAppendError(`expectedLastEventId ${String(id)} is not a UUID`);
  }
  if (options.expectedRevision === 'no_stream') {
    throw new InvalidAppendError(
      'expectedLastEventId names a last event, but the expected revision is no_stream',
    );
  }
  return id.toLowerCase();
}

export function assertStreamId(streamId: unknown): asserts streamId is string {
  assertName(streamId, 'stream id', MAX_STREAM_ID_LENGTH);
}

export function assertReadStreamOptions(options: ReadStreamOptions): void {
  if (
    options.direction !== undefined &&
    options.direction !== 'forwards' &&
    options.direction !== 'backwards'
  ) {
    throw new RangeError(`direction must be forwards or backwards, not ${String(options.direction)}`);
  }
  assertCount(options.fromRevision, 'fromRevision', 0);
  assertCount(options.maxCount, 'maxCount', 0);
}

export function assertReadAllOptions(options: ReadAllOptions): void {
  assertCount(options.after, 'after', 0);
  assertCount(options.maxCount, 'maxCount', 0);
  if (options.types !== undefined && !options.types.every((type) => typeof type === 'string')) {
    throw new RangeError('types must be strings');
  }
  if (options.streamPrefix !== undefined && typeof options.streamPrefix !== 'string') {
    throw new RangeError('streamPrefix must be a string');
  }
}

/** readLogTail's arguments: a position (0 for the start) and a count of at least one. */
export function assertLogTailRange(after: number, maxCount: number): void {
  if (after === undefined || maxCount === undefined) throw new RangeError('after and maxCount are required');
  assertCount(after, 'after', 0);
  assertCount(maxCount, 'maxCount', 1);
}

function prepareEvent(
  event: NewEvent,
  streamId: string,
  index: number,
  previous?: PreparedEvent,
  previousInput?: NewEvent,
): PreparedEvent {
  // Only a refusal spells out where it is.
  const where = (): string => `stream ${streamId}, event ${index}`;
  if (typeof event !== 'object' || event === null) throw new InvalidAppendError(`${where()}: not an event`);
  if (typeof event.id !== 'string' || !UUID.test(event.id)) {
    throw new InvalidAppendError(`${where()}: id ${String(event.id)} is not a UUID`);
  }
  // The events of one append often share their type: checked once.
  if (previousInput === undefined || event.type !== previousInput.type)
    assertName(event.type, () => `${where()}: type`, MAX_EVENT_TYPE_LENGTH);
  if (typeof event.metadata !== 'object' || event.metadata === null || Array.isArray(event.metadata)) {
    throw new InvalidAppendError(`${where()}: metadata must be an object`);
  }
  const dataJson = toJson(event.data, where, 'data');
  // The events of one command usually share one metadata object: serialise it once.
  const metadataJson =
    previous && previousInput?.metadata === event.metadata
      ? previous.metadataJson
      : toJson(event.metadata, where, 'metadata');
  // A UTF-8 byte is at least one UTF-16 unit and at most three per unit: skip the exact count
  // for the common small event.
  if ((dataJson.length + metadataJson.length) * 3 > MAX_EVENT_BYTES) {
    const bytes = Buffer.byteLength(dataJson) + Buffer.byteLength(metadataJson);
    if (bytes > MAX_EVENT_BYTES) {
      throw new InvalidAppendError(
        `${where()}: ${bytes} bytes of data and metadata, over the limit of ${MAX_EVENT_BYTES}`,
      );
    }
  }
  return { id: event.id.toLowerCase(), type: event.type, dataJson, metadataJson };
}

function toJson(value: unknown, where: () => string, what: string): string {
  try {
    return canonicalJson(value);
  } catch (error) {
    if (error instanceof NotJsonError) throw new InvalidAppendError(`${where()}: ${what}: ${error.message}`);
    throw error;
  }
}

/** Non-empty, bounded in code points, no control characters, well-formed UTF-16. */
function assertName(
  value: unknown,
  name: string | (() => string),
  maxLength: number,
): asserts value is string {
  if (typeof value !== 'string' || value.length === 0)
    throw new InvalidAppendError(`${spelled(name)} must be a non-empty string`);
  let codePoints = 0;
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    codePoints++;
    if (unit < 0x20 || (unit >= 0x7f && unit <= 0x9f)) {
      throw new InvalidAppendError(`${spelled(name)} contains a control character at ${i}`);
    }
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff))
        throw new InvalidAppendError(`${spelled(name)} is not well-formed Unicode`);
      i++;
    } else if (unit >= 0xdc00 && unit <= 0xdfff) {
      // A lone low surrogate would be stored as U+FFFD and not read back as written.
      throw new InvalidAppendError(`${spelled(name)} is not well-formed Unicode`);
    }
  }
  if (codePoints > maxLength)
    throw new InvalidAppendError(`${spelled(name)} is ${codePoints} characters long, over ${maxLength}`);
}

const spelled = (name: string | (() => string)): string => (typeof name === 'string' ? name : name());

function assertExpectedRevision(expected: unknown): asserts expected is ExpectedRevision {
  if (expected === 'no_stream' || expected === 'any' || expected === 'exists') return;
  if (typeof expected === 'number' && Number.isSafeInteger(expected) && expected >= 0) return;
  throw new InvalidAppendError(
    `expected revision ${String(expected)} is not no_stream, any, exists or a revision`,
  );
}

function assertCount(value: unknown, what: string, min: number): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`${what} must be an integer of at least ${min}, not ${String(value)}`);
  }
}
