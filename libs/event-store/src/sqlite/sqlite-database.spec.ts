import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { openDurableDatabase } from './sqlite-database.js';

const root = mkdtempSync(join(tmpdir(), 'blocs-durable-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('openDurableDatabase', () => {
  it('opens in WAL at synchronous FULL, waiting for a busy writer, in a file 0600 and a folder 0700 it makes', () => {
    const file = join(root, 'new-folder', 'store.sqlite');
    const umask = process.umask(0o022);
    let db: ReturnType<typeof openDurableDatabase> | undefined;
    try {
      db = openDurableDatabase(file);
    } finally {
      process.umask(umask);
    }
    if (db === undefined) throw new Error('not opened');
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(2);
      expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    } finally {
      db.close();
    }
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(root, 'new-folder')).mode & 0o777).toBe(0o700);
  });

  it('narrows an existing file to 0600 and keeps what it holds', () => {
    const file = join(root, 'existing.sqlite');
    const first = openDurableDatabase(file);
    first.exec('CREATE TABLE kept (n INTEGER); INSERT INTO kept VALUES (7)');
    first.close();
    chmodSync(file, 0o644);
    const again = openDurableDatabase(file);
    try {
      expect(again.prepare('SELECT n FROM kept').pluck().get()).toBe(7);
    } finally {
      again.close();
    }
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('refuses a file that is not a database, and leaves its bytes as they were', () => {
    const file = join(root, 'not-a-database.sqlite');
    writeFileSync(file, 'not SQLite at all, long enough to hold a header of a hundred bytes '.repeat(3));
    const before = readFileSync(file);
    expect(() => openDurableDatabase(file)).toThrow(/not a database/);
    expect(readFileSync(file)).toEqual(before);
  });
});
