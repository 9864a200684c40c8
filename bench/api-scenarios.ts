/**
 * The API benchmark's load scenarios on a fresh data folder: one busy bloc and many blocs, each
 * API run probed (api-probe.ts) and followed by the ceilings' runs, the issue's GET ceiling then
 * the POST ceiling on the run's requests (api.bench.ts prints and judges them).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  cycling,
  describeRun,
  formatSeries,
  load,
  loadGet,
  probed,
  seriesOf,
  type ApiRun,
  type CeilingRuns,
  type Extent,
  type Series,
} from './api-load.js';
import { GET_CEILING_PATH, startServer, type Server } from './api-servers.js';
import type { CommandSource } from './api-workload.js';
import {
  alternate,
  INDICATORS_PER_UNIT,
  reportCapacity,
  reports,
  scoreAwards,
  SetUpClient,
  UNITS_PER_BLOC,
  type BlocYear,
} from './api-workload.js';

/** The servers' entry (api-server.ts): each server is a child process running it with `--serve`. */
export const SCRIPT = fileURLToPath(new URL('./api-server.js', import.meta.url));
/** The busy bloc's first year: its warm-up; the repeats take the years after it. */
const BUSY_FIRST_YEAR = 2025;
const BLOCS_YEAR = 2025;

/** One scenario's figures and the goals they are judged by. */
export interface Outcome {
  readonly scenario: string;
  readonly series: Series;
  readonly goals: { readonly ratio?: number; readonly p99?: number };
  /** Further figures of the scenario (the large log's), each with its verdict if it is a goal. */
  readonly extra?: readonly { readonly line: string; readonly met?: boolean }[];
}

export interface BenchSettings {
  readonly repeats: number;
  readonly connections: number;
  /** Requests per repeat of the busy bloc. */
  readonly amount: number;
  /** How long each ceiling run lasts. */
  readonly ceilingSeconds: number;
}

/** A fresh data folder and secret for one API process, removed afterwards. */
export async function withScratchApi<T>(
  projections: 'on' | 'off',
  work: (api: Server, secret: string, dataDir: string) => Promise<T>,
  dataDir?: string,
): Promise<T> {
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), 'blocs-bench-api-')));
  const secret = randomBytes(32).toString('base64url');
  try {
    const api = await startServer(SCRIPT, 'api', {
      DATA_DIR: dir,
      AUTH_SECRET: secret,
      EVENT_STORE: 'sqlite',
      PROJECTIONS: projections,
    });
    try {
      return await work(api, secret, dir);
    } finally {
      await api.stop();
    }
  } finally {
    if (dataDir === undefined) await rm(dir, { recursive: true, force: true });
  }
}

/** The two ceilings' servers, started once per scenario. */
export interface Ceilings {
  readonly get: Server;
  readonly post: Server;
}

export async function withCeilings<T>(work: (ceilings: Ceilings) => Promise<T>): Promise<T> {
  const get = await startServer(SCRIPT, 'ceiling-get', {});
  try {
    const post = await startServer(SCRIPT, 'ceiling-post', {});
    try {
      return await work({ get, post });
    } finally {
      await post.stop();
    }
  } finally {
    await get.stop();
  }
}

/**
 * The ceilings' runs right after an API run, each for the same fixed time: the GET ceiling, then
 * the POST ceiling on the `count` requests the API run sent from `first` on, over and over.
 */
async function runCeilings(
  ceilings: Ceilings,
  settings: BenchSettings,
  source: CommandSource,
  first: number,
  count: number,
): Promise<CeilingRuns> {
  const get = await loadGet(
    ceilings.get.url,
    GET_CEILING_PATH,
    settings.connections,
    settings.ceilingSeconds,
  );
  const post = await load(ceilings.post.url, cycling(source, first, count), 0, settings.connections, {
    seconds: settings.ceilingSeconds,
  });
  return { get, post };
}

/** Scenario 1 and 2: one busy bloc, with projections on (the default configuration) or off. */
export async function busyBloc(projections: 'on' | 'off', settings: BenchSettings): Promise<Outcome> {
  const title = `busy bloc, projections ${projections}`;
  console.log(
    `\n${title}: 1 bloc of ${UNITS_PER_BLOC} units with ${INDICATORS_PER_UNIT} indicators each, every request an ` +
      `indicator report by the unit's officer; ${settings.amount.toLocaleString('en-US')} requests per repeat, ` +
      `each repeat on a fresh year of the bloc, after a warm-up year`,
  );
  const series = await withScratchApi(projections, (api, secret) =>
    withCeilings((ceilings) => runBusyBloc(api, secret, settings, ceilings)),
  );
  for (const line of formatSeries(series)) console.log(line);
  return { scenario: title, series, goals: { ratio: projections === 'on' ? 0.15 : 0.2, p99: 50 } };
}

/**
 * The busy bloc's load: registers a bloc, opens a year for the warm-up and one per repeat, then
 * sends each year `amount` reports, the API's run followed by the ceilings' (when given).
 */
export async function runBusyBloc(
  api: Server,
  secret: string,
  settings: BenchSettings,
  ceilings?: Ceilings,
  indent = '  ',
): Promise<Series> {
  const started = performance.now();
  const client = await SetUpClient.create(api.url, secret);
  const bloc = await client.registerBloc(`busy-${randomBytes(4).toString('hex')}`);
  const years: BlocYear[] = await Promise.all(
    Array.from({ length: settings.repeats + 1 }, (_, i) =>
      client.openYear(bloc, BUSY_FIRST_YEAR + i, INDICATORS_PER_UNIT),
    ),
  );
  console.log(
    `${indent}set up ${bloc.blocId} and its years ${years[0]!.year}–${years.at(-1)!.year} in ${seconds(started)} s`,
  );
  const extent: Extent = { amount: settings.amount };
  const apiRuns: ApiRun[] = [];
  const ceilingRuns: CeilingRuns[] = [];
  let warmUp: ApiRun | undefined;
  for (const [i, year] of years.entries()) {
    const source = reports([year]);
    if (settings.amount > reportCapacity([year])) throw new Error('more requests than the year takes');
    const measured = await probed(api, () => load(api.url, source, 0, settings.connections, extent));
    const against =
      ceilings === undefined
        ? undefined
        : await runCeilings(ceilings, settings, source, 0, measured.requests);
    const what = i === 0 ? `warm-up ${year.year}` : `repeat ${i} (${year.year})`;
    printRun(`${indent}${what}`, settings.connections, measured, against);
    if (i === 0) warmUp = measured;
    else {
      apiRuns.push(measured);
      if (against !== undefined) ceilingRuns.push(against);
    }
  }
  return seriesOf(settings.connections, apiRuns, ceilingRuns, warmUp);
}

function printRun(what: string, connections: number, api: ApiRun, ceilings?: CeilingRuns): void {
  const [first, ...rest] = describeRun(connections, api, ceilings);
  console.log(`${what}: ${first}`);
  for (const line of rest) console.log(`${' '.repeat(what.length + 2)}${line}`);
}

/** Scenario 3: the mix of reports and score awards over many blocs. */
export async function manyBlocs(
  projections: 'on' | 'off',
  settings: BenchSettings,
  blocs: number,
  duration: number,
): Promise<Outcome> {
  const title = `${blocs} blocs, projections ${projections}`;
  console.log(
    `\n${title}: ${Math.ceil(blocs / 2)} blocs' units reporting indicators, ${Math.floor(blocs / 2)} blocs' leaders ` +
      `awarding scores in review, alternately; ${duration} s per repeat after a ${Math.min(2, duration)} s warm-up`,
  );
  const series = await withScratchApi(projections, (api, secret) =>
    withCeilings(async (ceilings) => {
      const started = performance.now();
      const client = await SetUpClient.create(api.url, secret);
      const all: BlocYear[] = [];
      // A few blocs at a time: setting up is not what is measured. Even blocs report, odd ones
      // are in review.
      for (let next = 0; next < blocs; next += 8) {
        all.push(
          ...(await Promise.all(
            Array.from({ length: Math.min(8, blocs - next) }, async (_, i) => {
              const index = next + i;
              const bloc = await client.registerBloc(`bench-${index}`);
              return index % 2 === 0
                ? client.openYear(bloc, BLOCS_YEAR, INDICATORS_PER_UNIT)
                : client.openYear(bloc, BLOCS_YEAR, 2, true);
            }),
          )),
        );
      }
      const reporting = all.filter((_, index) => index % 2 === 0);
      const scoring = all.filter((_, index) => index % 2 === 1);
      console.log(`  set up ${blocs} blocs in ${seconds(started)} s`);
      const source =
        scoring.length === 0 ? reports(reporting) : alternate(reports(reporting), scoreAwards(scoring));
      const apiRuns: ApiRun[] = [];
      const ceilingRuns: CeilingRuns[] = [];
      let warmUp: ApiRun | undefined;
      let next = 0;
      for (let i = 0; i <= settings.repeats; i++) {
        const extent: Extent = { seconds: i === 0 ? Math.min(2, duration) : duration };
        const measured = await probed(api, () => load(api.url, source, next, settings.connections, extent));
        const against = await runCeilings(ceilings, settings, source, next, measured.requests);
        next += measured.requests;
        printRun(`  ${i === 0 ? 'warm-up' : `repeat ${i}`}`, settings.connections, measured, against);
        if (i === 0) warmUp = measured;
        else {
          apiRuns.push(measured);
          ceilingRuns.push(against);
        }
      }
      if (next / 2 > reportCapacity(reporting)) {
        console.log(
          `  (past the reporting blocs' caps: ${reportCapacity(reporting)} reports; expect refusals)`,
        );
      }
      return seriesOf(settings.connections, apiRuns, ceilingRuns, warmUp);
    }),
  );
  for (const line of formatSeries(series)) console.log(line);
  return { scenario: title, series, goals: { ratio: 0.15, p99: 50 } };
}

export function seconds(since: number): string {
  return ((performance.now() - since) / 1000).toFixed(1);
}
