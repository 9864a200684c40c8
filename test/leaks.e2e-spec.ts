/**
 * What the server must not give away: another bloc's details to a unit officer, and its data
 * folder to the machine's other users (the folder 0700, the record's and secrets' files 0600).
 */
import { chmodSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type E2eApp, seedCycle, type SmallCycle, startE2eApp } from './support/e2e-app.js';

const modeOf = (path: string): string => (statSync(path).mode & 0o777).toString(8);

describe('leaks (e2e)', () => {
  let parent: string;

  beforeAll(async () => {
    parent = await mkdtemp(join(tmpdir(), 'blocs-leaks-'));
  });

  afterAll(async () => {
    await rm(parent, { recursive: true, force: true });
  });

  describe('a bloc read by a unit officer', () => {
    let e2e: E2eApp;
    let mine: SmallCycle;
    let theirs: SmallCycle;

    beforeAll(async () => {
      e2e = await startE2eApp();
      mine = await seedCycle(e2e, 'leak-mine');
      theirs = await seedCycle(e2e, 'leak-theirs');
    });

    afterAll(async () => {
      await e2e?.close();
    });

    it("is its own bloc only: another bloc's members and policy are 403", async () => {
      const officer = mine.unit[mine.units[0]!]!;
      const own = await e2e.api('GET', `/api/blocs/${mine.blocId}`, { token: officer });
      expect([own.status, own.body.id]).toEqual([200, mine.blocId]);
      const other = await e2e.api('GET', `/api/blocs/${theirs.blocId}`, { token: officer });
      expect([other.status, other.body.code]).toEqual([403, 'FORBIDDEN']);
      expect(other.body.members).toBeUndefined();
    });
  });

  describe('the data folder', () => {
    it('is created 0700 with every file of the record and the answers 0600', async () => {
      const dataDir = join(parent, 'fresh', 'data');
      const e2e = await startE2eApp({ dataDir });
      try {
        // A command and a query: every store has opened its file and written to it.
        await seedCycle(e2e, 'modes');
        expect((await e2e.api('GET', '/api/blocs', { token: await e2e.token('board') })).status).toBe(200);
        const files = readdirSync(dataDir);
        for (const name of ['events.sqlite', 'read-models.sqlite', 'api.sqlite'])
          expect(files).toContain(name);
        expect({ dataDir: modeOf(dataDir) }).toEqual({ dataDir: '700' });
        const modes = Object.fromEntries(files.map((name) => [name, modeOf(join(dataDir, name))]));
        expect(modes).toEqual(Object.fromEntries(files.map((name) => [name, '600'])));
      } finally {
        await e2e.close({ keepData: true });
      }
    });

    it('is narrowed on start when an older server left it readable, other files untouched', async () => {
      const dataDir = join(parent, 'older');
      mkdirSync(dataDir, { mode: 0o755 });
      chmodSync(dataDir, 0o755);
      writeFileSync(join(dataDir, 'api.sqlite'), '');
      chmodSync(join(dataDir, 'api.sqlite'), 0o644);
      writeFileSync(join(dataDir, 'notes.txt'), 'not the server’s');
      chmodSync(join(dataDir, 'notes.txt'), 0o644);
      const e2e = await startE2eApp({ dataDir });
      try {
        expect({
          dataDir: modeOf(dataDir),
          api: modeOf(join(dataDir, 'api.sqlite')),
          events: modeOf(join(dataDir, 'events.sqlite')),
          notes: modeOf(join(dataDir, 'notes.txt')),
        }).toEqual({ dataDir: '700', api: '600', events: '600', notes: '644' });
      } finally {
        await e2e.close({ keepData: true });
      }
    });
  });
});
