/**
 * The default deployment, on the embedded SQLite store, never loads the PostgreSQL driver: the
 * adapters import `pg`'s types only and take the driver from pgDriver() when one of them opens
 * (libs/event-store/src/postgres/pg-driver.ts). The API and the projector are started in a
 * child process (a process of their own, so that Jest's module registry is not what is read).
 */
import { describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChildApp } from './support/child-app.js';

interface Report {
  readonly stage: string;
  readonly pgModules: number;
}

describe('database drivers of the default deployment', () => {
  it('runs the API and the projector on SQLite without loading pg, which loads when asked for', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'blocs-drivers-'));
    try {
      const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        DATA_DIR: dataDir,
        LOG_LEVEL: 'error',
      };
      const child = ChildApp.start('drivers-loaded', 'test/support/drivers-loaded.ts', env, [
        '--then-postgres-driver',
      ]);
      if ((await child.ended()) !== 0) throw new Error(`drivers-loaded did not exit 0:\n${child.tail()}`);
      const report = (stage: string): Report | undefined => {
        const line = child.lineMatching(new RegExp(`^\\{"stage":"${stage}"`));
        return line === undefined ? undefined : (JSON.parse(line) as Report);
      };
      expect(report('ran')).toEqual({ stage: 'ran', pgModules: 0 });
      expect(report('asked')?.pgModules).toBeGreaterThan(0);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
