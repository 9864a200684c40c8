/**
 * Pins the bytes the SQLite store keeps and the hashes it chains for two known events: the
 * values below were written by the store before its append path was reworked for speed (issue
 * 17), so an existing log still verifies and a copy of it still compares equal. A change here
 * is a change of the stored format, not a refactoring.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { canonicalJson } from '../canonical-json.js';
import type { EventMetadata, NewEvent } from '../event-store.port.js';
import { GENESIS_HASH, linkHash } from '../hash-chain.js';
import { SqliteEventStore, type SqliteWriterKind } from './sqlite-event-store.js';

const STREAM_ID = 'cycle-k4:2017:"u1"\\ Sở';
const RECORDED_AT = '2018-01-12T08:30:00.123Z';

const EVENTS: NewEvent[] = [
  {
    // Upper case on purpose: stored (and hashed) in lower case.
    id: '7F0C1E2A-3B4D-4E5F-8A9B-0C1D2E3F4A5B',
    type: 'ScoreAwarded',
    data: {
      unitId: 'so-lao-dong-tb-xh',
      points: 96.5,
      criterion: '1.10',
      year: 2017,
      '10': 'ten',
      '2': 'two',
      note: 'Sở "Lao động"\n\t– Thương binh \u0001 \ud83c\udfc6',
      zero: -0,
      big: 1e21,
      small: 1e-7,
      tiny: 0.1,
      list: [1, 'a', null, true, false, {}, [], { b: 1, a: [2, { d: 4, c: 3 }] }],
      skipped: undefined,
      é: 1,
      Z: 2,
    },
    metadata: {
      reason: 'Chấm điểm',
      actor: { sub: 'officer-syt', name: 'Nguyễn Thị Thu Hà', role: 'unit', unit: 'so-y-te' },
      correlationId: 'c-1',
      causationId: 'c-0',
    },
  },
  // Empty metadata: the store asks only for an object.
  {
    id: '7f0c1e2a-3b4d-4e5f-8a9b-0c1d2e3f4a5c',
    type: 'Note "quoted"\\',
    data: {},
    metadata: {} as EventMetadata,
  },
];

/** The rows as the store wrote them before issue 17's rework. */
const STORED = [
  {
    position: 1,
    id: '7f0c1e2a-3b4d-4e5f-8a9b-0c1d2e3f4a5b',
    stream_id: STREAM_ID,
    revision: 0,
    type: 'ScoreAwarded',
    data:
      '{"10":"ten","2":"two","Z":2,"big":1e+21,"criterion":"1.10","list":[1,"a",null,true,false,{},[],{"a":[2,{"c":3,"d":4}],"b":1}],' +
      '"note":"Sở \\"Lao động\\"\\n\\t– Thương binh \\u0001 🏆","points":96.5,"small":1e-7,"tiny":0.1,"unitId":"so-lao-dong-tb-xh",' +
      '"year":2017,"zero":0,"é":1}',
    metadata:
      '{"actor":{"name":"Nguyễn Thị Thu Hà","role":"unit","sub":"officer-syt","unit":"so-y-te"},"causationId":"c-0","correlationId":"c-1","reason":"Chấm điểm"}',
    recorded_at: RECORDED_AT,
    hash: '52f3b9c9a312b635308b8f7ed33aa95ba9b855c702f25612711b1e97632bbc2b',
  },
  {
    position: 2,
    id: '7f0c1e2a-3b4d-4e5f-8a9b-0c1d2e3f4a5c',
    stream_id: STREAM_ID,
    revision: 1,
    type: 'Note "quoted"\\',
    data: '{}',
    metadata: '{}',
    recorded_at: RECORDED_AT,
    hash: 'c0a4f6c994826eb3fae4230be2384b0eef1cc321b61b08423ec2c383978189e4',
  },
];

describe('the stored format', () => {
  it('serialises data and metadata to the pinned canonical text', () => {
    expect(canonicalJson(EVENTS[0].data)).toBe(STORED[0].data);
    expect(canonicalJson(EVENTS[0].metadata)).toBe(STORED[0].metadata);
    expect(canonicalJson('lone \ud800 surrogate')).toBe('"lone \\ud800 surrogate"');
  });

  it('chains the pinned hashes', () => {
    let previous = GENESIS_HASH;
    for (const row of STORED) {
      previous = linkHash(previous, {
        id: row.id,
        streamId: row.stream_id,
        revision: row.revision,
        position: row.position,
        type: row.type,
        dataJson: row.data,
        metadataJson: row.metadata,
        recordedAt: row.recorded_at,
      });
      expect(previous).toBe(row.hash);
    }
  });

  it('stamps recordedAt as toISOString writes it, within one second and across seconds', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'stored-format-'));
    // Within a second, across a second and a year, before 1970, and back again.
    const times = [
      1_515_745_800_123, 1_515_745_800_007, 1_515_745_800_999, 1_515_745_801_050, 1_546_300_799_999, -1_001,
      -999, -1, 1_515_745_800_080,
    ];
    let call = 0;
    const store = await SqliteEventStore.open({
      file: join(dir, 'events.sqlite'),
      now: () => new Date(times[call++]),
    });
    try {
      for (let n = 0; n < times.length; n++) {
        await store.append(
          `clock-${n}`,
          [{ id: randomUUID(), type: 'Ticked', data: { n }, metadata: {} as EventMetadata }],
          {
            expectedRevision: 'no_stream',
          },
        );
      }
      const recorded = await store.readAll();
      expect(recorded.map((event) => event.recordedAt)).toEqual(
        times.map((time) => new Date(time).toISOString()),
      );
      await expect(store.verifyIntegrity()).resolves.toMatchObject({ ok: true, checked: times.length });
    } finally {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  describe.each<SqliteWriterKind>(['adaptive', 'thread', 'inline'])('written by the %s writer', (writer) => {
    let dir: string;
    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), 'stored-format-'));
    });
    afterEach(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('keeps the pinned text and hashes, as text, and verifies', async () => {
      const file = join(dir, 'events.sqlite');
      const store = await SqliteEventStore.open({ file, writer, now: () => new Date(RECORDED_AT) });
      try {
        await store.append(STREAM_ID, EVENTS, { expectedRevision: 'no_stream' });
        await expect(store.verifyIntegrity()).resolves.toMatchObject({ ok: true, checked: 2 });
      } finally {
        await store.close();
      }
      const db = new Database(file, { readonly: true });
      try {
        expect(db.prepare('SELECT * FROM events ORDER BY position').all()).toEqual(STORED);
        expect(
          db
            .prepare("SELECT count(*) FROM events WHERE typeof(data) = 'text' AND typeof(metadata) = 'text'")
            .pluck()
            .get(),
        ).toBe(2);
      } finally {
        db.close();
      }
    });
  });
});
