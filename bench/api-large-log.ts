/**
 * The API on a large log: the busy bloc's load on an empty log and then on a generated log of
 * `events` events (generate-log.ts, as bench:projections writes it; kept and reused with
 * `--dir`), back to back, with the API process's memory and the cost of verifying the log.
 *
 * Before measuring, the read models are rebuilt by the rebuild CLI (`npm run projections:rebuild`)
 * when the log was generated now or has none, and the API is started on the folder and waited
 * for until every projection's lag is 0 and its head signer has signed the log's head (its first
 * pass walks the whole chain): the load then measures commands, not catching up.
 *
 * Memory is read from /proc/<pid>/status: VmRSS sampled every 250 ms during the load, and VmHWM
 * (the kernel's peak), reset through /proc/<pid>/clear_refs before each phase so that each
 * phase's peak is its own. `verify` is timed twice: GET /api/audit/verify in the API process
 * (its peak above the RSS it had before), and the audit:verify CLI in a process of its own (its
 * peak RSS, getrusage's maxrss); both on the empty log too, so the growth per million events is
 * the difference of the two over the difference of their sizes.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { signToken } from '../apps/api/src/auth/token.signer.js';
import { SQLITE_EVENTS_FILE } from '@app/event-store';
import { READ_MODELS_FILE } from '@app/projections';
import { formatRepeated } from './bench-report.js';
import { formatSeries, ms, type Series } from './api-load.js';
import { runBusyBloc, withScratchApi, type BenchSettings, type Outcome } from './api-scenarios.js';
import { mebibytes, memoryOf, resetPeak, runToEnd, sampleRss, type Server } from './api-servers.js';
import { generateLogFile } from './generate-log.js';

const P50_GOAL_RATIO = 1.2;
const RSS_GOAL_BYTES = 300 * 1024 * 1024;
/** The least difference of log sizes that memory per million events is drawn from. */
const SLOPE_MIN_EVENTS = 200_000;
/** How long the API may take to catch up with a log before the benchmark gives up. */
const CATCH_UP_TIMEOUT_MS = 30 * 60 * 1000;
const CLI = (name: string): string =>
  fileURLToPath(new URL(`../apps/projector/src/cli/${name}.js`, import.meta.url));

export interface LargeLogOptions extends BenchSettings {
  readonly projections: 'on' | 'off';
  readonly events: number;
  /** Where the log is kept and reused; a scratch folder, removed afterwards, when absent. */
  readonly dir?: string;
}

/** What one API process did on one log. */
interface LogRun {
  readonly head: number;
  readonly catchUpSeconds: number;
  /** VmHWM from the start to caught up. */
  readonly startPeak: number;
  readonly series: Series;
  /** VmHWM during the set-up, warm-up and measured loads. */
  readonly loadPeak: number;
  readonly loadSampledMax: number;
  readonly loadSampledMedian: number;
  readonly verify: {
    readonly checked: number;
    readonly seconds: number;
    readonly rssBefore: number;
    readonly peak: number;
  };
}

interface CliVerify {
  readonly checked: number;
  readonly seconds: number;
  readonly peakRss: number;
}

export async function largeLog(options: LargeLogOptions): Promise<Outcome> {
  const title = `large log, projections ${options.projections}`;
  console.log(
    `\n${title}: the busy bloc's load (${options.amount.toLocaleString('en-US')} reports per repeat) on an empty log, ` +
      `then on a log of about ${options.events.toLocaleString('en-US')} events`,
  );
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'blocs-bench-api-log-')));
  const emptyDir = await mkdtemp(join(tmpdir(), 'blocs-bench-api-empty-'));
  try {
    await mkdir(dir, { recursive: true });
    await prepareLog(dir, options.events);

    console.log('  on the empty log:');
    const empty = await runOnLog(emptyDir, options);
    const emptyCli = await verifyWithCli(emptyDir);
    console.log(`  on the log in ${dir}:`);
    const large = await runOnLog(dir, options);
    const largeCli = await verifyWithCli(dir);
    return judge(title, options, empty, emptyCli, large, largeCli);
  } finally {
    await rm(emptyDir, { recursive: true, force: true });
    if (options.dir === undefined) await rm(dir, { recursive: true, force: true });
  }
}

/** Generates the log unless the folder holds one, and rebuilds the read models if needed. */
async function prepareLog(dir: string, events: number): Promise<void> {
  const eventsFile = join(dir, SQLITE_EVENTS_FILE);
  let generated = false;
  if (existsSync(eventsFile)) {
    console.log(`  reusing the log in ${eventsFile}`);
  } else {
    await generateLogFile(eventsFile, events);
    generated = true;
  }
  if (generated || !existsSync(join(dir, READ_MODELS_FILE))) {
    const rebuild = await runToEnd(CLI('rebuild'), [], { DATA_DIR: dir, EVENT_STORE: 'sqlite' });
    if (rebuild.code !== 0) throw new Error(`the rebuild CLI exited with ${rebuild.code}`);
    console.log(
      `  rebuilt the read models with the rebuild CLI in ${rebuild.seconds.toFixed(1)} s, its peak RSS ${mebibytes(rebuild.peakRss)}`,
    );
  }
}

async function runOnLog(dataDir: string, options: LargeLogOptions): Promise<LogRun> {
  return withScratchApi(
    options.projections,
    async (api, secret) => {
      const board = await signToken(secret, { sub: 'bench-auditor', role: 'board' }, '4h');
      const started = performance.now();
      const head = await caughtUp(api, board, options.projections);
      const catchUpSeconds = (performance.now() - started) / 1000;
      const startPeak = (await memoryOf(api.pid)).peak;
      console.log(
        `    caught up at position ${head.toLocaleString('en-US')} in ${catchUpSeconds.toFixed(1)} s` +
          ` (read models at the head, the head signed); peak RSS so far ${mebibytes(startPeak)}`,
      );

      await resetPeak(api.pid);
      const sampler = sampleRss(api.pid);
      const series = await runBusyBloc(api.url, secret, options, undefined, '    ');
      const sampled = await sampler.stop();
      const loadPeak = (await memoryOf(api.pid)).peak;
      const sorted = [...sampled.samples].sort((a, b) => a - b);

      await resetPeak(api.pid);
      const rssBefore = (await memoryOf(api.pid)).rss;
      const verifyStarted = performance.now();
      const response = await fetch(`${api.url}/api/audit/verify`, {
        headers: { authorization: `Bearer ${board}` },
      });
      const answer = (await response.json()) as { ok?: boolean; checked?: number };
      const verifySeconds = (performance.now() - verifyStarted) / 1000;
      if (response.status !== 200 || answer.ok !== true) {
        throw new Error(`GET /api/audit/verify: ${response.status} ${JSON.stringify(answer)}`);
      }
      const verifyPeak = (await memoryOf(api.pid)).peak;
      const run: LogRun = {
        head,
        catchUpSeconds,
        startPeak,
        series,
        loadPeak,
        loadSampledMax: sampled.max,
        loadSampledMedian: sorted[Math.floor(sorted.length / 2)]!,
        verify: { checked: answer.checked ?? 0, seconds: verifySeconds, rssBefore, peak: verifyPeak },
      };
      for (const line of formatSeries(series)) console.log(`  ${line}`);
      console.log(
        `    API RSS during the load: peak ${mebibytes(loadPeak)} (VmHWM), sampled max ${mebibytes(sampled.max)}, ` +
          `median ${mebibytes(run.loadSampledMedian)} (${sampled.samples.length} samples)`,
      );
      console.log(
        `    GET /api/audit/verify: ${run.verify.checked.toLocaleString('en-US')} events in ${verifySeconds.toFixed(2)} s, ` +
          `API peak ${mebibytes(verifyPeak)} from ${mebibytes(rssBefore)} before`,
      );
      return run;
    },
    dataDir,
  );
}

/**
 * Waits until the read models are at the log's head (PROJECTIONS=on; `GET /api/health` reports
 * each projection's lag) and the API's head signer has signed the head (`GET /api/audit/head`).
 * Answers the head's position.
 */
async function caughtUp(api: Server, board: string, projections: 'on' | 'off'): Promise<number> {
  const deadline = Date.now() + CATCH_UP_TIMEOUT_MS;
  let said = Date.now();
  for (;;) {
    const health = (await (await fetch(`${api.url}/api/health`)).json()) as {
      projections: { name: string; position: number; lag: number }[];
    };
    const head = Math.max(0, ...health.projections.map((p) => p.position + p.lag));
    const lag = Math.max(0, ...health.projections.map((p) => p.lag));
    const signed = await fetch(`${api.url}/api/audit/head`, {
      headers: { authorization: `Bearer ${board}` },
    });
    const signedAt = signed.status === 200 ? ((await signed.json()) as { position: number }).position : 0;
    if (signed.status !== 200 && signed.status !== 404)
      throw new Error(`GET /api/audit/head: ${signed.status}`);
    // An empty log has no head to sign (404).
    if ((projections === 'off' || lag === 0) && signedAt >= head) return head;
    if (Date.now() > deadline)
      throw new Error(
        `not caught up in ${CATCH_UP_TIMEOUT_MS / 60000} min: lag ${lag}, head signed at ${signedAt} of ${head}`,
      );
    if (Date.now() - said > 10_000) {
      console.log(
        `    catching up: read models' lag ${lag.toLocaleString('en-US')}, head signed at ${signedAt.toLocaleString('en-US')} of ${head.toLocaleString('en-US')}`,
      );
      said = Date.now();
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** `npm run audit:verify` on the folder, in a process of its own, with its peak RSS. */
async function verifyWithCli(dataDir: string): Promise<CliVerify> {
  const run = await runToEnd(CLI('audit-verify'), [], { DATA_DIR: dataDir, EVENT_STORE: 'sqlite' });
  const report = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as {
    ok?: boolean;
    checked?: number;
  };
  if (run.code !== 0 || report.ok !== true)
    throw new Error(`audit:verify exited with ${run.code}: ${run.stdout}`);
  const checked = report.checked ?? 0;
  console.log(
    `    audit:verify CLI: ${checked.toLocaleString('en-US')} events in ${run.seconds.toFixed(2)} s (process start included), ` +
      `peak RSS ${mebibytes(run.peakRss)}`,
  );
  return { checked, seconds: run.seconds, peakRss: run.peakRss };
}

function judge(
  title: string,
  options: LargeLogOptions,
  empty: LogRun,
  emptyCli: CliVerify,
  large: LogRun,
  largeCli: CliVerify,
): Outcome {
  const millions = (events: number): number => events / 1_000_000;
  const growth = millions(large.verify.checked - empty.verify.checked);
  // Below a few hundred thousand events the heap's own slack hides any slope.
  const perMillion = (bytes: number): string =>
    growth >= SLOPE_MIN_EVENTS / 1_000_000
      ? `${(bytes / 1024 / 1024 / growth).toFixed(1)} MiB per million events`
      : `no slope drawn below ${SLOPE_MIN_EVENTS.toLocaleString('en-US')} events`;
  const p50Ratio = large.series.p50.median / empty.series.p50.median;
  const lifePeak = Math.max(large.startPeak, large.loadPeak, large.verify.peak);
  const lines = [
    `command p50 ${ms(large.series.p50.median)} on ${large.head.toLocaleString('en-US')} events vs ${ms(empty.series.p50.median)} ` +
      `on an empty log: ${p50Ratio.toFixed(2)}x (goal ≤ ${P50_GOAL_RATIO}x); rate ${formatRepeated(large.series.api, (r) => `${Math.round(r)}/s`)} ` +
      `vs ${formatRepeated(empty.series.api, (r) => `${Math.round(r)}/s`)}`,
    `API RSS ${mebibytes(lifePeak)} at its peak (goal < ${mebibytes(RSS_GOAL_BYTES)}): start-up and catch-up ${mebibytes(large.startPeak)}, ` +
      `load ${mebibytes(large.loadPeak)} (empty log: ${mebibytes(empty.loadPeak)}), GET /api/audit/verify ${mebibytes(large.verify.peak)}`,
  ];
  const info = [
    `GET /api/audit/verify: ${(large.verify.seconds / millions(large.verify.checked)).toFixed(1)} s per million events; ` +
      `the API's peak above its RSS before: ${mebibytes(large.verify.peak - large.verify.rssBefore)} on ` +
      `${large.verify.checked.toLocaleString('en-US')} events, ${mebibytes(empty.verify.peak - empty.verify.rssBefore)} on ` +
      `${empty.verify.checked.toLocaleString('en-US')}: ` +
      perMillion(large.verify.peak - large.verify.rssBefore - (empty.verify.peak - empty.verify.rssBefore)),
    `audit:verify CLI: ${((largeCli.seconds - emptyCli.seconds) / millions(largeCli.checked - emptyCli.checked)).toFixed(1)} s per million events ` +
      `(start-up subtracted); peak RSS ${mebibytes(largeCli.peakRss)} on ${largeCli.checked.toLocaleString('en-US')} events, ` +
      `${mebibytes(emptyCli.peakRss)} on ${emptyCli.checked.toLocaleString('en-US')}: ${perMillion(largeCli.peakRss - emptyCli.peakRss)}`,
  ];
  console.log(`  ${title}:`);
  for (const line of [...lines, ...info]) console.log(`    ${line}`);
  return {
    scenario: title,
    // The empty log's refusals count as much as the large one's.
    series: {
      ...large.series,
      failed: large.series.failed + empty.series.failed,
      failures: [...empty.series.failures, ...large.series.failures].slice(0, 5),
    },
    goals: {},
    extra: [
      { line: lines[0]!, met: p50Ratio <= P50_GOAL_RATIO && empty.series.failed === 0 },
      { line: lines[1]!, met: lifePeak < RSS_GOAL_BYTES },
      ...info.map((line) => ({ line })),
    ],
  };
}
