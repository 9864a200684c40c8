/**
 * One load of the API benchmark (autocannon, in the driver process) and the figures a series of
 * repeated loads prints: each API run is paired with a ceiling run of the same requests, right
 * after it, so that the ratio of each pair sees the same machine load.
 */
import { createRequire } from 'node:module';
import { formatRepeated, repeated, type Repeated } from './bench-report.js';
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
  latency: { p50: number; p99: number };
}
const autocannon = createRequire(import.meta.url)('autocannon') as (
  options: AutocannonOptions,
) => Promise<AutocannonResult>;

/** How much one load sends: a fixed number of requests, or for a fixed time. */
export type Extent = { readonly amount: number } | { readonly seconds: number };

export interface LoadResult {
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly requests: number;
  readonly accepted: number;
  /** Answers other than 201, connection errors and timeouts. */
  readonly failed: number;
  /** The first few answers other than 201, as `status body`. */
  readonly failures: readonly string[];
}

/**
 * Sends requests `first`, `first + 1`, … of `source` to `url` over `connections` connections
 * (autocannon calls setupRequest exactly once per request it sends, so with an amount the
 * requests are exactly first … first + amount - 1).
 */
export async function load(
  url: string,
  source: CommandSource,
  first: number,
  connections: number,
  extent: Extent,
): Promise<LoadResult> {
  let next = first;
  let failed201 = 0;
  const failures: string[] = [];
  // Timed to the last answer: autocannon notices the end of an amount only at its next 1 s
  // sample, which would count up to a second of idling into a short run (the ceiling's).
  const started = performance.now();
  let lastAnswer = started;
  const result = await autocannon({
    url,
    connections,
    ...('amount' in extent ? { amount: extent.amount } : { duration: extent.seconds }),
    requests: [
      {
        method: 'POST',
        setupRequest: (request): AutocannonRequest => {
          const command = source(next++);
          return {
            ...request,
            path: command.path,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${command.token}` },
            body: JSON.stringify(command.body),
          };
        },
        onResponse: (status, body) => {
          lastAnswer = performance.now();
          if (status === 201) return;
          failed201++;
          if (failures.length < 5) failures.push(`${status} ${body}`);
        },
      },
    ],
  });
  const seconds = (lastAnswer - started) / 1000;
  const accepted = result['2xx'];
  return {
    perSecond: accepted / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: next - first,
    accepted,
    // A 2xx other than 201 is a failure too: every command must be created.
    failed: Math.max(failed201, result.non2xx) + result.errors + result.timeouts,
    failures,
  };
}

/** The figures of one measured scenario, each the median of its repeats with the spread. */
export interface Series {
  readonly api: Repeated;
  readonly ceiling?: Repeated;
  /** Each repeat's API rate over its ceiling's: the pairs ran back to back. */
  readonly ratio?: Repeated;
  readonly p50: Repeated;
  readonly p99: Repeated;
  readonly ceilingP50?: Repeated;
  readonly ceilingP99?: Repeated;
  /** Created (201) in the measured runs. */
  readonly accepted: number;
  /** Not created, warm-up included. */
  readonly failed: number;
  readonly failures: readonly string[];
}

/**
 * The figures of the measured runs, paired with their ceiling runs when there are as many; a
 * warm-up's answers are not measured, but its refusals count: every request must be created.
 */
export function seriesOf(
  apiRuns: readonly LoadResult[],
  ceilingRuns: readonly LoadResult[] = [],
  warmUp?: LoadResult,
): Series {
  const paired = ceilingRuns.length === apiRuns.length && ceilingRuns.length > 0;
  const answered = warmUp === undefined ? apiRuns : [warmUp, ...apiRuns];
  return {
    api: repeated(apiRuns.map((run) => run.perSecond)),
    ...(paired
      ? {
          ceiling: repeated(ceilingRuns.map((run) => run.perSecond)),
          ratio: repeated(apiRuns.map((run, i) => run.perSecond / ceilingRuns[i]!.perSecond)),
          ceilingP50: repeated(ceilingRuns.map((run) => run.p50)),
          ceilingP99: repeated(ceilingRuns.map((run) => run.p99)),
        }
      : {}),
    p50: repeated(apiRuns.map((run) => run.p50)),
    p99: repeated(apiRuns.map((run) => run.p99)),
    accepted: apiRuns.reduce((sum, run) => sum + run.accepted, 0),
    failed: answered.reduce((sum, run) => sum + run.failed, 0),
    failures: answered.flatMap((run) => run.failures).slice(0, 5),
  };
}

export const rate = (perSecond: number): string => `${Math.round(perSecond).toLocaleString('en-US')}/s`;
export const times = (ratio: number): string => `${ratio.toFixed(3)}x`;
export const ms = (value: number): string => `${value} ms`;

/** The series' lines: rates, ratio, latencies and answers. */
export function formatSeries(series: Series): string[] {
  const lines = [`  API        ${formatRepeated(series.api, rate)}`];
  if (series.ceiling !== undefined) lines.push(`  ceiling    ${formatRepeated(series.ceiling, rate)}`);
  if (series.ratio !== undefined) lines.push(`  ratio      ${formatRepeated(series.ratio, times)}`);
  lines.push(
    `  API p50    ${formatRepeated(series.p50, ms)}`,
    `  API p99    ${formatRepeated(series.p99, ms)}`,
  );
  if (series.ceilingP50 !== undefined && series.ceilingP99 !== undefined) {
    lines.push(
      `  ceiling    p50 ${formatRepeated(series.ceilingP50, ms)}, p99 ${formatRepeated(series.ceilingP99, ms)}`,
    );
  }
  lines.push(
    `  answers    ${series.accepted.toLocaleString('en-US')} created (201), ${series.failed} refused or failed`,
  );
  for (const failure of series.failures) lines.push(`    e.g. ${failure.slice(0, 300)}`);
  return lines;
}
