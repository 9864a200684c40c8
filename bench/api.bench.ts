/**
 * API benchmark: `npm run bench:api [-- --scenario busy|blocs|large-log|all] [--repeats 3]
 * [--projections on|off] [--amount 8000] [--seconds 10] [--blocs 50] [--connections 64]
 * [--ceiling-seconds 3] [--events 1000000] [--dir DIR]`.
 *
 * Measures commands per second and latency through the whole HTTP edge (Fastify, auth,
 * validation, CQRS dispatch, fold, decide, append at full durability on the embedded SQLite
 * store) against issue 17's ceiling: a bare `node:http` server answering a fixed JSON body (200)
 * to a GET, loaded over the same connections for `--ceiling-seconds`. A second, informational
 * ceiling gets the API run's own POSTs, parses each body and answers 201 (ceilingDescriptions
 * says both exactly). Each server runs in its own child process, started from api-server.ts so
 * that it loads nothing of this driver; autocannon loads them from this one. Each API run is
 * followed at once by its ceiling runs (same machine load); every figure is the median of
 * `--repeats` runs with the spread. The API logs as configured (LOG_LEVEL, info by default: a
 * line per request), to a file in its data folder; `LOG_LEVEL=error` leaves the
 * request lines out, as the passes before 2026-12-05's eighth did.
 *
 * Around each API run the driver reads the API process's CPU time (/proc/<pid>/stat, µs per
 * command) and asks the API's child (api-probe.ts) for its event loop's delay and its GC pauses
 * during the run: what the API's p99 is made of.
 *
 * Scenarios (the default, `busy`, is the quick one, about a minute):
 * - busy: one bloc of 8 units, every request a valid indicator report by the unit's officer,
 *   a fixed `--amount` per repeat, each repeat on a fresh year of the bloc (a year takes at
 *   most 8,000 reports), after a warm-up year; with projections on (the default configuration)
 *   and off. Goals: on ≥ 0.15x and p99 < 50 ms; off ≥ 0.2x.
 * - blocs: `--blocs` blocs, half reporting, half awarding scores in review, `--seconds` per
 *   repeat; projections on and off. Goal: ≥ 0.15x, p99 < 50 ms (keep).
 * - large-log: the busy load on an empty log and on a generated log of `--events` events
 *   (api-large-log.ts). Goals: p50 within 1.2x of the empty log's, the API's RSS < 300 MiB.
 * - all: every scenario.
 * Exits 1 when a goal is missed, any request was not answered 201 or a ceiling failed.
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { Repeated } from './bench-report.js';
import { largeLog } from './api-large-log.js';
import { micros, ms, percent, rate, type CeilingSeries } from './api-load.js';
import { busyBloc, manyBlocs, type BenchSettings, type Outcome } from './api-scenarios.js';
import { apiLogDescription, ceilingDescriptions } from './api-servers.js';
import { LOOP_INTERVAL_MS } from './api-probe.js';
import { MAX_REPORTS_PER_BLOC_YEAR } from './api-workload.js';

const { values: options } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'busy' },
    repeats: { type: 'string', default: '3' },
    /** on or off; both when absent (the large log: on). */
    projections: { type: 'string' },
    /** Requests per repeat of the busy bloc: a bloc-year's cap by default. */
    amount: { type: 'string', default: String(MAX_REPORTS_PER_BLOC_YEAR) },
    /** Seconds per repeat of the 50 blocs. */
    seconds: { type: 'string', default: '10' },
    blocs: { type: 'string', default: '50' },
    connections: { type: 'string', default: '64' },
    /** Seconds per ceiling run. */
    'ceiling-seconds': { type: 'string', default: '3' },
    events: { type: 'string', default: '1000000' },
    dir: { type: 'string' },
  },
});

await main();

async function main(): Promise<void> {
  const scenario = options.scenario!;
  const scenarios = scenario === 'all' ? ['busy', 'blocs', 'large-log'] : [scenario];
  if (!scenarios.every((s) => ['busy', 'blocs', 'large-log'].includes(s))) {
    throw new Error(`--scenario must be busy, blocs, large-log or all, not ${scenario}`);
  }
  if (options.projections !== undefined && !['on', 'off'].includes(options.projections)) {
    throw new Error(`--projections must be on or off, not ${options.projections}`);
  }
  const settings: BenchSettings = {
    repeats: positive('repeats'),
    connections: positive('connections'),
    amount: positive('amount'),
    ceilingSeconds: positive('ceiling-seconds'),
  };
  if (settings.amount > MAX_REPORTS_PER_BLOC_YEAR || settings.amount < settings.connections) {
    throw new Error(
      `--amount must be from --connections to ${MAX_REPORTS_PER_BLOC_YEAR} (a bloc-year's reports), not ${settings.amount}`,
    );
  }
  const both =
    options.projections === undefined ? (['on', 'off'] as const) : [options.projections as 'on' | 'off'];

  console.log(
    `API benchmark, ${new Date().toISOString()}: ${cpus().length} cores, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}, Node ${process.version}`,
  );
  console.log(
    `scenario ${scenario}, ${settings.repeats} repeats (median and min–max printed), ${settings.connections} connections`,
  );
  const ceilings = ceilingDescriptions(settings.connections, settings.ceilingSeconds);
  console.log(`${ceilings.get}.`);
  console.log(`${ceilings.post}.`);
  console.log(`${apiLogDescription(process.env.LOG_LEVEL)}.`);
  console.log(
    "Per API run: its process's CPU time per command created (utime + stime of all its threads, from " +
      '/proc/<pid>/stat) and the share of the run its main thread waited for a CPU, ready to run ' +
      `(/proc/<pid>/schedstat: other threads held the cores); in its process, the event loop's delay beyond the ${LOOP_INTERVAL_MS} ms sampling interval ` +
      "(monitorEventLoopDelay: p50, p99, max) and the share of the run the loop was busy, and the main thread's " +
      "GC pauses (a PerformanceObserver on gc: their total, the longest, the major collections'); and the mean " +
      "latency the connections imply at the run's rate (connections / rate, Little's law): a p50 near it is " +
      'queueing behind the throughput; how far p99 lies above it, beside the loop delay and GC pauses, tells ' +
      'whether the loop stalled.',
  );

  const outcomes: Outcome[] = [];
  for (const which of scenarios) {
    if (which === 'busy')
      for (const projections of both) outcomes.push(await busyBloc(projections, settings));
    if (which === 'blocs')
      for (const projections of both)
        outcomes.push(await manyBlocs(projections, settings, positive('blocs'), positive('seconds')));
    if (which === 'large-log') {
      outcomes.push(
        await largeLog({
          ...settings,
          projections: (options.projections as 'on' | 'off' | undefined) ?? 'on',
          events: positive('events'),
          dir: options.dir,
        }),
      );
    }
  }
  const met = printSummary(outcomes);
  console.log(
    `load average at the end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  if (!met) process.exitCode = 1;
}

function positive(
  name: 'repeats' | 'connections' | 'amount' | 'seconds' | 'blocs' | 'events' | 'ceiling-seconds',
): number {
  const value = Number(options[name]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive whole number`);
  return value;
}

/** The closing tables, one row per scenario each, and whether every goal was met. */
function printSummary(outcomes: readonly Outcome[]): boolean {
  const spread = (figure: Repeated | undefined, format: (value: number) => string): string =>
    figure === undefined ? '–' : `${format(figure.median)} (${format(figure.min)}–${format(figure.max)})`;
  const failedCeilings = (series: Outcome['series']): number =>
    (series.ceiling?.failed ?? 0) + (series.postCeiling?.failed ?? 0);
  let allMet = true;
  const goals = outcomes.map(({ scenario, series, goals, extra }) => {
    const ratioMet =
      goals.ratio === undefined ||
      (series.ceiling !== undefined && series.ceiling.ratio.median >= goals.ratio);
    const p99Met = goals.p99 === undefined || series.p99.median < goals.p99;
    // The row's verdict covers the scenario's further goals too (printed below the table).
    const extraMet = (extra ?? []).every((figure) => figure.met !== false);
    const met = ratioMet && p99Met && series.failed === 0 && failedCeilings(series) === 0 && extraMet;
    allMet &&= met;
    return [
      scenario,
      rate(series.api.median),
      series.ceiling === undefined ? '–' : rate(series.ceiling.rate.median),
      spread(series.ceiling?.ratio, (r) => r.toFixed(3)),
      goals.ratio === undefined ? '' : `≥ ${goals.ratio}x`,
      ms(series.p50.median),
      `${ms(series.p99.median)} (${series.p99.min.toFixed(1)}–${series.p99.max.toFixed(1)})`,
      goals.p99 === undefined ? '' : `< ${goals.p99} ms`,
      String(series.failed),
      met ? 'ok' : failedCeilings(series) > 0 ? 'CEILING FAILED' : 'MISSED',
    ];
  });
  console.log(
    "\nSummary (medians of the repeats; ratio = API rate / the issue's GET ceiling's rate, paired run by run)\n",
  );
  printTable(
    [
      'scenario',
      'API',
      'ceiling GET',
      'ratio (min–max)',
      'goal',
      'p50',
      'p99 (min–max)',
      'goal',
      'not 201',
      '',
    ],
    goals,
  );
  for (const outcome of outcomes) {
    // The scenario printed its other figures above: the goals only.
    for (const { line, met } of outcome.extra ?? []) {
      if (met === undefined) continue;
      console.log(`${outcome.scenario}: ${line} ${met ? 'ok' : 'MISSED'}`);
    }
  }

  console.log(
    "\nWhat the API's latency is made of (medians of the repeats), and the POST ceiling (informational)\n",
  );
  const post = (series: Outcome['series'], figure: (c: CeilingSeries) => string): string =>
    series.postCeiling === undefined ? '–' : figure(series.postCeiling);
  printTable(
    [
      'scenario',
      'queueing',
      'p99',
      'loop p99',
      'loop max',
      'loop busy',
      'GC paused',
      'longest GC',
      'CPU/command',
      'CPU wait',
      'POST ceiling',
      'ratio POST',
    ],
    outcomes.map(({ scenario, series }) => [
      scenario,
      ms((series.connections / series.api.median) * 1000),
      ms(series.p99.median),
      ms(series.process.loopP99.median),
      ms(series.process.loopMax.median),
      percent(series.process.loopBusy.median),
      percent(series.process.gcShare.median),
      ms(series.process.gcLongest.median),
      micros(series.process.cpuPerCommandUs.median),
      percent(series.process.cpuWaitShare.median),
      post(series, (c) => rate(c.rate.median)),
      post(series, (c) => spread(c.ratio, (r) => r.toFixed(3))),
    ]),
  );
  console.log(
    `queueing: ${outcomes[0]?.series.connections ?? ''} connections / the API's rate, the mean latency of requests that only ` +
      `wait for each other (Little's law); loop delay beyond its ${LOOP_INTERVAL_MS} ms sampling interval; GC paused: ` +
      "the main thread's GC pauses over the run's time; CPU: the API process's user + system time per command created; " +
      "CPU wait: the time the loop's thread was ready but waited for a CPU (every other thread: autocannon in the driver, the API's own worker threads, the rest of the machine) over the run's time.",
  );
  console.log('');
  return allMet;
}

function printTable(header: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...rows.map((row) => row[column]!.length)),
  );
  const format = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join('  ')
      .trimEnd();
  console.log(format(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows) console.log(format(row));
}
