/**
 * The process manager's ticks on a real embedded store, with a clock the spec moves: reminders
 * 7 and 1 days before, the passing once, nothing repeated by a restart or a second tracker,
 * fresh reminders for a moved deadline, and the members' own streams read for the reports.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  cycleStream,
  DEFAULT_LEADERSHIP_POLICY,
  type DomainEvent,
  EVENT_SCHEMA_VERSIONS,
  unitCycleStream,
} from '@app/domain';
import { createEventStore, type EventStore } from '@app/event-store';
import { DEADLINE_PROCESS_ACTOR, DeadlineTracker } from './deadline-tracker.js';

const blocId = 'khoi-1';
const year = 2026;
const units = ['a', 'b', 'c'];
const DUE = '2026-07-05T10:00:00.000Z';
const DAY = 24 * 60 * 60 * 1000;
const board = { sub: 'board', role: 'board' as const };

describe('DeadlineTracker', () => {
  let dataDir: string;
  let store: EventStore;
  let now: number;
  const clock = () => now;
  const tracker = () => new DeadlineTracker({ store, clock });

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'deadlines-'));
    store = await createEventStore({ kind: 'sqlite', dataDir });
    await append(cycleStream(blocId, year), [
      {
        type: 'CycleOpened',
        data: {
          blocId,
          year,
          framework: { contents: [] },
          members: units.map((unitId) => ({ unitId, name: unitId })),
          leader: 'a',
          deputy: 'b',
          policy: DEFAULT_LEADERSHIP_POLICY,
          leadershipHistory: [],
        },
      },
      { type: 'PactSigned', data: { blocId, year, unitId: 'a', signatory: { title: 'Giám đốc' } } },
      { type: 'DeadlineSet', data: { blocId, year, kind: 'signing', due: DUE } },
    ]);
  });
  afterEach(async () => {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function append(streamId: string, events: DomainEvent[]): Promise<void> {
    await store.append(
      streamId,
      events.map((event) => ({
        id: randomUUID(),
        type: event.type,
        data: event.data,
        metadata: {
          actor: board,
          correlationId: randomUUID(),
          causationId: randomUUID(),
          schemaVersion: EVENT_SCHEMA_VERSIONS[event.type],
        },
      })),
      { expectedRevision: 'any' },
    );
  }

  /** What the process manager wrote, in order: type, then reminder days or missed units. */
  async function written(): Promise<string[]> {
    const events = await store.readAll({ types: ['DeadlineReminder', 'DeadlinePassed'] });
    for (const event of events) expect(event.metadata.actor).toEqual(DEADLINE_PROCESS_ACTOR);
    return events.map((event) => {
      const data = event.data as { due: string; daysBefore?: number; pending?: string[]; missed?: string[] };
      return event.type === 'DeadlineReminder'
        ? `reminder ${data.daysBefore}d ${data.due} ${data.pending!.join(',')}`
        : `passed ${data.due} ${data.missed!.join(',')}`;
    });
  }

  const at = async (instant: number, ticker = tracker()) => {
    now = instant;
    await ticker.tick();
  };

  it('reminds 7 days and 1 day before, to the units still pending, and records the passing once', async () => {
    const pm = tracker();
    await at(Date.parse(DUE) - 7 * DAY - 1, pm);
    expect(await written()).toEqual([]);
    await at(Date.parse(DUE) - 7 * DAY, pm);
    await at(Date.parse(DUE) - 6 * DAY, pm);
    expect(await written()).toEqual([`reminder 7d ${DUE} b,c`]);
    await append(cycleStream(blocId, year), [
      { type: 'PactSigned', data: { blocId, year, unitId: 'b', signatory: { title: 'Giám đốc' } } },
    ]);
    await at(Date.parse(DUE) - DAY, pm);
    await at(Date.parse(DUE), pm);
    expect(await written()).toEqual([`reminder 7d ${DUE} b,c`, `reminder 1d ${DUE} c`]);
    await at(Date.parse(DUE) + 1, pm);
    await at(Date.parse(DUE) + 30 * DAY, pm);
    expect(await written()).toEqual([`reminder 7d ${DUE} b,c`, `reminder 1d ${DUE} c`, `passed ${DUE} c`]);
  });

  it('repeats nothing after a restart, nor when two trackers tick at once', async () => {
    await at(Date.parse(DUE) - 7 * DAY);
    // A restarted process reads its progress from the log.
    await at(Date.parse(DUE) - 7 * DAY);
    expect(await written()).toEqual([`reminder 7d ${DUE} b,c`]);
    now = Date.parse(DUE) + 1;
    const results = await Promise.allSettled([tracker().tick(), tracker().tick()]);
    await at(Date.parse(DUE) + 2);
    expect(await written()).toEqual([`reminder 7d ${DUE} b,c`, `passed ${DUE} b,c`]);
    // The tracker that lost the race was refused (a conflict) or replayed the same append.
    expect(results.filter((r) => r.status === 'fulfilled').length).toBeGreaterThanOrEqual(1);
  });

  it('gives a moved deadline fresh reminders and a fresh passing', async () => {
    await at(Date.parse(DUE) + 1);
    const moved = '2026-07-20T10:00:00.000Z';
    await append(cycleStream(blocId, year), [
      { type: 'DeadlineSet', data: { blocId, year, kind: 'signing', due: moved, previousDue: DUE } },
    ]);
    const pm = tracker();
    await at(Date.parse(moved) - 7 * DAY, pm);
    await at(Date.parse(moved) + 1, pm);
    expect(await written()).toEqual([`passed ${DUE} b,c`, `reminder 7d ${moved} b,c`, `passed ${moved} b,c`]);
  });

  it("reads the members' own streams for a reporting deadline", async () => {
    await append(cycleStream(blocId, year), [
      { type: 'DeadlineSet', data: { blocId, year, kind: 'reporting', period: '2026-H1', due: DUE } },
    ]);
    await append(unitCycleStream(blocId, year, 'b'), [
      {
        type: 'IndicatorReported',
        data: { blocId, year, unitId: 'b', indicator: 'B1', period: '2026-H1', value: 1 },
      },
    ]);
    await append(unitCycleStream(blocId, year, 'c'), [
      {
        type: 'IndicatorReported',
        data: { blocId, year, unitId: 'c', indicator: 'C1', period: '2026-Q1', value: 1 },
      },
    ]);
    await at(Date.parse(DUE) + 1);
    const passed = (await store.readAll({ types: ['DeadlinePassed'] })).map((event) => event.data);
    expect(passed).toEqual([
      { blocId, year, kind: 'signing', due: DUE, missed: ['b', 'c'] },
      { blocId, year, kind: 'reporting', period: '2026-H1', due: DUE, missed: ['a', 'c'] },
    ]);
  });
});
