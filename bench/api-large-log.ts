/**
 * The API on a large log: the busy bloc's load on an empty log and then on a generated log of
 * `events` events (generate-log.ts, as bench:projections writes it; kept and reused with
 * `--dir`), back to back, with the API process's memory and the cost of verifying the log.
 * A kept log is run on in a copy, so that every run starts from the log as it was generated:
 * the load appends some 32,000 events, and the API's head signer and read models write too.
 *
 * Before measuring, the read models are rebuilt by the rebuild CLI (`npm run projections:rebuild`)
 * when the log was generated now or has none; then a first API process is started on the folder
 * and stopped once every projection's lag is 0 and its head signer has signed the log's head (its
 * first pass walks a generated log's whole chain). The measured API process starts on that
 * caught-up log, as a running deployment restarts, and is waited for the same way.
 *
 * Memory is read from /proc/<pid>/status: VmRSS sampled every 250 ms during the load, and VmHWM
 * (the kernel's peak), reset through /proc/<pid>/clear_refs before each phase so that each
 * phase's peak is its own. `verify` is timed twice: GET /api/audit/verify in the API process
 * (its peak above the RSS it had before), and the audit:verify CLI in a process of its own (its
 * peak RSS, getrusage's maxrss); both on the empty log too, so the growth per million events is
 * the difference of the two over the difference of their sizes. The CLI runs once more in a
 * 48 MiB V8 heap, which a log of this size cannot fit in: it completes only if verify streams.
 */
import { constants, existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
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
/** The V8 heap (old space) the audit:verify CLI must verify the large log in. */
const SMALL_HEAP_MIB = 48;
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
  /** How long the first API process took to catch up, and its peak RSS. */
  readonly catchUpSeconds: number;
  readonly catchUpPeak: number;
  /** VmHWM of the measured process from its start on the caught-up log. */
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
  let runDir: string | undefined;
  try {
    await mkdir(dir, { recursive: true });
    await prepareLog(dir, options.events);
    runDir = options.dir === undefined ? dir : await copyOfFolder(dir);

    console.log('  on the empty log:');
    const empty = await runOnLog(emptyDir, options);
    const emptyCli = await verifyWithCli(emptyDir);
    console.log(`  on the log in ${dir}${runDir === dir ? '' : ` (a copy of it: ${runDir})`}:`);
    const large = await runOnLog(runDir, options);
    const largeCli = await verifyWithCli(runDir);
    // Streams, or fails here: the log is far larger than this heap.
    const smallHeapCli = await verifyWithCli(runDir, SMALL_HEAP_MIB).catch((error: unknown) => {
      console.log(
        `    audit:verify CLI in a ${SMALL_HEAP_MIB} MiB heap FAILED: ${String(error).slice(0, 300)}`,
      );
      return undefined;
    });
    return judge(title, empty, emptyCli, large, largeCli, smallHeapCli);
  } finally {
    await rm(emptyDir, { recursive: true, force: true });
    if (options.dir === undefined) await rm(dir, { recursive: true, force: true });
    else if (runDir !== undefined) await rm(runDir, { recursive: true, force: true });
  }
}

/** A copy of a kept log's folder beside it (a clone where the file system makes one). */
async function copyOfFolder(dir: string): Promise<string> {
  const copy = await mkdtemp(`${dir.replace(/[/\\]+$/, '')}-run-`);
  const started = performance.now();
  await cp(dir, copy, { recursive: true, mode: constants.COPYFILE_FICLONE });
  console.log(`  copied ${dir} to ${copy} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return copy;
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
  // A first API process catches up (the read models' tail, and the head signer's first pass,
  // which walks a generated log's whole chain), then stops: the measured process starts on a
  // caught-up log, as a running deployment restarts.
  const catchUp = await withScratchApi(
    options.projections,
    async (api, secret) => {
      const board = await signToken(secret, { sub: 'bench-auditor', role: 'board' }, '4h');
      const started = performance.now();
      const head = await caughtUp(api, board, options.projections);
      return { head, seconds: (performance.now() - started) / 1000, peak: (await memoryOf(api.pid)).peak };
    },
    dataDir,
  );
  console.log(
    `    caught up at position ${catchUp.head.toLocaleString('en-US')} in ${catchUp.seconds.toFixed(1)} s by a first API ` +
      `process (read models at the head, the head signed), its peak RSS ${mebibytes(catchUp.peak)}`,
  );
  return withScratchApi(
    options.projections,
    async (api, secret) => {
      const board = await signToken(secret, { sub: 'bench-auditor', role: 'board' }, '4h');
      const head = await caughtUp(api, board, options.projections);
      const startPeak = (await memoryOf(api.pid)).peak;

      await resetPeak(api.pid);
      const sampler = sampleRss(api.pid);
      const series = await runBusyBloc(api, secret, options, undefined, '    ');
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
        catchUpSeconds: catchUp.seconds,
        catchUpPeak: catchUp.peak,
        startPeak,
        series,
        loadPeak,
        loadSampledMax: sampled.max,
        loadSampledMedian: sorted[Math.floor(sorted.length / 2)]!,
        verify: { checked: answer.checked ?? 0, seconds: verifySeconds, rssBefore, peak: verifyPeak },
      };
      for (const line of formatSeries(series)) console.log(`  ${line}`);
      console.log(
        `    API RSS: ${mebibytes(startPeak)} at its peak from its start to caught up; during the load peak ` +
          `${mebibytes(loadPeak)} (VmHWM), sampled max ${mebibytes(sampled.max)}, median ` +
          `${mebibytes(run.loadSampledMedian)} (${sampled.samples.length} samples)`,
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

/**
 * `npm run audit:verify` on the folder, in a process of its own, with its peak RSS; with
 * `oldSpaceMiB`, in a V8 heap of that size (a log that does not fit in it cannot be held).
 */
async function verifyWithCli(dataDir: string, oldSpaceMiB?: number): Promise<CliVerify> {
  const heap: Record<string, string> =
    oldSpaceMiB === undefined ? {} : { NODE_OPTIONS: `--max-old-space-size=${oldSpaceMiB}` };
  const run = await runToEnd(CLI('audit-verify'), [], { DATA_DIR: dataDir, EVENT_STORE: 'sqlite', ...heap });
  const report = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as {
    ok?: boolean;
    checked?: number;
  };
  if (run.code !== 0 || report.ok !== true)
    throw new Error(`audit:verify exited with ${run.code}: ${run.stdout}`);
  const checked = report.checked ?? 0;
  console.log(
    `    audit:verify CLI${oldSpaceMiB === undefined ? '' : ` in a ${oldSpaceMiB} MiB heap`}: ` +
      `${checked.toLocaleString('en-US')} events in ${run.seconds.toFixed(2)} s (process start included), peak RSS ${mebibytes(run.peakRss)}`,
  );
  return { checked, seconds: run.seconds, peakRss: run.peakRss };
}

function judge(
  title: string,
  empty: LogRun,
  emptyCli: CliVerify,
  large: LogRun,
  largeCli: CliVerify,
  smallHeapCli: CliVerify | undefined,
): Outcome {
  const millions = (events: number): number => events / 1_000_000;
  const growth = millions(large.verify.checked - empty.verify.checked);
  // Below a few hundred thousand events the heap's own slack hides any slope.
  const perMillion = (bytes: number): string =>
    growth >= SLOPE_MIN_EVENTS / 1_000_000
      ? `${(bytes / 1024 / 1024 / growth).toFixed(1)} MiB per million events`
      : `no slope drawn below ${SLOPE_MIN_EVENTS.toLocaleString('en-US')} events`;
  const perSecond = (r: number): string => `${Math.round(r).toLocaleString('en-US')}/s`;
  const p50Ratio = large.series.p50.median / empty.series.p50.median;
  const runPeak = Math.max(large.startPeak, large.loadPeak);
  const verifyGrowth = (run: LogRun): number => run.verify.peak - run.verify.rssBefore;
  const goals = [
    `command p50 ${ms(large.series.p50.median)} on ${large.head.toLocaleString('en-US')} events vs ` +
      `${ms(empty.series.p50.median)} on an empty log: ${p50Ratio.toFixed(2)}x (goal ≤ ${P50_GOAL_RATIO}x); ` +
      `rate ${formatRepeated(large.series.api, perSecond)} vs ${formatRepeated(empty.series.api, perSecond)}`,
    `API RSS ${mebibytes(runPeak)} at its peak from its start through the load (goal < ${mebibytes(RSS_GOAL_BYTES)}): ` +
      `start ${mebibytes(large.startPeak)}, load ${mebibytes(large.loadPeak)} (sampled median ` +
      `${mebibytes(large.loadSampledMedian)}); on the empty log ${mebibytes(Math.max(empty.startPeak, empty.loadPeak))}`,
  ];
  const reported = [
    `catching up (the first API process: read models' tail, the head signer's first pass): ` +
      `${large.catchUpSeconds.toFixed(1)} s, peak RSS ${mebibytes(large.catchUpPeak)}`,
    `GET /api/audit/verify in the API: ${(large.verify.seconds / millions(large.verify.checked)).toFixed(1)} s per million ` +
      `events; the API's peak ${mebibytes(large.verify.peak)}, ${mebibytes(verifyGrowth(large))} above its RSS before on ` +
      `${large.verify.checked.toLocaleString('en-US')} events, ${mebibytes(verifyGrowth(empty))} on ` +
      `${empty.verify.checked.toLocaleString('en-US')}: ${perMillion(verifyGrowth(large) - verifyGrowth(empty))}`,
    `audit:verify CLI: ${(largeCli.seconds / millions(largeCli.checked)).toFixed(1)} s per million events ` +
      `(its process start included); peak RSS ${mebibytes(largeCli.peakRss)} on ` +
      `${largeCli.checked.toLocaleString('en-US')} events, ${mebibytes(emptyCli.peakRss)} on ` +
      `${emptyCli.checked.toLocaleString('en-US')}: ${perMillion(largeCli.peakRss - emptyCli.peakRss)}`,
  ];
  // A small log fits in the small heap whether or not verify streams: only a large one tells.
  const telling = largeCli.checked >= SLOPE_MIN_EVENTS;
  const streams =
    smallHeapCli === undefined
      ? `audit:verify CLI in a ${SMALL_HEAP_MIB} MiB V8 heap: FAILED, something holds the log`
      : `audit:verify CLI in a ${SMALL_HEAP_MIB} MiB V8 heap: verifies the same ` +
        `${smallHeapCli.checked.toLocaleString('en-US')} events (peak RSS ${mebibytes(smallHeapCli.peakRss)}): ` +
        (telling
          ? 'it streams, a larger peak is garbage not yet collected'
          : `too small a log to tell whether it streams (${SLOPE_MIN_EVENTS.toLocaleString('en-US')} events or more do)`);
  console.log(`  ${title}:`);
  for (const line of [...goals, ...reported, streams]) console.log(`    ${line}`);
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
      { line: goals[0]!, met: p50Ratio <= P50_GOAL_RATIO },
      { line: goals[1]!, met: runPeak < RSS_GOAL_BYTES },
      ...reported.map((line) => ({ line })),
      telling ? { line: streams, met: smallHeapCli?.checked === largeCli.checked } : { line: streams },
    ],
  };
}
