/**
 * What the API benchmark reads of the API's process around each run, to tell what sets its
 * latency: in the child, the event loop's delay and garbage collection since the driver's last
 * `reset`, answered to a `stats` line on stdin with one JSON line on stdout; from the driver, the
 * process's CPU time (all its threads) from /proc/<pid>/stat.
 */
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import {
  constants,
  monitorEventLoopDelay,
  performance,
  PerformanceObserver,
  type EventLoopUtilization,
  type PerformanceEntry,
} from 'node:perf_hooks';
import { createInterface } from 'node:readline';

/**
 * The loop-delay timer's interval. Node records the whole time between two of its ticks; the
 * figures printed are the time beyond this interval, the delay a request arriving then would see.
 */
export const LOOP_INTERVAL_MS = 2;

/** What the child measured from the last `reset` to the `stats`: times in ms. */
export interface ChildStats {
  readonly seconds: number;
  /** The event loop's delay beyond LOOP_INTERVAL_MS: percentiles of its ticks, and the longest. */
  readonly loop: { readonly p50: number; readonly p99: number; readonly max: number; readonly ticks: number };
  /** performance.eventLoopUtilization(): the share of the time the loop was not idle. */
  readonly loopBusy: number;
  /** Pauses of the main thread's garbage collector (worker threads' are not the loop's). */
  readonly gc: {
    readonly pauses: number;
    readonly totalMs: number;
    readonly longestMs: number;
    readonly majorMs: number;
  };
}

/** One answer line of the child: tagged, so that any other output on stdout is told apart. */
export interface ProbeAnswer {
  readonly probe: 'reset' | 'stats' | 'error';
  readonly stats?: ChildStats;
  readonly message?: string;
}

/** The child's side: starts measuring and answers `reset` and `stats` lines on stdin. */
export function answerProbes(): void {
  const histogram = monitorEventLoopDelay({ resolution: LOOP_INTERVAL_MS });
  histogram.enable();
  let gc = { pauses: 0, totalMs: 0, longestMs: 0, majorMs: 0 };
  const count = (entries: readonly PerformanceEntry[]): void => {
    for (const entry of entries) {
      const kind = (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
      gc = {
        pauses: gc.pauses + 1,
        totalMs: gc.totalMs + entry.duration,
        longestMs: Math.max(gc.longestMs, entry.duration),
        majorMs: gc.majorMs + (kind === constants.NODE_PERFORMANCE_GC_MAJOR ? entry.duration : 0),
      };
    }
  };
  const observer = new PerformanceObserver((list) => count(list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  let since = performance.now();
  let utilization: EventLoopUtilization = performance.eventLoopUtilization();

  const reply = (answer: ProbeAnswer): void => void process.stdout.write(`${JSON.stringify(answer)}\n`);
  createInterface({ input: process.stdin }).on('line', (line) => {
    // Entries not yet delivered to the observer belong to the run that ends now.
    count(observer.takeRecords());
    if (line === 'reset') {
      histogram.reset();
      gc = { pauses: 0, totalMs: 0, longestMs: 0, majorMs: 0 };
      since = performance.now();
      utilization = performance.eventLoopUtilization();
      reply({ probe: 'reset' });
    } else if (line === 'stats') {
      const beyond = (ns: number): number => Math.max(0, ns / 1e6 - LOOP_INTERVAL_MS);
      const ticks = histogram.count;
      reply({
        probe: 'stats',
        stats: {
          seconds: (performance.now() - since) / 1000,
          loop: {
            p50: ticks === 0 ? 0 : beyond(histogram.percentile(50)),
            p99: ticks === 0 ? 0 : beyond(histogram.percentile(99)),
            max: ticks === 0 ? 0 : beyond(histogram.max),
            ticks,
          },
          loopBusy: performance.eventLoopUtilization(utilization).utilization,
          gc,
        },
      });
    } else {
      reply({ probe: 'error', message: `unknown probe ${JSON.stringify(line)}` });
    }
  });
}

/** The kernel's clock ticks per second, in which /proc/<pid>/stat counts CPU time. */
let ticksPerSecond: number | undefined;

/** The process's CPU time so far, user and system, all its threads, in seconds. */
export async function cpuSecondsOf(pid: number): Promise<number> {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  if (!(ticksPerSecond > 0)) throw new Error('getconf CLK_TCK gave no clock rate');
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces: count the fields after its closing parenthesis,
  // where field 3 (the state) comes first; utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[14 - 3]);
  const stime = Number(fields[15 - 3]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime))
    throw new Error(`no utime/stime in /proc/${pid}/stat`);
  return (utime + stime) / ticksPerSecond;
}

/**
 * How long the process's main thread (the event loop's) has waited on a run queue so far, ready
 * but not running, in seconds (/proc/<pid>/schedstat): the
 * other threads' work (autocannon in the driver, the API's own workers, the rest of the machine).
 */
export async function runQueueWaitSecondsOf(pid: number): Promise<number> {
  const [, waitingNs] = (await readFile(`/proc/${pid}/schedstat`, 'utf8')).trim().split(' ').map(Number);
  if (!Number.isFinite(waitingNs)) throw new Error(`no run-queue wait in /proc/${pid}/schedstat`);
  return waitingNs! / 1e9;
}
