/**
 * Keyed commands on PostgreSQL: many at once, valid and invalid, all get an answer, and the
 * server keeps answering afterwards. The idempotency store once held a pooled connection per
 * key for its lock and asked the same pool for a second one: ten concurrent keys exhausted it
 * and every later keyed request hung.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { type E2eApp, seedCycle, type SmallCycle, startE2eApp } from './support/e2e-app.js';

/** The local development server; CI's DATABASE_URL names a server where databases may be created. */
const SERVER = process.env.DATABASE_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/test';
const CONCURRENT_COMMANDS = 50;

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: SERVER });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

describe('keyed commands on PostgreSQL (e2e)', () => {
  const database = `idem_e2e_${randomBytes(5).toString('hex')}`;
  let e2e: E2eApp;
  let cycle: SmallCycle;

  beforeAll(async () => {
    await admin(`CREATE DATABASE ${database}`);
    const url = new URL(SERVER);
    url.pathname = `/${database}`;
    e2e = await startE2eApp({ config: { eventStore: 'postgres', databaseUrl: url.toString() } });
    cycle = await seedCycle(e2e, 'idem-pg', { phase: 'in_force' });
  });

  afterAll(async () => {
    await e2e?.close();
    await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  });

  const report = (key: string, body: unknown, unitId: string) =>
    e2e.api('POST', `${cycle.path}/reports`, {
      token: cycle.unit[unitId],
      body,
      headers: { 'idempotency-key': key },
    });

  it(
    `answers ${CONCURRENT_COMMANDS} concurrent keyed commands, valid and invalid, and the next one`,
    async () => {
      const sent = Array.from({ length: CONCURRENT_COMMANDS }, (_, i) => {
        const unitId = cycle.units[i % cycle.units.length]!;
        const valid = i % 2 === 0;
        const body = valid
          ? { unitId, indicator: 'T1', period: '2024', value: i }
          : { unitId, indicator: 'T1', period: '2024', value: 'not a number' };
        return { valid, answer: report(`concurrent-${i}`, body, unitId) };
      });
      const answers = await Promise.all(
        sent.map(async ({ valid, answer }) => ({ valid, status: (await answer).status })),
      );
      expect(answers).toEqual(sent.map(({ valid }) => ({ valid, status: valid ? 201 : 400 })));

      const unitId = cycle.units[0]!;
      const after = await report(
        'after-the-burst',
        { unitId, indicator: 'T1', period: '2024', value: 1 },
        unitId,
      );
      expect(after.status).toBe(201);
    },
    // The failure this guards against is a hang: fail on it well before the suite's limit.
    30_000,
  );
});
