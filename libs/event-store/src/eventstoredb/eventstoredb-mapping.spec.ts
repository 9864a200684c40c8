import { describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import {
  ANY,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  WrongExpectedVersionError,
  type JSONRecordedEvent,
  type RecordedEvent as ClientRecordedEvent,
} from '@eventstore/db-client';
import { IdempotencyViolationError, WrongExpectedRevisionError } from '../event-store.errors.js';
import type { EventMetadata, RecordedEvent } from '../event-store.port.js';
import { prepareAppend } from '../event-store.validation.js';
import { GENESIS_HASH } from '../hash-chain.js';
import {
  findRepeatedAppend,
  fromClientCurrentRevision,
  fromClientEvent,
  fromClientExpectedRevision,
  fromClientPosition,
  matchesFilter,
  toClientExpectedRevision,
  toClientFilter,
  toClientPosition,
  toWrongExpectedRevisionError,
  type StoredMetadata,
} from './eventstoredb-mapping.js';
import {
  chainedAppend,
  StreamChains,
  toChainedEventData,
  toEventData,
} from './eventstoredb-stream-chain.js';

const metadata: EventMetadata = {
  actor: { sub: 'officer-7', name: 'Trần Thị B', role: 'unit', unit: 'so-khcn' },
  correlationId: 'corr-1',
  causationId: 'cmd-1',
  reason: 'Điều chỉnh điểm',
  schemaVersion: 2,
};

/** What the client would hand back for an event written with `toEventData` at the given place. */
function asRecorded(streamId: string, written: ReturnType<typeof toEventData>, revision: bigint, position: bigint): ClientRecordedEvent {
  const recorded: JSONRecordedEvent = {
    streamId,
    id: written.id,
    isJson: true,
    revision,
    type: written.type,
    created: new Date('2018-01-12T08:30:00.123Z'),
    // The server stores the JSON text the client wrote; the client parses it on the way back.
    data: JSON.parse(JSON.stringify(written.data)) as JSONRecordedEvent['data'],
    metadata: JSON.parse(JSON.stringify(written.metadata)) as JSONRecordedEvent['metadata'],
    position: { commit: position, prepare: position },
  };
  return recorded;
}

function written(streamId = 'cycle-khoi4:2017', data: unknown = { unitId: 'so-ldtbxh', points: 961.5 }) {
  const [prepared] = prepareAppend(streamId, [{ id: randomUUID(), type: 'ScoreAwarded', data, metadata }], {
    expectedRevision: 'any',
  });
  return toEventData(streamId, prepared);
}

describe('EventStoreDB expected revisions', () => {
  it('maps ours to the client and back', () => {
    expect(toClientExpectedRevision('no_stream')).toBe(NO_STREAM);
    expect(toClientExpectedRevision('any')).toBe(ANY);
    expect(toClientExpectedRevision('exists')).toBe(STREAM_EXISTS);
    expect(toClientExpectedRevision(0)).toBe(0n);
    expect(toClientExpectedRevision(2 ** 40)).toBe(2n ** 40n);
    for (const expected of ['no_stream', 'any', 'exists', 0, 7, 2 ** 40] as const) {
      expect(fromClientExpectedRevision(toClientExpectedRevision(expected))).toBe(expected);
    }
  });

  it('maps the current revision, where a missing stream is -1', () => {
    expect(fromClientCurrentRevision(NO_STREAM)).toBe(-1);
    expect(fromClientCurrentRevision(0n)).toBe(0);
    expect(fromClientCurrentRevision(12n)).toBe(12);
    expect(() => fromClientCurrentRevision(2n ** 60n)).toThrow(RangeError);
  });

  it("turns the client's WrongExpectedVersionError into our conflict, keeping the caller's expectation", () => {
    const exists = new WrongExpectedVersionError(undefined, { streamName: 'bloc-khoi4', expected: ANY, current: NO_STREAM });
    expect(toWrongExpectedRevisionError('bloc-khoi4', 'exists', exists)).toMatchObject({
      code: 'CONFLICT',
      streamId: 'bloc-khoi4',
      expected: 'exists',
      actual: -1,
    });
    const stale = new WrongExpectedVersionError(undefined, { streamName: 'bloc-khoi4', expected: 3n, current: 5n });
    const error = toWrongExpectedRevisionError('bloc-khoi4', 3, stale);
    expect(error).toBeInstanceOf(WrongExpectedRevisionError);
    expect(error).toMatchObject({ expected: 3, actual: 5 });
  });
});

describe('EventStoreDB positions', () => {
  it('starts at START for 0 and otherwise at the commit position, which equals the prepare position', () => {
    expect(toClientPosition(0)).toBe(START);
    expect(toClientPosition(18_446)).toEqual({ commit: 18_446n, prepare: 18_446n });
    expect(fromClientPosition({ commit: 18_446n, prepare: 18_446n })).toBe(18_446);
  });

  it('round-trips positions up to 2^53 - 1 and refuses what a number cannot hold', () => {
    const largest = Number.MAX_SAFE_INTEGER;
    expect(fromClientPosition(toClientPosition(largest) as { commit: bigint; prepare: bigint })).toBe(largest);
    expect(() => fromClientPosition({ commit: 2n ** 53n, prepare: 2n ** 53n })).toThrow(RangeError);
    expect(() => toClientPosition(-1)).toThrow(RangeError);
    expect(() => toClientPosition(1.5)).toThrow(RangeError);
  });
});

describe('EventStoreDB filters', () => {
  it('filters on the server by stream prefix first, else by exact types, else leaves out system events', () => {
    const byStream = toClientFilter({ streamPrefix: 'cycle-khoi4:2017', types: ['ScoreAwarded'] });
    expect(byStream).toMatchObject({ filterOn: 'streamName' });
    const streamRegex = new RegExp((byStream as { regex: string }).regex);
    expect(['cycle-khoi4:2017', 'cycle-khoi4:2017:so-yt'].every((id) => streamRegex.test(id))).toBe(true);
    expect(['cycle-khoi4:20170', 'cycle-khoi4:201', 'xcycle-khoi4:2017'].some((id) => streamRegex.test(id))).toBe(false);
    const byType = toClientFilter({ types: ['ScoreAwarded', 'Score.Awarded+'] });
    expect(byType).toMatchObject({ filterOn: 'eventType' });
    const regex = new RegExp((byType as { regex: string }).regex);
    expect(regex.test('ScoreAwarded')).toBe(true);
    expect(regex.test('Score.Awarded+')).toBe(true);
    expect(regex.test('ScoreAwardedLater')).toBe(false);
    expect(regex.test('ScoreXAwarded')).toBe(false);
    const everything = toClientFilter({});
    expect(everything).toMatchObject({ filterOn: 'eventType' });
    expect(new RegExp((everything as { regex: string }).regex).test('$metadata')).toBe(false);
  });

  it('checks both criteria on our side with the same rule as the SQL adapters', () => {
    const event = { type: 'ScoreAwarded', streamId: 'cycle-khoi4:2017:so-yt' };
    expect(matchesFilter(event, {})).toBe(true);
    expect(matchesFilter(event, { types: ['ScoreAwarded'], streamPrefix: 'cycle-khoi4:2017' })).toBe(true);
    expect(matchesFilter(event, { types: ['PactSigned'], streamPrefix: 'cycle-khoi4:2017' })).toBe(false);
    expect(matchesFilter(event, { streamPrefix: 'cycle-khoi4:2018' })).toBe(false);
    expect(matchesFilter(event, { streamPrefix: 'cycle-khoi4:201' })).toBe(false);
    expect(matchesFilter({ ...event, streamId: 'cycle_khoi4:2017' }, { streamPrefix: 'cycle-khoi4' })).toBe(false);
  });
});

describe('EventStoreDB events and metadata', () => {
  it('passes the event id through and writes correlation and causation under their $ names', () => {
    const data = written();
    expect(data.contentType).toBe('application/json');
    expect(data.metadata).toMatchObject({ $correlationId: 'corr-1', $causationId: 'cmd-1', actor: metadata.actor });
    expect(data.metadata).not.toHaveProperty('correlationId');
    expect((data.metadata as { hash: string }).hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads back our envelope: metadata, revision, position and the server time in ms', () => {
    const data = written();
    const mapped = fromClientEvent(asRecorded('cycle-khoi4:2017', data, 3n, 9_000n));
    expect(mapped?.event).toEqual({
      id: data.id,
      streamId: 'cycle-khoi4:2017',
      revision: 3,
      position: 9_000,
      type: 'ScoreAwarded',
      data: { unitId: 'so-ldtbxh', points: 961.5 },
      metadata,
      recordedAt: '2018-01-12T08:30:00.123Z',
    });
  });

  it('skips what is not ours: system streams and types, binary events, foreign metadata', () => {
    const data = written();
    const ours = asRecorded('cycle-khoi4:2017', data, 0n, 10n) as JSONRecordedEvent;
    expect(fromClientEvent({ ...ours, streamId: '$stats-127.0.0.1:2113' })).toBeUndefined();
    expect(fromClientEvent({ ...ours, type: '$metadata' })).toBeUndefined();
    expect(fromClientEvent({ ...ours, metadata: { written: 'elsewhere' } })).toBeUndefined();
    expect(
      fromClientEvent({ ...ours, isJson: false, data: new Uint8Array([1]), metadata: undefined } as ClientRecordedEvent),
    ).toBeUndefined();
  });

  it('falls back to the commit position of the resolved event, and refuses an event without any position', () => {
    const ours = asRecorded('cycle-khoi4:2017', written(), 0n, 10n) as JSONRecordedEvent;
    const withoutPosition = { ...ours, position: undefined };
    expect(fromClientEvent(withoutPosition, 77n)?.event.position).toBe(77);
    expect(() => fromClientEvent(withoutPosition)).toThrow(/22\.6/);
  });

});

describe('EventStoreDB hash chain, per stream', () => {
  const prepared = (streamId: string, count: number) =>
    prepareAppend(
      streamId,
      Array.from({ length: count }, (_, n) => ({ id: randomUUID(), type: 'ScoreAwarded', data: { unitId: 'so-vhtt', points: 831.3 + n, '10': 'a', '9': 'b' }, metadata })),
      { expectedRevision: 'any' },
    );
  const hashOf = (data: ReturnType<typeof toEventData>): string => (data.metadata as unknown as StoredMetadata).hash;

  /** Writes `count` events to each stream, interleaved in $all, and reads them back as the adapter does. */
  function interleavedLog(streams: readonly string[], count: number) {
    const written = streams.map((streamId) => toChainedEventData(streamId, prepared(streamId, count), { revision: -1, hash: GENESIS_HASH }));
    const log = [];
    let position = 100n;
    for (let revision = 0; revision < count; revision++) {
      for (const [index, streamId] of streams.entries()) {
        log.push(fromClientEvent(asRecorded(streamId, written[index][revision], BigInt(revision), (position += 50n)))!);
      }
    }
    return log;
  }

  it("chains each event to its predecessor in its stream, the first to genesis", () => {
    const [first, second] = toChainedEventData('cycle-khoi4:2017', prepared('cycle-khoi4:2017', 2), { revision: -1, hash: GENESIS_HASH });
    expect(hashOf(first)).toMatch(/^[0-9a-f]{64}$/);
    // The second event's hash is the one written after the first: changing the first changes it.
    const [, afterOther] = toChainedEventData('cycle-khoi4:2017', prepared('cycle-khoi4:2017', 2), { revision: -1, hash: 'f'.repeat(64) });
    expect(hashOf(second)).not.toBe(hashOf(afterOther));
    const continued = toEventData('cycle-khoi4:2017', prepared('cycle-khoi4:2017', 1)[0], { revision: 1, hash: hashOf(second) });
    expect(hashOf(continued)).not.toBe(hashOf(toEventData('cycle-khoi4:2017', prepared('cycle-khoi4:2017', 1)[0])));
  });

  it('verifies intact interleaved streams in $all order', () => {
    const chains = new StreamChains();
    for (const { event, hash } of interleavedLog(['cycle-a', 'cycle-b', 'bloc-c'], 4)) expect(chains.check(event, hash)).toBeUndefined();
  });

  it('detects an altered event, and a rewritten one whose stream successors still carry the old links', () => {
    const log = interleavedLog(['cycle-a', 'cycle-b'], 3);
    const chains = new StreamChains();
    expect(chains.check(log[0].event, log[0].hash)).toBeUndefined();
    expect(chains.check(log[1].event, log[1].hash)).toBeUndefined();
    const altered = { ...log[2].event, data: { unitId: 'so-vhtt', points: 999 } };
    expect(chains.check(altered, log[2].hash)).toBe('altered');

    // Rewriting event 0 of cycle-a with a fresh hash of its own breaks the link of event 1.
    const rewritten = toEventData('cycle-a', prepared('cycle-a', 1)[0]);
    const replaced = fromClientEvent(asRecorded('cycle-a', rewritten, 0n, 150n))!;
    const again = new StreamChains();
    expect(again.check(replaced.event, replaced.hash)).toBeUndefined();
    expect(again.check(log[1].event, log[1].hash)).toBeUndefined();
    expect(again.check(log[2].event, log[2].hash)).toBe('altered');
  });

  it('detects an event removed from the start or the middle of a stream', () => {
    const log = interleavedLog(['cycle-a', 'cycle-b'], 3);
    const withoutFirst = new StreamChains();
    expect(withoutFirst.check(log[2].event, log[2].hash)).toBe('missing');
    const withoutMiddle = new StreamChains();
    expect(withoutMiddle.check(log[0].event, log[0].hash)).toBeUndefined();
    expect(withoutMiddle.check(log[4].event, log[4].hash)).toBe('missing');
  });

  it('detects an event moved to another stream or to another revision', () => {
    const log = interleavedLog(['cycle-a'], 2);
    const chains = new StreamChains();
    expect(chains.check({ ...log[0].event, streamId: 'cycle-z' }, log[0].hash)).toBe('altered');
    expect(new StreamChains().check(log[0].event, undefined)).toBe('altered');
  });

  it("checks a walk that starts in the middle of $all from each stream's seeded link", () => {
    const log = interleavedLog(['cycle-a', 'cycle-b'], 3);
    const chains = new StreamChains();
    expect(chains.knows('cycle-a')).toBe(false);
    chains.seed('cycle-a', { revision: 0, hash: log[0].hash! });
    expect(chains.knows('cycle-a')).toBe(true);
    expect(chains.check(log[2].event, log[2].hash)).toBeUndefined();
    // cycle-b was not seeded: its event at revision 1 has no known predecessor.
    expect(chains.check(log[3].event, log[3].hash)).toBe('missing');
    const wrongSeed = new StreamChains();
    wrongSeed.seed('cycle-b', { revision: 0, hash: 'd'.repeat(64) });
    expect(wrongSeed.check(log[3].event, log[3].hash)).toBe('altered');
  });

  it('pins appends that expect any or exists to the revision it read, so the chain follows it', () => {
    const last = { revision: 4, hash: 'c'.repeat(64) };
    expect(chainedAppend('any', last)).toEqual({ expectedRevision: 4n, previous: last });
    expect(chainedAppend('exists', last)).toEqual({ expectedRevision: 4n, previous: last });
    expect(chainedAppend('any', undefined)).toEqual({ expectedRevision: NO_STREAM, previous: { revision: -1, hash: GENESIS_HASH } });
    expect(chainedAppend('exists', undefined).expectedRevision).toBe(STREAM_EXISTS);
    expect(chainedAppend('no_stream', undefined)).toEqual({ expectedRevision: NO_STREAM, previous: { revision: -1, hash: GENESIS_HASH } });
    expect(chainedAppend(4, last)).toEqual({ expectedRevision: 4n, previous: last });
    // A stale exact expectation is refused by the server; the link it would carry is never written.
    expect(chainedAppend(2, last).expectedRevision).toBe(2n);
  });
});

describe('EventStoreDB retries after a conflict', () => {
  const stored: RecordedEvent[] = [0, 1, 2, 3].map((revision) => ({
    id: randomUUID(),
    streamId: 'cycle-khoi4:2017',
    revision,
    position: 1000 + revision * 150,
    type: 'ScoreAwarded',
    data: {},
    metadata,
    recordedAt: '2018-01-12T08:30:00.000Z',
  }));
  const ids = (...revisions: number[]): string[] => revisions.map((revision) => stored[revision].id);

  it('answers the original result when every id is stored at consecutive revisions in order', () => {
    expect(findRepeatedAppend('cycle-khoi4:2017', ids(1, 2), stored)).toEqual({ nextExpectedRevision: 2, position: 1300 });
    expect(findRepeatedAppend('cycle-khoi4:2017', ids(1, 2), [...stored].reverse())).toEqual({ nextExpectedRevision: 2, position: 1300 });
  });

  it('leaves the conflict standing when none of the ids is stored', () => {
    expect(findRepeatedAppend('cycle-khoi4:2017', [randomUUID()], stored)).toBeUndefined();
  });

  it('refuses a partial repeat and a repeat in another order', () => {
    expect(findRepeatedAppend('cycle-khoi4:2017', [...ids(3), randomUUID()], stored)).toBeInstanceOf(IdempotencyViolationError);
    expect(findRepeatedAppend('cycle-khoi4:2017', ids(2, 1), stored)).toBeInstanceOf(IdempotencyViolationError);
    expect(findRepeatedAppend('cycle-khoi4:2017', ids(0, 2), stored)).toBeInstanceOf(IdempotencyViolationError);
  });
});
