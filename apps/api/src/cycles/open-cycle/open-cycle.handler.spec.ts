import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { blocDecider, blocStream, cycleStream } from '@app/domain';
import { createEventStore, type EventStore } from '@app/event-store';
import { explicitFramework, readReferenceCase } from '@app/domain/testing';
import type { CommandOrigin } from '../../write/command-origin.js';
import { EventStreams } from '../../write/event-streams.js';
import { OpenCycleCommand } from './open-cycle.command.js';
import { OpenCycleHandler } from './open-cycle.handler.js';

const referenceFramework = explicitFramework(readReferenceCase().cycle.framework);
const origin: CommandOrigin = {
  actor: { sub: 'board-officer', role: 'board' },
  at: '2025-01-12T09:00:00.000Z',
  correlationId: 'meeting-1',
  causationId: '6f1c1c52-8a43-4f43-9d7e-0f6c5a1f2b11',
};

describe('OpenCycleHandler', () => {
  let dataDir: string;
  let store: EventStore;
  let streams: EventStreams;
  let handler: OpenCycleHandler;

  const open = (blocId: string, year: number, leader: string, deputy: string) =>
    handler.execute(
      new OpenCycleCommand({ blocId, year, framework: referenceFramework, leader, deputy }, origin),
    );
  const openedHistory = async (blocId: string, year: number) => {
    const [opened] = await store.readStream(cycleStream(blocId, year), { maxCount: 1 });
    return (opened.data as { leadershipHistory: unknown }).leadershipHistory;
  };

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'open-cycle-'));
    store = await createEventStore({ kind: 'sqlite', dataDir });
    streams = new EventStreams(store);
    handler = new OpenCycleHandler(streams);
    for (const blocId of ['kg-4', 'kg-40']) {
      await streams.decideAndAppend(
        blocStream(blocId),
        blocDecider,
        (bloc) =>
          blocDecider.decide(
            {
              type: 'RegisterBloc',
              data: {
                blocId,
                name: `Khối ${blocId}`,
                members: ['u1', 'u2', 'u3'].map((unitId) => ({ unitId, name: `Unit ${unitId}` })),
              },
              metadata: origin,
            },
            bloc,
          ),
        origin,
      );
    }
  });

  afterEach(async () => {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("carries the bloc's leadership terms across a year it skipped: rotation reads them all", async () => {
    await open('kg-4', 2016, 'u1', 'u2');
    await open('kg-4', 2017, 'u2', 'u3');
    // Another bloc whose id starts the same, with a later cycle: not this bloc's history.
    await open('kg-40', 2018, 'u3', 'u1');
    // No 2018 cycle for kg-4: its 2019 cycle still holds 2016 and 2017.
    await open('kg-4', 2019, 'u3', 'u1');
    expect(await openedHistory('kg-4', 2019)).toEqual([
      { year: 2016, leader: 'u1', deputy: 'u2' },
      { year: 2017, leader: 'u2', deputy: 'u3' },
    ]);
    // A cycle opened later for an earlier year takes the terms before it, not after.
    await open('kg-4', 2018, 'u3', 'u2');
    expect(await openedHistory('kg-4', 2018)).toEqual([
      { year: 2016, leader: 'u1', deputy: 'u2' },
      { year: 2017, leader: 'u2', deputy: 'u3' },
    ]);
    expect(await openedHistory('kg-40', 2018)).toEqual([]);
  });
});
