import { describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import type { AllStreamJSONRecordedEvent, AllStreamResolvedEvent, AllStreamSubscription } from '@eventstore/db-client';
import type { RecordedEvent } from '../event-store.port.js';
import { prepareAppend } from '../event-store.validation.js';
import {
  toEventData,
} from './eventstoredb-stream-chain.js';
import { EventStoreDbSubscription } from './eventstoredb-subscription.js';

type FakeSource = AllStreamSubscription & { unsubscribed: boolean; write(resolved: AllStreamResolvedEvent): boolean };

/** Stands in for the client's catch-up subscription: an object stream the test writes to. */
function fakeSource(): FakeSource {
  const stream = new PassThrough({ objectMode: true }) as unknown as FakeSource;
  stream.unsubscribed = false;
  stream.unsubscribe = async () => {
    stream.unsubscribed = true;
  };
  return stream;
}

function resolved(position: number, type = 'Tested', streamId = 'cycle-khoi4:2017'): AllStreamResolvedEvent {
  const [prepared] = prepareAppend(
    streamId,
    [{ id: randomUUID(), type, data: { position }, metadata: { actor: { sub: 's', role: 'system' }, correlationId: 'c', causationId: 'c' } }],
    { expectedRevision: 'any' },
  );
  const data = toEventData(streamId, prepared);
  const event: AllStreamJSONRecordedEvent = {
    streamId,
    id: data.id,
    isJson: true,
    revision: BigInt(position),
    type,
    created: new Date(),
    data: data.data as AllStreamJSONRecordedEvent['data'],
    metadata: data.metadata as AllStreamJSONRecordedEvent['metadata'],
    position: { commit: BigInt(position), prepare: BigInt(position) },
  };
  return { event, commitPosition: BigInt(position) };
}

/**
 * What the handlers have received: each handler reports a delivery, and `until` resolves at
 * the first delivery after which its condition holds (no polling; a timeout only to fail).
 */
function deliveries() {
  const waiters = new Set<() => void>();
  return {
    delivered(): void {
      for (const waiter of [...waiters]) waiter();
    },
    until(check: () => boolean, what: string): Promise<void> {
      if (check()) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no delivery brought ${what}`));
        }, 5000);
        const waiter = (): void => {
          if (!check()) return;
          waiters.delete(waiter);
          clearTimeout(timer);
          resolve();
        };
        waiters.add(waiter);
      });
    },
  };
}

/** One turn of the event loop: whatever was ready to run has run. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('EventStoreDbSubscription', () => {
  it('batches what the client holds, up to batchSize, one handler call at a time', async () => {
    const source = fakeSource();
    const watch = deliveries();
    const batches: number[][] = [];
    let running = 0;
    let mostAtOnce = 0;
    const subscription = new EventStoreDbSubscription(source, 0, {}, 2, async (batch) => {
      running++;
      mostAtOnce = Math.max(mostAtOnce, running);
      batches.push(batch.map((event) => event.position));
      watch.delivered();
      // A handler that yields before it ends: a second call would overlap it here.
      await nextTurn();
      running--;
    });
    for (const position of [10, 20, 30, 40, 50]) source.write(resolved(position));
    await watch.until(() => batches.flat().length === 5, 'five events');
    source.write(resolved(60));
    await watch.until(() => batches.flat().length === 6, 'the live event');
    expect(batches).toEqual([[10, 20], [30, 40], [50], [60]]);
    expect(mostAtOnce).toBe(1);
    await subscription.stop();
    await expect(subscription.done).resolves.toBeUndefined();
    expect(source.unsubscribed).toBe(true);
  });

  it('delivers only events of ours after the checkpoint that match the filter', async () => {
    const source = fakeSource();
    const watch = deliveries();
    const delivered: RecordedEvent[] = [];
    const subscription = new EventStoreDbSubscription(source, 20, { types: ['ScoreAwarded'] }, 10, (batch) => {
      delivered.push(...batch);
      watch.delivered();
    });
    source.write(resolved(20, 'ScoreAwarded'));
    source.write(resolved(30, 'PactSigned'));
    source.write(resolved(40, 'ScoreAwarded', '$stats-node'));
    source.write(resolved(50, 'ScoreAwarded'));
    source.write({ commitPosition: 60n });
    source.write(resolved(70, 'ScoreAwarded'));
    await watch.until(() => delivered.length === 2, 'two events');
    await subscription.stop();
    expect(delivered.map((event) => event.position)).toEqual([50, 70]);
  });

  it('stop() waits for the running handler, and nothing is delivered afterwards', async () => {
    const source = fakeSource();
    const watch = deliveries();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const delivered: number[] = [];
    const subscription = new EventStoreDbSubscription(source, 0, {}, 1, async (batch) => {
      delivered.push(...batch.map((event) => event.position));
      watch.delivered();
      await gate;
    });
    source.write(resolved(1));
    source.write(resolved(2));
    await watch.until(() => delivered.length === 1, 'the first event');
    let stopped = false;
    const stopping = subscription.stop().then(() => (stopped = true));
    await nextTurn();
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(delivered).toEqual([1]);
    await expect(subscription.done).resolves.toBeUndefined();
  });

  it('ends with the handler error and stops reading', async () => {
    const source = fakeSource();
    const failure = new Error('projection failed');
    let calls = 0;
    const subscription = new EventStoreDbSubscription(source, 0, {}, 1, () => {
      calls++;
      throw failure;
    });
    source.write(resolved(1));
    source.write(resolved(2));
    await expect(subscription.done).rejects.toBe(failure);
    expect(calls).toBe(1);
    expect(source.unsubscribed).toBe(true);
    await expect(subscription.stop()).resolves.toBeUndefined();
  });

  it('ends with the error of a dropped connection', async () => {
    const source = fakeSource();
    const subscription = new EventStoreDbSubscription(source, 0, {}, 1, () => undefined);
    const dropped = new Error('14 UNAVAILABLE: connection dropped');
    source.destroy(dropped);
    await expect(subscription.done).rejects.toBe(dropped);
  });
});
