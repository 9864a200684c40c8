/**
 * Instruction counts of the SQLite store's hot path: `npm run bench:instructions [-- --repeats 3]
 * [-- --batches 50] [-- --singles 1000] [-- --warm-up 60] [-- --warm-up-singles 4000]
 * [-- --dir /dev/shm] [-- --jobs 1] [-- --node-flags "..."]`.
 *
 * Wall-clock rates move with whatever else the machine runs; the number of instructions a fixed
 * piece of work executes barely does. This runs instructions-workload.ts under
 * `valgrind --tool=callgrind` (which counts the user-space instructions of every thread of the
 * process) for each side (the store through its public API, raw better-sqlite3 with the same
 * rows) and each kind of append (100-event appends, single-event appends with an expected
 * revision), plus a reference run of the same script that does everything but the counted
 * appends (node's start, opening the file, the warm-up, making the events), and prints
 * (count − reference) / events: the instructions one event costs.
 *
 * What is left out: the kernel's work and the waiting of fsync (callgrind counts user space
 * only). The files are put on a tmpfs (/dev/shm) so that the runs are quick; the pragmas stay
 * WAL and synchronous FULL. This measures CPU work only, to be read beside bench:store.
 *
 * Node runs with `--predictable --predictable-gc-schedule`: V8 compiles and collects garbage on
 * the main thread, on a schedule that depends on allocation, not on the clock (a run under
 * valgrind is 50 times slower, and the machine's load changes how much slower). With V8's
 * defaults two reference runs differed by 1.3%; with `--predictable` alone, runs of the same
 * work by up to 6%; with both flags, by under 0.2% (2026-12-04). The JIT stays on (it is
 * what production runs); `--jitless` cannot be used anyway: loading the event-store library
 * loads undici, which needs WebAssembly. Compare figures measured with the same settings only:
 * a garbage collection or a compilation falls inside or outside the counted appends depending
 * on their number, so the figure per event moves by up to a fifth when --batches or --singles
 * change, while it repeats within 1% at the same settings.
 *
 * The warm-up is what makes the figure the steady state's: V8 optimises a function once it has
 * run often enough, and a function that runs once per append (the group commit's, the event
 * loop's) needs thousands of appends. With the earlier warm-up of 10 100-event and 100 single
 * appends, TurboFan compiled a dozen of the store's functions during the counted single appends
 * (`--trace-opt`): 237,000 of the 610,000 instructions counted per single append were the
 * compiler's, a cost a server pays once. From 60 100-event and 4,000 single appends on, nothing
 * is compiled during the counted work of either side (checked with `--trace-opt`, 2026-12-04).
 */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatRepeated, type Repeated, repeated } from './bench-report.js';
import type { WorkloadAppend, WorkloadSide } from './instructions-workload.js';
import { BATCH_SIZE, parseRepeats } from './store-workload.js';

const WORKLOAD = fileURLToPath(new URL('./instructions-workload.js', import.meta.url));
const SIDES: readonly WorkloadSide[] = ['store', 'raw'];
const APPENDS: readonly WorkloadAppend[] = ['none', 'batches', 'singles'];
/** V8 compiles and collects garbage on the main thread only, on a schedule that does not follow the clock. */
const NODE_FLAGS = '--predictable --predictable-gc-schedule';

interface Settings {
  readonly repeats: number;
  readonly batches: number;
  readonly singles: number;
  readonly warmUp: number;
  readonly warmUpSingles: number;
  readonly dir: string;
  readonly nodeFlags: readonly string[];
  /** How many valgrind runs at once; the counts do not depend on it, only the waiting. */
  readonly jobs: number;
}

function parseSettings(args: readonly string[]): Settings {
  const { values } = parseArgs({
    args: [...args],
    options: {
      repeats: { type: 'string', default: '3' },
      batches: { type: 'string', default: '50' },
      singles: { type: 'string', default: '1000' },
      'warm-up': { type: 'string', default: '60' },
      'warm-up-singles': { type: 'string', default: '4000' },
      dir: { type: 'string', default: '/dev/shm' },
      'node-flags': { type: 'string', default: NODE_FLAGS },
      jobs: { type: 'string', default: '1' },
    },
  });
  const whole = (name: string, value: string, least: number): number => {
    const number = Number(value);
    if (!Number.isInteger(number) || number < least)
      throw new Error(`--${name} must be a whole number ≥ ${least}, not ${value}`);
    return number;
  };
  return {
    repeats: parseRepeats(args),
    batches: whole('batches', values.batches, 1),
    singles: whole('singles', values.singles, 1),
    warmUp: whole('warm-up', values['warm-up'], 0),
    warmUpSingles: whole('warm-up-singles', values['warm-up-singles'], 0),
    dir: values.dir,
    nodeFlags: values['node-flags'].split(/\s+/).filter((flag) => flag !== ''),
    jobs: whole('jobs', values.jobs, 1),
  };
}

/** Why callgrind cannot run here, or undefined when it can. */
function callgrindMissing(): string | undefined {
  const probe = spawnSync('valgrind', ['--version'], { encoding: 'utf8' });
  if (probe.error) return `valgrind is not installed or not on PATH (${probe.error.message})`;
  if (probe.status !== 0) return `valgrind --version failed: ${probe.stderr.trim()}`;
  return undefined;
}

/** Runs the workload once under callgrind; answers the instructions it executed. */
function countInstructions(settings: Settings, side: WorkloadSide, append: WorkloadAppend): Promise<number> {
  const args = [
    '--tool=callgrind',
    '--callgrind-out-file=/dev/null',
    process.execPath,
    ...settings.nodeFlags,
    WORKLOAD,
    `--side=${side}`,
    `--append=${append}`,
    `--batches=${settings.batches}`,
    `--singles=${settings.singles}`,
    `--warm-up=${settings.warmUp}`,
    `--warm-up-singles=${settings.warmUpSingles}`,
    `--dir=${settings.dir}`,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn('valgrind', args, { stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const collected = /Collected\s*:\s*(\d+)/.exec(stderr);
      if (code !== 0 || !collected) {
        reject(
          new Error(`callgrind run of ${side} ${append} failed (exit ${code}):\n${stderr.slice(-2000)}`),
        );
        return;
      }
      resolve(Number(collected[1]));
    });
  });
}

const formatCount = (value: number): string => Math.round(value).toLocaleString('en-US');
const formatPercent = (value: number): string => `${(value * 100).toFixed(2)}%`;
/** The spread of a figure over its runs, as a share of its median. */
const spreadOf = (figure: Repeated): number => (figure.max - figure.min) / figure.median;

function printTable(header: readonly string[], lines: readonly (readonly string[])[]): void {
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...lines.map((line) => line[column].length)),
  );
  const format = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column])))
      .join('  ')
      .trimEnd();
  console.log(format(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const line of lines) console.log(format(line));
  console.log('');
}

async function main(): Promise<void> {
  const settings = parseSettings(process.argv.slice(2));
  const missing = callgrindMissing();
  if (missing) {
    console.error(`bench:instructions needs valgrind's callgrind: ${missing}.`);
    process.exitCode = 1;
    return;
  }
  const events: Record<Exclude<WorkloadAppend, 'none'>, number> = {
    batches: settings.batches * BATCH_SIZE,
    singles: settings.singles,
  };
  console.log(
    `Counting instructions under callgrind: ${settings.batches} ${BATCH_SIZE}-event appends and ${settings.singles} single-event appends per side, ` +
      `after a warm-up of ${settings.warmUp} and ${settings.warmUpSingles}; files in ${settings.dir}; node ${settings.nodeFlags.join(' ') || '(no flags)'}; ` +
      `${settings.repeats} repeats of ${SIDES.length * APPENDS.length} runs (each takes a while under valgrind).`,
  );
  const runs = Array.from({ length: settings.repeats }, (_, repeat) =>
    SIDES.flatMap((side) => APPENDS.map((append) => ({ repeat, side, append }))),
  ).flat();
  const counts = new Map<string, number[]>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < runs.length) {
      const { repeat, side, append } = runs[next++];
      const count = await countInstructions(settings, side, append);
      const key = `${side} ${append}`;
      const ofKey = counts.get(key) ?? [];
      ofKey[repeat] = count;
      counts.set(key, ofKey);
      console.log(`  repeat ${repeat + 1}: ${key}: ${formatCount(count)} instructions`);
    }
  };
  await Promise.all(Array.from({ length: settings.jobs }, worker));
  const runsOf = (side: WorkloadSide, append: WorkloadAppend): number[] =>
    counts.get(`${side} ${append}`) ?? [];
  /** Instructions per event of one side and kind of append, repeat by repeat. */
  const perEvent = (side: WorkloadSide, append: Exclude<WorkloadAppend, 'none'>): number[] => {
    const reference = runsOf(side, 'none');
    return runsOf(side, append).map((count, repeat) => (count - reference[repeat]) / events[append]);
  };

  console.log(
    `\nInstructions per event (callgrind, user space; run minus reference run, / events), median of ${settings.repeats} (min–max)\n`,
  );
  const kinds: readonly [Exclude<WorkloadAppend, 'none'>, string][] = [
    ['batches', `${BATCH_SIZE}-event appends`],
    ['singles', 'single-event appends, expected revision'],
  ];
  printTable(
    ['scenario', 'store', 'raw', 'raw/store (as events/s)'],
    kinds.map(([append, scenario]) => {
      const store = perEvent('store', append);
      const raw = perEvent('raw', append);
      return [
        scenario,
        formatRepeated(repeated(store), formatCount),
        formatRepeated(repeated(raw), formatCount),
        formatRepeated(
          repeated(store.map((count, repeat) => raw[repeat] / count)),
          (ratio) => `${ratio.toFixed(3)}x`,
        ),
      ];
    }),
  );
  console.log("Stability: each run's whole count (node's start included), spread (max − min) / median\n");
  printTable(
    ['run', 'instructions', 'spread'],
    SIDES.flatMap((side) =>
      APPENDS.map((append) => {
        const figure = repeated(runsOf(side, append));
        return [
          `${side} ${append === 'none' ? 'reference' : append}`,
          formatRepeated(figure, formatCount),
          formatPercent(spreadOf(figure)),
        ];
      }),
    ),
  );
}

await main();
