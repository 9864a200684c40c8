import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { Client, escapeIdentifier, Pool } from 'pg';
import { describeEventStoreContract } from '../contract/event-store.contract.js';
import { WrongExpectedRevisionError } from '../event-store.errors.js';
import type { NewEvent, RecordedEvent } from '../event-store.port.js';
import { PostgresEventStore } from './postgres-event-store.js';
import { openScratchDatabase, type ScratchDatabase } from '../testing/postgres-scratch-database.js';

let scratch: ScratchDatabase;

beforeAll(async () => {
  scratch = await openScratchDatabase('store_spec');
});

afterAll(async () => {
  await scratch.drop();
});

const openStore = (schema: string, pool?: Pool): Promise<PostgresEventStore> =>
  PostgresEventStore.open({ connectionString: scratch.connectionString, schema, pool, pollIntervalMs: 200 });

// The contract's tests share one schema (they work in streams of their own); each opens its own store on it.
let contractSchema: string | undefined;
describeEventStoreContract('postgres', async () => {
  const schema = (contractSchema ??= scratch.newSchema());
  const opened: PostgresEventStore[] = [];
  const open = async (): Promise<PostgresEventStore> => {
    const store = await openStore(schema);
    opened.push(store);
    return store;
  };
  return {
    store: await open(),
    reopen: open,
    cleanup: async () => {
      await Promise.all(opened.map((store) => store.close()));
    },
  };
});

function event(type: string, data: unknown): NewEvent {
  return {
    id: randomUUID(),
    type,
    data,
    metadata: {
      actor: { sub: 'writer', role: 'system' },
      correlationId: randomUUID(),
      causationId: randomUUID(),
    },
  };
}

/** Appends after the shared stream's current last event, reading again after each conflict; returns the event id. */
async function appendToSharedStream(store: PostgresEventStore, shared: NewEvent): Promise<string> {
  for (;;) {
    const [last] = await store.readStream('shared', { direction: 'backwards', maxCount: 1 });
    try {
      await store.append('shared', [shared], { expectedRevision: last ? last.revision : 'no_stream' });
      return shared.id;
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
    }
  }
}

/**
 * What a subscription delivered. `until` resolves when the delivered events satisfy a
 * condition, checked by the handler as each batch arrives (no polling), and fails with
 * `what` after the timeout.
 */
class Deliveries {
  readonly events: RecordedEvent[] = [];
  private readonly waiting = new Set<() => void>();

  readonly handler = (batch: readonly RecordedEvent[]): void => {
    this.events.push(...batch);
    for (const check of [...this.waiting]) check();
  };

  until(condition: (events: readonly RecordedEvent[]) => boolean, what: string, timeoutMs = 30_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(check);
        reject(new Error(`timed out: ${what} (${this.events.length} events delivered)`));
      }, timeoutMs);
      const check = (): void => {
        if (!condition(this.events)) return;
        clearTimeout(timer);
        this.waiting.delete(check);
        resolve();
      };
      this.waiting.add(check);
      check();
    });
  }
}

describe('PostgresEventStore under concurrent writers', () => {
  it('delivers every event of 32 concurrent writers (separate pools) to a live subscriber exactly once, in order', async () => {
    const schema = scratch.newSchema();
    const reader = await openStore(schema);
    // One connection each: 32 writers are 32 sessions whose transactions really overlap.
    const pools = Array.from({ length: 32 }, () => new Pool({ connectionString: scratch.connectionString, max: 1 }));
    const writers = await Promise.all(pools.map((pool) => openStore(schema, pool)));
    const deliveries = new Deliveries();
    const subscription = reader.subscribe({ after: 0, batchSize: 7 }, deliveries.handler);
    try {
      const appendsPerWriter = 6;
      // Every writer appends to its own stream, and a quarter of them also contend for one shared
      // stream, so commits mix successes, conflicts and retries across really concurrent transactions.
      const written = await Promise.all(
        writers.map(async (writer, w) => {
          const ids: string[] = [];
          for (let i = 0; i < appendsPerWriter; i++) {
            const batch = [event('Counted', { writer: w, i }), event('Counted', { writer: w, i, second: true })];
            await writer.append(`writer-${w}`, batch, { expectedRevision: i === 0 ? 'no_stream' : 2 * i - 1 });
            ids.push(...batch.map((e) => e.id));
            if (w % 4 === 0 && i % 2 === 0) ids.push(await appendToSharedStream(writer, event('Shared', { writer: w, i })));
          }
          return ids;
        }),
      );
      const expectedIds = written.flat();

      // One event more, after all of them: delivery is in log order, so a duplicate of any
      // earlier event, if there were one, would have arrived by the time this one does.
      const last = event('Counted', { last: true });
      await reader.append('last', [last], { expectedRevision: 'no_stream' });
      await deliveries.until(
        (events) => events.some((e) => e.id === last.id),
        `the last of ${expectedIds.length + 1} events`,
      );
      expect(deliveries.events.at(-1)?.id).toBe(last.id);
      const delivered = deliveries.events.slice(0, -1);

      expect(delivered).toHaveLength(expectedIds.length);
      expect(new Set(delivered.map((e) => e.id))).toEqual(new Set(expectedIds));
      expect(delivered.map((e) => e.position)).toEqual(expectedIds.map((_, index) => index + 1));
      expect(deliveries.events).toEqual(await reader.readAll());
      const shared = delivered.filter((e) => e.streamId === 'shared');
      expect(shared.map((e) => e.revision)).toEqual(shared.map((_, index) => index));
      expect(await reader.verifyIntegrity()).toMatchObject({ ok: true, checked: expectedIds.length + 1 });
    } finally {
      await subscription.stop();
      await Promise.all([reader, ...writers].map((store) => store.close()));
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });

  it('commits concurrent appends of one process in groups, each with its own result or conflict', async () => {
    const store = await openStore(scratch.newSchema());
    try {
      const outcomes = await Promise.allSettled(
        Array.from({ length: 64 }, (_, i) =>
          store.append(i % 2 === 0 ? `own-${i}` : 'contended', [event('Tried', { i })], { expectedRevision: 'no_stream' }),
        ),
      );
      const fulfilled = outcomes.filter((outcome) => outcome.status === 'fulfilled');
      const refused = outcomes.filter((outcome) => outcome.status === 'rejected');
      // 32 own streams plus exactly one winner for the contended stream.
      expect(fulfilled).toHaveLength(33);
      expect(refused).toHaveLength(31);
      for (const outcome of refused) expect(outcome.reason).toBeInstanceOf(WrongExpectedRevisionError);
      const positions = fulfilled.map((outcome) => outcome.value.position).sort((a, b) => a - b);
      expect(positions).toEqual(Array.from({ length: 33 }, (_, i) => i + 1));
    } finally {
      await store.close();
    }
  });
});

describe('PostgresEventStore live delivery across processes', () => {
  it('wakes a subscriber of another store by NOTIFY, without waiting for a poll', async () => {
    const schema = scratch.newSchema();
    // Polling once an hour: only the notification can deliver within the test's wait.
    const reader = await PostgresEventStore.open({ connectionString: scratch.connectionString, schema, pollIntervalMs: 3_600_000 });
    const writer = await openStore(schema);
    await writer.append('bloc-khoi4', [event('BlocRegistered', { blocId: 'khoi4' })], { expectedRevision: 'no_stream' });
    const deliveries = new Deliveries();
    const subscription = reader.subscribe({ after: 0 }, deliveries.handler);
    try {
      // Delivered by the catch-up read, which starts once LISTEN is in place.
      await deliveries.until((events) => events.length === 1, 'the first event');
      await writer.append('bloc-khoi4', [event('MemberAdmitted', { unitId: 'so-du-lich' })], { expectedRevision: 0 });
      await deliveries.until((events) => events.length === 2, 'the notified event', 10_000);
    } finally {
      await subscription.stop();
      await Promise.all([reader.close(), writer.close()]);
    }
  });

  it('keeps delivering, by polling and then listening again, after its LISTEN connection is killed', async () => {
    const schema = scratch.newSchema();
    const reader = await openStore(schema);
    const writer = await openStore(schema);
    const deliveries = new Deliveries();
    const subscription = reader.subscribe({ after: 0 }, deliveries.handler);
    const admin = new Client({ connectionString: scratch.connectionString });
    await admin.connect();
    try {
      await writer.append('bloc-khoi4', [event('BlocRegistered', { blocId: 'khoi4' })], { expectedRevision: 'no_stream' });
      await deliveries.until((events) => events.length === 1, 'the first event');

      const { rowCount } = await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = current_database() AND query LIKE 'LISTEN %' AND pid <> pg_backend_pid()`,
      );
      expect(rowCount).toBeGreaterThanOrEqual(1);
      await writer.append('bloc-khoi4', [event('MemberAdmitted', { unitId: 'so-du-lich' })], { expectedRevision: 0 });
      await deliveries.until((events) => events.length === 2, 'the event appended after the listener died');
      expect(deliveries.events.map((e) => e.revision)).toEqual([0, 1]);
    } finally {
      await admin.end();
      await subscription.stop();
      await Promise.all([reader.close(), writer.close()]);
    }
  });
});

describe('PostgresEventStore tamper evidence', () => {
  it('reports the position of a row altered behind its back', async () => {
    const schema = scratch.newSchema();
    const store = await openStore(schema);
    try {
      await store.append('cycle-khoi4:2017', [event('ScoreAwarded', { unitId: 'so-ldtbxh', points: 961.5 })], {
        expectedRevision: 'no_stream',
      });
      await store.append('cycle-khoi4:2017', [event('ScoreAwarded', { unitId: 'so-khcn', points: 961 })], {
        expectedRevision: 0,
      });
      await store.append('cycle-khoi4:2017', [event('ScoringFinalized', { blocId: 'khoi4', year: 2017 })], {
        expectedRevision: 1,
      });
      expect(await store.verifyIntegrity()).toMatchObject({ ok: true, checked: 3 });

      const client = new Client({ connectionString: scratch.connectionString });
      await client.connect();
      try {
        await client.query(
          `UPDATE ${escapeIdentifier(schema)}.events SET data = replace(data, '961', '999') WHERE position = 2`,
        );
      } finally {
        await client.end();
      }

      expect(await store.verifyIntegrity()).toMatchObject({ ok: false, checked: 1, brokenAt: 2 });
    } finally {
      await store.close();
    }
  });
});
