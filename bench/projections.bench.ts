/**
 * Read-side benchmark: `npm run bench:projections [-- --events 50000] [-- --dir /tmp/bench]`.
 *
 * Generates a synthetic valid log (default 1,000,000 events: 500 blocs x 10 years) into a
 * SQLite event store (reused when `--dir` already holds one), then measures, in this run:
 * - raw: the whole log read back through readAll in pages, JSON parsed: the baseline;
 * - rebuild: every read model dropped and replayed from position 0 into SQLite read models by
 *   the rebuild `npm run projections:rebuild` runs (the log in parts by bloc, one worker thread
 *   each; `--parts N`), in a child process whose peak RSS is reported (it must stream:
 *   < 512 MiB whatever the log's size); target ≥ 0.5x the raw rate;
 * - query latency p50/p99 of standings (random bloc-years), audit searches (bloc-year, unit's
 *   score changes, an actor between two dates, a later page) and time-travel standings.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SQLITE_EVENTS_FILE, SqliteEventStore } from '@app/event-store';
import {
  ReadModelDocuments,
  rebuildSqliteReadModels,
  SqliteReadModelStore,
  StandingsTimeTravel,
  standingsView,
  type AuditQuery,
} from '@app/projections';
import { blocLeadership } from '../apps/api/src/queries/get-leadership/bloc-leadership.js';
import { finalRanking } from '../apps/api/src/queries/get-ranking/final-ranking.js';
import { AuditTrail } from '../apps/api/src/queries/search-audit/audit-trail.js';
import { percentile, printRateTable } from './bench-report.js';
import { generateLogFile } from './generate-log.js';

const RSS_LIMIT_BYTES = 512 * 1024 * 1024;
const READ_PAGE = 1000;

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    dir: { type: 'string' },
    /** Events per subscription batch of the rebuild; the engine's default when absent. */
    'batch-size': { type: 'string' },
    /** Parts of the log the rebuild replays side by side; the cores available when absent. */
    parts: { type: 'string' },
    samples: { type: 'string', default: '1000' },
    'rebuild-child': { type: 'string' },
  },
});
const batchSize = values['batch-size'] === undefined ? undefined : Number(values['batch-size']);
const parts = values.parts === undefined ? undefined : Number(values.parts);

interface RebuildResult {
  readonly events: number;
  readonly seconds: number;
  readonly peakRssBytes: number;
}

if (values['rebuild-child'] !== undefined) {
  console.log(JSON.stringify(await rebuildInThisProcess(values['rebuild-child'])));
} else {
  await main();
}

async function main(): Promise<void> {
  const dir = values.dir ?? (await mkdtemp(join(tmpdir(), 'bench-projections-')));
  const eventsFile = join(dir, SQLITE_EVENTS_FILE);
  await mkdir(dir, { recursive: true });
  try {
    if (existsSync(eventsFile)) console.log(`reusing the log in ${eventsFile}`);
    else await generateLogFile(eventsFile, Number(values.events));

    const store = await SqliteEventStore.open({ file: eventsFile });
    let rawRate = 0;
    let head = 0;
    try {
      head = await store.headPosition();
      // Twice, keeping the faster: the baseline should not profit from a cold page cache.
      for (let round = 0; round < 2; round++) rawRate = Math.max(rawRate, await readAndParse(store, head));
    } finally {
      await store.close();
    }

    const rebuild = await rebuildInChild(dir);
    const met = printRateTable(
      `Read side over ${head.toLocaleString('en-US')} events`,
      'rebuild',
      'raw read+parse',
      [
        {
          scenario: `rebuild (batch ${batchSize ?? 'engine default'})`,
          measured: rebuild.events / rebuild.seconds,
          baseline: rawRate,
          target: 0.5,
        },
      ],
    );
    const rssOk = rebuild.peakRssBytes < RSS_LIMIT_BYTES;
    console.log(
      `rebuild: ${rebuild.events.toLocaleString('en-US')} events in ${rebuild.seconds.toFixed(1)} s; ` +
        `peak RSS ${mebibytes(rebuild.peakRssBytes)} (limit ${mebibytes(RSS_LIMIT_BYTES)}) ${rssOk ? 'ok' : 'MISSED'}`,
    );
    await measureQueries(dir, Number(values.samples));
    if (!met || !rssOk) process.exitCode = 1;
  } finally {
    if (values.dir === undefined) await rm(dir, { recursive: true, force: true });
  }
}

/** Events per second of paging through the whole log with readAll (rows read and parsed). */
async function readAndParse(store: SqliteEventStore, head: number): Promise<number> {
  const started = performance.now();
  let read = 0;
  for (let after = 0; after < head;) {
    const page = await store.readAll({ after, maxCount: READ_PAGE });
    if (page.length === 0) break;
    read += page.length;
    after = page[page.length - 1].position;
  }
  return read / ((performance.now() - started) / 1000);
}

function rebuildInChild(dir: string): Promise<RebuildResult> {
  const script = fileURLToPath(import.meta.url);
  const batchArgs = [
    ...(batchSize === undefined ? [] : ['--batch-size', String(batchSize)]),
    ...(parts === undefined ? [] : ['--parts', String(parts)]),
  ];
  const child = spawn(process.execPath, [script, '--rebuild-child', dir, ...batchArgs], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`the rebuild process exited with ${code}`));
      resolve(JSON.parse(output.trim().split('\n').at(-1) ?? '') as RebuildResult);
    });
  });
}

/**
 * Runs in the child: a fresh process, so that its peak RSS is the rebuild's alone (worker
 * threads included). The rebuild is the one `npm run projections:rebuild` runs.
 */
async function rebuildInThisProcess(dir: string): Promise<RebuildResult> {
  const started = performance.now();
  const { head } = await rebuildSqliteReadModels({ dataDir: dir, batchSize, parts });
  const seconds = (performance.now() - started) / 1000;
  // maxRSS is in KiB: the process's high-water mark, sampled by the kernel, not by a timer.
  return { events: head, seconds, peakRssBytes: process.resourceUsage().maxRSS * 1024 };
}

async function measureQueries(dir: string, samples: number): Promise<void> {
  const store = await SqliteEventStore.open({ file: join(dir, SQLITE_EVENTS_FILE) });
  const readModels = SqliteReadModelStore.open({ dataDir: dir });
  try {
    // The queries as their slices answer them (authorization and read-your-writes aside).
    const documents = new ReadModelDocuments(readModels);
    const timeTravel = new StandingsTimeTravel(readModels, store);
    const trail = new AuditTrail(readModels, store);
    const blocs = await Promise.all(
      (await documents.blocDocuments()).map((bloc) => documents.blocDocument(bloc.id)),
    );
    const bloc = (i: number) => blocs[(i * 7919) % blocs.length];
    const year = (i: number) => {
      const { years } = bloc(i);
      return years[(i * 31) % years.length];
    };
    const unitOf = (i: number) => {
      const { members } = bloc(i);
      return members[(i * 13) % members.length].unitId;
    };
    const firstYear = blocs[0].years[0];

    const auditQueries: ((i: number) => AuditQuery)[] = [
      (i) => ({ blocId: bloc(i).id, year: year(i), limit: 100 }),
      (i) => ({ unitId: unitOf(i), types: ['ScoreAwarded'], limit: 100 }),
      (i) => ({
        actor: `officer-${unitOf(i)}`,
        from: new Date(`${year(i)}-01-01T00:00:00.000Z`),
        to: new Date(`${year(i)}-12-31T23:59:59.999Z`),
        limit: 100,
      }),
      (i) => ({ blocId: bloc(i).id, after: 1000 * (i % 500), limit: 100 }),
      (i) => ({ types: ['LeaderElected', 'DeputyElected'], after: 1000 * (i % 500), limit: 100 }),
    ];
    const rows = [
      await latency('standings', samples, async (i) =>
        standingsView(await documents.standingsDocument(bloc(i).id, year(i))),
      ),
      await latency('ranking', samples, (i) => finalRanking(documents, bloc(i).id, year(i))),
      await latency('leadership', samples, (i) => blocLeadership(documents, bloc(i).id)),
      await latency('audit search', samples, (i) =>
        trail.searchAudit(auditQueries[i % auditQueries.length](i)),
      ),
      await latency('standings asOf', samples, (i) =>
        timeTravel.standingsAsOf(bloc(i).id, firstYear, new Date(`${firstYear + 1}-01-12T00:00:00.000Z`)),
      ),
    ];
    console.log('\nquery latency (ms)\n');
    console.log(
      `${'query'.padEnd(16)}  ${'samples'.padStart(7)}  ${'p50'.padStart(7)}  ${'p99'.padStart(7)}`,
    );
    for (const row of rows) {
      console.log(
        `${row.name.padEnd(16)}  ${String(row.samples).padStart(7)}  ${row.p50.toFixed(3).padStart(7)}  ${row.p99.toFixed(3).padStart(7)}`,
      );
    }
    console.log('');
  } finally {
    await readModels.close();
    await store.close();
  }
}

async function latency(
  name: string,
  samples: number,
  query: (i: number) => Promise<unknown>,
): Promise<{ name: string; samples: number; p50: number; p99: number }> {
  for (let i = 0; i < Math.min(20, samples); i++) await query(samples + i);
  const durations: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    await query(i);
    durations.push(performance.now() - started);
  }
  durations.sort((a, b) => a - b);
  return { name, samples, p50: percentile(durations, 50), p99: percentile(durations, 99) };
}

function mebibytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
}
