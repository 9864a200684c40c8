/**
 * One load of the API benchmark (autocannon, in the driver process) and the figures a series of
 * repeated loads prints: each API run, with what its process did (api-probe.ts), is paired with
 * the ceilings' runs right after it (the GET ceiling, then the POST ceiling on the same requests),
 * so that the ratios of each repeat see the same machine load.
 */
import { createRequire } from 'node:module';
import { formatRepeated, percentile, repeated, type Repeated } from './bench-report.js';
import { cpuSecondsOf, runQueueWaitSecondsOf, type ChildStats } from './api-probe.js';
import type { Server } from './api-servers.js';
import type { CommandSource } from './api-workload.js';

/** The part of autocannon's API used here (the package ships no types). */
interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
}
interface AutocannonOptions {
  url: string;
  connections: number;
  duration?: number;
  amount?: number;
  requests: {
    method: string;
    setupRequest: (request: AutocannonRequest) => AutocannonRequest;
    onResponse: (status: number, body: string) => void;
  }[];
}
interface AutocannonResult {
  '2xx': number;
  non2xx: number;
  errors: number;
  timeouts: number;
}
/** A running load: the result once it ends, and an event per answer with its time in ms. */
interface AutocannonInstance extends PromiseLike<AutocannonResult> {
  on(
    event: 'response',
    listener: (client: unknown, status: number, bytes: number, responseMs: number) => void,
  ): this;
}
const autocannon = createRequire(import.meta.url)('autocannon') as (
  options: AutocannonOptions,
) => AutocannonInstance;

/** How much one load sends: a fixed number of requests, or for a fixed time. */
export type Extent = { readonly amount: number } | { readonly seconds: number };

export interface LoadResult {
  readonly perSecond: number;
  /**
   * The latency of the answers with the expected status, in ms, from each answer's own time
   * (autocannon's high-resolution one): autocannon's summary rounds its percentiles down to
   * whole milliseconds, steps of 15–20% at the few milliseconds the API answers in.
   */
  readonly p50: number;
  readonly p99: number;
  /** From the load's start to its last answer. */
  readonly seconds: number;
  readonly requests: number;
  /** Answered with the expected status. */
  readonly accepted: number;
  /** Answers other than the expected status, connection errors and timeouts. */
  readonly failed: number;
  /** The first few answers other than the expected one, as `status body`. */
  readonly failures: readonly string[];
  /**
   * The driver's CPU time (this process: autocannon runs on its main thread) over the load's
   * time: a driver near a whole core is what limits the load, not the server.
   */
  readonly driverCpuShare: number;
}

/** One request of a load: a command of a source, or a bare GET. */
type Sent =
  | { readonly kind: 'commands'; readonly source: CommandSource; readonly first: number }
  | { readonly kind: 'get'; readonly path: string };

/**
 * Sends requests `first`, `first + 1`, … of `source` to `url` over `connections` connections
 * (autocannon calls setupRequest exactly once per request it sends, so with an amount the
 * requests are exactly first … first + amount - 1); every answer must be 201.
 */
export function load(
  url: string,
  source: CommandSource,
  first: number,
  connections: number,
  extent: Extent,
): Promise<LoadResult> {
  return run(url, { kind: 'commands', source, first }, connections, extent, 201);
}

/** GETs `path` of `url` over `connections` connections for `seconds`; every answer must be 200. */
export function loadGet(
  url: string,
  path: string,
  connections: number,
  seconds: number,
): Promise<LoadResult> {
  return run(url, { kind: 'get', path }, connections, { seconds }, 200);
}

/** The `count` requests of `source` from `first` on, over and over: n ↦ first + n mod count. */
export function cycling(source: CommandSource, first: number, count: number): CommandSource {
  if (count < 1) throw new RangeError('nothing to cycle through');
  return (n) => source(first + (n % count));
}

async function run(
  url: string,
  sent: Sent,
  connections: number,
  extent: Extent,
  expected: number,
): Promise<LoadResult> {
  let requests = 0;
  let accepted = 0;
  let unexpected = 0;
  const failures: string[] = [];
  // Timed to the last answer: autocannon notices the end of an amount only at its next 1 s
  // sample, which would count up to a second of idling into a run.
  const started = performance.now();
  const driverCpuBefore = process.cpuUsage();
  let lastAnswer = started;
  const latencies: number[] = [];
  const instance = autocannon({
    url,
    connections,
    ...('amount' in extent ? { amount: extent.amount } : { duration: extent.seconds }),
    requests: [
      {
        method: sent.kind === 'get' ? 'GET' : 'POST',
        setupRequest: (request): AutocannonRequest => {
          const n = requests++;
          if (sent.kind === 'get') return { ...request, method: 'GET', path: sent.path };
          const command = sent.source(sent.first + n);
          return {
            ...request,
            path: command.path,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${command.token}` },
            body: JSON.stringify(command.body),
          };
        },
        onResponse: (status, body) => {
          lastAnswer = performance.now();
          if (status === expected) {
            accepted++;
            return;
          }
          unexpected++;
          if (failures.length < 5) failures.push(`${status} ${body}`);
        },
      },
    ],
  });
  instance.on('response', (_client, status, _bytes, responseMs) => {
    if (status === expected) latencies.push(responseMs);
  });
  const result = await instance;
  const driverCpu = process.cpuUsage(driverCpuBefore);
  latencies.sort((a, b) => a - b);
  const seconds = (lastAnswer - started) / 1000;
  return {
    perSecond: accepted / seconds,
    driverCpuShare: (driverCpu.user + driverCpu.system) / 1e6 / ((performance.now() - started) / 1000),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    seconds,
    requests,
    accepted,
    // A 2xx other than the expected status is a failure too: every command must be created.
    failed: Math.max(unexpected, result.non2xx) + result.errors + result.timeouts,
    failures,
  };
}

/** What the API's process did during one run (api-probe.ts). */
export interface ProcessFigures extends ChildStats {
  /** CPU time (user and system, all threads) per command answered 201, in µs. */
  readonly cpuPerCommandUs: number;
  readonly cpuSeconds: number;
  /**
   * The time the main thread was ready to run but waited for a CPU, held by other threads:
   * autocannon in the driver, the API's own worker threads, the rest of the machine.
   */
  readonly cpuWaitSeconds: number;
}

/** An API run: the load's figures and its process's. */
export interface ApiRun extends LoadResult {
  readonly process: ProcessFigures;
}

/** Runs `work` (one load of `api`) between the process probes. */
export async function probed(api: Server, work: () => Promise<LoadResult>): Promise<ApiRun> {
  await api.probe('reset');
  const cpuBefore = await cpuSecondsOf(api.pid);
  const waitBefore = await runQueueWaitSecondsOf(api.pid);
  const result = await work();
  const cpuAfter = await cpuSecondsOf(api.pid);
  const waitAfter = await runQueueWaitSecondsOf(api.pid);
  const { stats } = await api.probe('stats');
  if (stats === undefined) throw new Error('the API answered no stats');
  const cpuSeconds = cpuAfter - cpuBefore;
  return {
    ...result,
    process: {
      ...stats,
      cpuSeconds,
      cpuWaitSeconds: waitAfter - waitBefore,
      cpuPerCommandUs: result.accepted === 0 ? Number.NaN : (cpuSeconds * 1e6) / result.accepted,
    },
  };
}

/** The ceiling runs that follow one API run. */
export interface CeilingRuns {
  /** The issue's: a fixed JSON body to a GET. */
  readonly get: LoadResult;
  /** Informational: the API run's requests, parsed, answered 201. */
  readonly post: LoadResult;
}

/** A ceiling's figures over the repeats. */
export interface CeilingSeries {
  readonly rate: Repeated;
  /** Each repeat's API rate over this ceiling's: the runs followed each other. */
  readonly ratio: Repeated;
  readonly p50: Repeated;
  readonly p99: Repeated;
  readonly driverCpuShare: Repeated;
  /** Answers other than the ceiling's own status (a ceiling that fails measures nothing). */
  readonly failed: number;
}

/** The API process's figures over the repeats (medians with the spread). */
export interface ProcessSeries {
  readonly cpuPerCommandUs: Repeated;
  /** CPU time over the run's time: cores' worth the process used (all threads). */
  readonly cpuShare: Repeated;
  /** The main thread's wait for a CPU over the run's time. */
  readonly cpuWaitShare: Repeated;
  readonly loopP50: Repeated;
  readonly loopP99: Repeated;
  readonly loopMax: Repeated;
  readonly loopBusy: Repeated;
  /** GC pause time as a share of the run's time. */
  readonly gcShare: Repeated;
  readonly gcLongest: Repeated;
}

/** The figures of one measured scenario, each the median of its repeats with the spread. */
export interface Series {
  readonly connections: number;
  readonly api: Repeated;
  /** The driver's share of a core during the API's runs. */
  readonly driverCpuShare: Repeated;
  /** The issue's ceiling (GET), which the goals are judged against. */
  readonly ceiling?: CeilingSeries;
  /** The POST ceiling, informational. */
  readonly postCeiling?: CeilingSeries;
  readonly p50: Repeated;
  readonly p99: Repeated;
  readonly process: ProcessSeries;
  /** Created (201) in the measured runs. */
  readonly accepted: number;
  /** Not created, warm-up included. */
  readonly failed: number;
  readonly failures: readonly string[];
}

/**
 * The figures of the measured runs, paired with the ceiling runs that followed each when there
 * are as many; a warm-up's answers are not measured, but its refusals count: every request must
 * be created.
 */
export function seriesOf(
  connections: number,
  apiRuns: readonly ApiRun[],
  ceilingRuns: readonly CeilingRuns[] = [],
  warmUp?: ApiRun,
): Series {
  const paired = ceilingRuns.length === apiRuns.length && ceilingRuns.length > 0;
  const answered = warmUp === undefined ? apiRuns : [warmUp, ...apiRuns];
  const ceilingOf = (runs: readonly LoadResult[]): CeilingSeries => ({
    rate: repeated(runs.map((run) => run.perSecond)),
    ratio: repeated(apiRuns.map((run, i) => run.perSecond / runs[i]!.perSecond)),
    p50: repeated(runs.map((run) => run.p50)),
    p99: repeated(runs.map((run) => run.p99)),
    driverCpuShare: repeated(runs.map((run) => run.driverCpuShare)),
    failed: runs.reduce((sum, run) => sum + run.failed, 0),
  });
  const of = (figure: (p: ProcessFigures, run: ApiRun) => number): Repeated =>
    repeated(apiRuns.map((run) => figure(run.process, run)));
  return {
    connections,
    api: repeated(apiRuns.map((run) => run.perSecond)),
    driverCpuShare: repeated(apiRuns.map((run) => run.driverCpuShare)),
    ...(paired
      ? {
          ceiling: ceilingOf(ceilingRuns.map((runs) => runs.get)),
          postCeiling: ceilingOf(ceilingRuns.map((runs) => runs.post)),
        }
      : {}),
    p50: repeated(apiRuns.map((run) => run.p50)),
    p99: repeated(apiRuns.map((run) => run.p99)),
    process: {
      cpuPerCommandUs: of((p) => p.cpuPerCommandUs),
      cpuShare: of((p, run) => p.cpuSeconds / run.seconds),
      cpuWaitShare: of((p, run) => p.cpuWaitSeconds / run.seconds),
      loopP50: of((p) => p.loop.p50),
      loopP99: of((p) => p.loop.p99),
      loopMax: of((p) => p.loop.max),
      loopBusy: of((p) => p.loopBusy),
      gcShare: of((p) => p.gc.totalMs / 1000 / p.seconds),
      gcLongest: of((p) => p.gc.longestMs),
    },
    accepted: apiRuns.reduce((sum, run) => sum + run.accepted, 0),
    failed: answered.reduce((sum, run) => sum + run.failed, 0),
    failures: answered.flatMap((run) => run.failures).slice(0, 5),
  };
}

export const rate = (perSecond: number): string => `${Math.round(perSecond).toLocaleString('en-US')}/s`;
export const times = (ratio: number): string => `${ratio.toFixed(3)}x`;
export const ms = (value: number): string => `${value.toFixed(1)} ms`;

export const percent = (share: number): string => `${(share * 100).toFixed(1)}%`;
export const micros = (value: number): string => `${Math.round(value).toLocaleString('en-US')} µs`;

/**
 * The mean latency that `connections` always-busy connections imply at `perSecond` (Little's
 * law): what the latency is when requests only queue behind each other.
 */
export const queueingMs = (connections: number, perSecond: number): number =>
  (connections / perSecond) * 1000;

/** One API run's lines: the load, its process, and the ceiling runs that followed it. */
export function describeRun(connections: number, api: ApiRun, ceilings?: CeilingRuns): string[] {
  const refused = api.failed > 0 ? `, ${api.failed} NOT 201` : '';
  const p = api.process;
  const lines = [
    `API ${rate(api.perSecond)} in ${api.seconds.toFixed(1)} s, p50 ${ms(api.p50)}, p99 ${ms(api.p99)}${refused} ` +
      `(${connections} connections at this rate queue ${ms(queueingMs(connections, api.perSecond))} on average); ` +
      `CPU ${micros(p.cpuPerCommandUs)}/command, ${percent(p.cpuSeconds / api.seconds)} of a core, ` +
      `the loop's thread waited for a CPU ${percent(p.cpuWaitSeconds / api.seconds)} of the run; loop delay p50 ${ms(p.loop.p50)}, p99 ${ms(p.loop.p99)}, ` +
      `max ${ms(p.loop.max)}, loop busy ${percent(p.loopBusy)}; GC ${ms(p.gc.totalMs)} ` +
      `(${percent(p.gc.totalMs / 1000 / p.seconds)} of the run) in ${p.gc.pauses} pauses, longest ${ms(p.gc.longestMs)}, ` +
      `major ${ms(p.gc.majorMs)}; the driver ${percent(api.driverCpuShare)} of a core`,
  ];
  if (ceilings !== undefined) {
    const against = (name: string, ceiling: LoadResult): string =>
      `${name} ${rate(ceiling.perSecond)}, p50 ${ms(ceiling.p50)}, p99 ${ms(ceiling.p99)}, ` +
      `the driver ${percent(ceiling.driverCpuShare)} of a core` +
      `${ceiling.failed > 0 ? `, ${ceiling.failed} FAILED` : ''}: ${times(api.perSecond / ceiling.perSecond)}`;
    lines.push(`${against('ceiling GET', ceilings.get)}; ${against('POST ceiling', ceilings.post)}`);
  }
  return lines;
}

/** The series' lines: rates, ratios, latencies, the API's process and answers. */
export function formatSeries(series: Series): string[] {
  const lines = [
    `  API          ${formatRepeated(series.api, rate)}; the driver ${formatRepeated(series.driverCpuShare, percent)} of a core`,
    `  API p50      ${formatRepeated(series.p50, ms)}`,
    `  API p99      ${formatRepeated(series.p99, ms)}`,
    `  queueing     ${series.connections} connections / the API's median rate: ` +
      `${ms(queueingMs(series.connections, series.api.median))} mean latency (Little's law)`,
  ];
  const ceiling = (name: string, c: CeilingSeries | undefined, note: string): void => {
    if (c === undefined) return;
    lines.push(
      `  ${name.padEnd(12)} ${formatRepeated(c.rate, rate)}; p50 ${formatRepeated(c.p50, ms)}, p99 ${formatRepeated(c.p99, ms)}; ` +
        `the driver ${formatRepeated(c.driverCpuShare, percent)} of a core` +
        `${c.failed > 0 ? `; ${c.failed} FAILED` : ''}`,
      `  ${'ratio'.padEnd(12)} ${formatRepeated(c.ratio, times)} ${note}`,
    );
  };
  ceiling('ceiling GET', series.ceiling, "(issue 17's ceiling: the goals)");
  ceiling('POST ceiling', series.postCeiling, '(informational)');
  const p = series.process;
  lines.push(
    `  API CPU      ${formatRepeated(p.cpuPerCommandUs, micros)} per command (user + system, all threads), ` +
      `${formatRepeated(p.cpuShare, percent)} of a core; the loop's thread waited for a CPU ${formatRepeated(p.cpuWaitShare, percent)} of the run`,
    `  loop delay   p50 ${formatRepeated(p.loopP50, ms)}, p99 ${formatRepeated(p.loopP99, ms)}, ` +
      `max ${formatRepeated(p.loopMax, ms)}; loop busy ${formatRepeated(p.loopBusy, percent)}`,
    `  GC           ${formatRepeated(p.gcShare, percent)} of the run paused, longest pause ${formatRepeated(p.gcLongest, ms)}`,
    `  answers      ${series.accepted.toLocaleString('en-US')} created (201), ${series.failed} refused or failed`,
  );
  for (const failure of series.failures) lines.push(`    e.g. ${failure.slice(0, 300)}`);
  return lines;
}
