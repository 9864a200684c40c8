/**
 * API benchmark: `npm run bench:api [-- --scenario busy|blocs|large-log|all] [--repeats 3]
 * [--projections on|off] [--amount 8000] [--seconds 10] [--blocs 50] [--connections 64]
 * [--events 1000000] [--dir DIR]`.
 *
 * Measures commands per second and latency through the whole HTTP edge (Fastify, auth,
 * validation, CQRS dispatch, fold, decide, append at full durability on the embedded SQLite
 * store) against a ceiling measured in the same run with the same requests: a bare `node:http`
 * server that reads and parses each body and answers 201 (CEILING_DESCRIPTION). Each server runs
 * in its own child process; autocannon loads them from this one. Every figure is the median of
 * `--repeats` runs with the spread; each API run is paired with a ceiling run right after it.
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
 * Exits 1 when a goal is missed or any request was not answered 201.
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { Repeated } from './bench-report.js';
import { largeLog } from './api-large-log.js';
import { ms, rate } from './api-load.js';
import { busyBloc, manyBlocs, type BenchSettings, type Outcome } from './api-scenarios.js';
import { CEILING_DESCRIPTION, serveApi, serveCeiling } from './api-servers.js';
import { MAX_REPORTS_PER_BLOC_YEAR } from './api-workload.js';

const { values: options } = parseArgs({
  options: {
    serve: { type: 'string' },
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
    events: { type: 'string', default: '1000000' },
    dir: { type: 'string' },
  },
});

if (options.serve === 'api') await serveApi();
else if (options.serve === 'ceiling') serveCeiling();
else await main();

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
  console.log(`${CEILING_DESCRIPTION}.`);

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

function positive(name: 'repeats' | 'connections' | 'amount' | 'seconds' | 'blocs' | 'events'): number {
  const value = Number(options[name]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive whole number`);
  return value;
}

/** The closing table, one row per scenario, and whether every goal was met. */
function printSummary(outcomes: readonly Outcome[]): boolean {
  const header = [
    'scenario',
    'API',
    'ceiling',
    'ratio (min–max)',
    'goal',
    'p50',
    'p99 (min–max)',
    'goal',
    'not 201',
    '',
  ];
  let allMet = true;
  const rows = outcomes.map(({ scenario, series, goals, extra }) => {
    const ratioMet =
      goals.ratio === undefined || (series.ratio !== undefined && series.ratio.median >= goals.ratio);
    const p99Met = goals.p99 === undefined || series.p99.median < goals.p99;
    // The row's verdict covers the scenario's further goals too (printed below the table).
    const extraMet = (extra ?? []).every((figure) => figure.met !== false);
    const met = ratioMet && p99Met && series.failed === 0 && extraMet;
    allMet &&= met;
    const spread = (figure: Repeated | undefined, format: (value: number) => string): string =>
      figure === undefined ? '–' : `${format(figure.median)} (${format(figure.min)}–${format(figure.max)})`;
    return [
      scenario,
      rate(series.api.median),
      series.ceiling === undefined ? '–' : rate(series.ceiling.median),
      spread(series.ratio, (r) => r.toFixed(3)),
      goals.ratio === undefined ? '' : `≥ ${goals.ratio}x`,
      ms(series.p50.median),
      `${ms(series.p99.median)} (${series.p99.min}–${series.p99.max})`,
      goals.p99 === undefined ? '' : `< ${goals.p99} ms`,
      String(series.failed),
      met ? 'ok' : 'MISSED',
    ];
  });
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...rows.map((row) => row[column]!.length)),
  );
  const format = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join('  ')
      .trimEnd();
  console.log('\nSummary (medians of the repeats; ratio = API rate / ceiling rate, paired run by run)\n');
  console.log(format(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows) console.log(format(row));
  for (const outcome of outcomes) {
    // The scenario printed its other figures above: the goals only.
    for (const { line, met } of outcome.extra ?? []) {
      if (met === undefined) continue;
      console.log(`${outcome.scenario}: ${line} ${met ? 'ok' : 'MISSED'}`);
    }
  }
  console.log('');
  return allMet;
}
