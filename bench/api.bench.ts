/**
 * API benchmark: `npm run bench:api [-- --seconds 10] [-- --blocs 50] [-- --connections 64]
 * [-- --projections on]`.
 *
 * Measures commands per second through the whole HTTP edge (Fastify, auth, validation, CQRS
 * dispatch, fold, decide, append at full durability on the embedded SQLite store) against a
 * bare `node:http` server answering a fixed JSON body: the ceiling of this machine's HTTP
 * stack, measured in the same run and the same way, so that the ratio carries between
 * machines. Each server runs in its own child process; autocannon loads it from this one.
 *
 * The load is a realistic mix: half indicator reports by units' officers in blocs whose pact
 * is in force, half score awards by the leader's staff in blocs in review. Every request is
 * a distinct, valid command (its values come from a counter), so every answer must be 201.
 * Targets: ≥ 0.15x the ceiling's rate, p99 < 50 ms. By default the API process only writes
 * (PROJECTIONS=off, as beside a separate projector); `--projections on` adds the read side.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createApp } from '../apps/api/src/app.factory.js';
import { signToken } from '../apps/api/src/auth/token.signer.js';
import { loadConfig } from '@app/runtime';
import { printRateTable } from './bench-report.js';

const TARGET_RATIO = 0.15;
const TARGET_P99_MS = 50;
const UNITS_PER_BLOC = 8;
const YEAR = 2025;
const CRITERIA = ['1.1', '1.2', '1.3', '1.4', '2.1', '2.2', '2.3', '3.1', '3.2', '3.3'];
const MAX_POINTS = 100;
const CEILING_BODY = JSON.stringify({ position: 1, events: ['IndicatorReported'] });

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
  duration: number;
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
  duration: number;
  latency: { p50: number; p99: number };
}
const autocannon = createRequire(import.meta.url)('autocannon') as (
  options: AutocannonOptions,
) => Promise<AutocannonResult>;

const { values: options } = parseArgs({
  options: {
    serve: { type: 'string' },
    seconds: { type: 'string', default: '10' },
    blocs: { type: 'string', default: '50' },
    connections: { type: 'string', default: '64' },
    // The read side's projections run in the API process unless a projector does it (off).
    projections: { type: 'string', default: 'off' },
  },
});

if (options.serve === 'api') await serveApi();
else if (options.serve === 'ceiling') serveCeiling();
else await main();

// --- the servers under test (child processes) --------------------------------------------

async function serveApi(): Promise<void> {
  // The limiter stays on (its cost is part of every request) but out of reach of the load.
  const config = loadConfig({ RATE_LIMIT_PER_MINUTE: '999999999', ...process.env, PORT: '0' });
  const app = await createApp(config, { logger: ['error'] });
  await app.listen(0, '127.0.0.1');
  announce(await app.getUrl());
  process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

function serveCeiling(): void {
  const server = createServer((request, response) => {
    // Read the body like the API does before answering, or the comparison flatters the ceiling.
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      response.writeHead(201, { 'content-type': 'application/json; charset=utf-8' }).end(CEILING_BODY);
    });
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no TCP address');
    announce(`http://127.0.0.1:${address.port}`);
  });
  process.once('SIGTERM', () => server.close(() => process.exit(0)));
}

function announce(url: string): void {
  process.stdout.write(`${JSON.stringify({ url: url.replace('[::1]', '127.0.0.1') })}\n`);
}

// --- the driver --------------------------------------------------------------------------

interface Server {
  readonly url: string;
  stop(): Promise<void>;
}

interface LoadResult {
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly ok: number;
  readonly failed: number;
  readonly failures: readonly string[];
}

interface Workload {
  readonly reportBlocs: readonly BlocSetup[];
  readonly scoreBlocs: readonly BlocSetup[];
}

interface BlocSetup {
  readonly blocId: string;
  readonly units: readonly string[];
  /** Token of each unit's officer. */
  readonly tokens: Readonly<Record<string, string>>;
}

async function main(): Promise<void> {
  const seconds = Number(options.seconds);
  const blocs = Number(options.blocs);
  const connections = Number(options.connections);
  const dataDir = await mkdtemp(join(tmpdir(), 'blocs-bench-api-'));
  const secret = randomBytes(32).toString('base64url');
  try {
    console.log(
      `API benchmark: ${blocs} blocs of ${UNITS_PER_BLOC} units, ${connections} connections, ${seconds} s per run, ` +
        `projections ${options.projections} in the API process`,
    );
    const api = await startServer('api', {
      DATA_DIR: dataDir,
      AUTH_SECRET: secret,
      EVENT_STORE: 'sqlite',
      PROJECTIONS: options.projections!,
    });
    let apiResult: LoadResult;
    let workload: Workload;
    try {
      workload = await setUp(api.url, secret, blocs);
      await load(api.url, workload, Math.min(2, seconds), connections, 0);
      apiResult = await load(api.url, workload, seconds, connections, 1_000_000);
    } finally {
      await api.stop();
    }

    const ceiling = await startServer('ceiling', {});
    let ceilingResult: LoadResult;
    try {
      // The same requests (paths, tokens, bodies) as the API got, answered without looking.
      await load(ceiling.url, workload, Math.min(2, seconds), connections, 0);
      ceilingResult = await load(ceiling.url, workload, seconds, connections, 1_000_000);
    } finally {
      await ceiling.stop();
    }

    const rateOk = printRateTable('Commands through the API vs a bare node:http server', 'API', 'node:http', [
      {
        scenario: 'reports + score awards',
        measured: apiResult.perSecond,
        baseline: ceilingResult.perSecond,
        target: TARGET_RATIO,
      },
    ]);
    console.log(
      `API latency: p50 ${apiResult.p50} ms, p99 ${apiResult.p99} ms (target p99 < ${TARGET_P99_MS} ms)`,
    );
    console.log(`node:http latency: p50 ${ceilingResult.p50} ms, p99 ${ceilingResult.p99} ms`);
    console.log(`API answers: ${apiResult.ok} accepted, ${apiResult.failed} refused or failed`);
    for (const failure of apiResult.failures) console.log(`  e.g. ${failure}`);
    const latencyOk = apiResult.p99 < TARGET_P99_MS;
    if (!rateOk || !latencyOk || apiResult.failed > 0) process.exitCode = 1;
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function startServer(kind: 'api' | 'ceiling', env: Record<string, string>): Promise<Server> {
  // BENCH_SERVER_NODE_ARGS passes flags to the server's node, e.g. `--cpu-prof` to profile it.
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child: ChildProcess = spawn(
    process.execPath,
    [...nodeArgs, fileURLToPath(import.meta.url), '--serve', kind],
    {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code} before listening`)));
    lines.once('line', (line) => resolve((JSON.parse(line) as { url: string }).url));
  });
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Registers the blocs and brings half of them to `in_force`, the other half to `review`. */
async function setUp(url: string, secret: string, blocs: number): Promise<Workload> {
  const board = await signToken(secret, { sub: 'bench-board', role: 'board' }, '2h');
  const send = async (path: string, token: string, body: unknown): Promise<void> => {
    const response = await fetch(url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    if (response.status !== 201)
      throw new Error(`setting up ${path}: ${response.status} ${await response.text()}`);
  };
  const framework = {
    contents: ['1', '2', '3'].map((content) => ({
      code: content,
      title: `Content ${content}`,
      criteria: CRITERIA.filter((c) => c.startsWith(`${content}.`)).map((code) => ({
        code,
        title: `Criterion ${code}`,
        maxPoints: MAX_POINTS,
      })),
    })),
  };

  const setUpBloc = async (index: number): Promise<BlocSetup> => {
    const blocId = `bench-${index}`;
    const units = Array.from({ length: UNITS_PER_BLOC }, (_, u) => `${blocId}-unit-${u}`);
    const tokens = Object.fromEntries(
      await Promise.all(
        units.map(async (unit) => [
          unit,
          await signToken(secret, { sub: `${unit}-officer`, role: 'unit', unit }, '2h'),
        ]),
      ),
    );
    const cycle = `/api/blocs/${blocId}/cycles/${YEAR}`;
    await send('/api/blocs', board, {
      id: blocId,
      name: `Bloc ${index}`,
      members: units.map((unitId) => ({ unitId, name: `Unit ${unitId}` })),
    });
    await send(`/api/blocs/${blocId}/cycles`, board, {
      year: YEAR,
      framework,
      leader: units[0],
      deputy: units[1],
    });
    for (const unitId of units) {
      for (const code of ['T1', 'T2']) {
        await send(`${cycle}/targets`, tokens[unitId === units[0] ? units[1]! : units[0]!]!, {
          unitId,
          code,
          title: `Indicator ${code}`,
          criterion: '1.1',
          measure: '%',
          direction: 'increase',
          target: 80,
        });
      }
    }
    for (const unitId of units)
      await send(`${cycle}/signatures`, tokens[unitId]!, { unitId, signatory: { title: 'Giám đốc' } });
    if (index % 2 === 1)
      await send(`${cycle}/review`, tokens[units[0]!]!, { meetingDate: `${YEAR + 1}-01-12` });
    return { blocId, units, tokens };
  };

  const started = Date.now();
  const all: BlocSetup[] = [];
  // A few blocs at a time: setting up is not what is measured.
  for (let next = 0; next < blocs; next += 8) {
    all.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(8, blocs - next) }, (_, i) => setUpBloc(next + i)),
      )),
    );
  }
  console.log(`set up ${blocs} blocs in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { reportBlocs: all.filter((_, i) => i % 2 === 0), scoreBlocs: all.filter((_, i) => i % 2 === 1) };
}

/**
 * The n-th request of the mix: even ones report, odd ones award. The counter makes each
 * request distinct (values, periods, points) and spreads them over blocs and units.
 */
function commandFor(n: number, workload: Workload): { path: string; token: string; body: unknown } {
  const k = Math.floor(n / 2);
  if (n % 2 === 0 || workload.scoreBlocs.length === 0) {
    const bloc = workload.reportBlocs[k % workload.reportBlocs.length]!;
    const unitId = bloc.units[Math.floor(k / workload.reportBlocs.length) % bloc.units.length]!;
    const periods = [
      `${YEAR}`,
      `${YEAR}-H1`,
      `${YEAR}-H2`,
      `${YEAR}-Q1`,
      `${YEAR}-Q2`,
      `${YEAR}-Q3`,
      `${YEAR}-Q4`,
    ];
    return {
      path: `/api/blocs/${bloc.blocId}/cycles/${YEAR}/reports`,
      token: bloc.tokens[unitId]!,
      body: {
        unitId,
        indicator: k % 3 === 0 ? 'T2' : 'T1',
        period: periods[k % periods.length],
        value: (6000 + (k % 4000)) / 100,
      },
    };
  }
  const bloc = workload.scoreBlocs[k % workload.scoreBlocs.length]!;
  const unitId = bloc.units[Math.floor(k / workload.scoreBlocs.length) % bloc.units.length]!;
  // The leader's staff never score their own unit: the deputy's do.
  const scorer = unitId === bloc.units[0] ? bloc.units[1]! : bloc.units[0]!;
  return {
    path: `/api/blocs/${bloc.blocId}/cycles/${YEAR}/scores`,
    token: bloc.tokens[scorer]!,
    body: {
      unitId,
      criterion: CRITERIA[k % CRITERIA.length],
      points: (k % (MAX_POINTS * 100)) / 100,
      reason: 'Revised at the review meeting',
    },
  };
}

async function load(
  url: string,
  workload: Workload,
  seconds: number,
  connections: number,
  offset: number,
): Promise<LoadResult> {
  let counter = offset;
  const failures: string[] = [];
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (request): AutocannonRequest => {
          const command = commandFor(counter++, workload);
          return {
            ...request,
            path: command.path,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${command.token}` },
            body: JSON.stringify(command.body),
          };
        },
        onResponse: (status, body) => {
          if (status !== 201 && failures.length < 3) failures.push(`${status} ${body}`);
        },
      },
    ],
  });
  return {
    perSecond: result['2xx'] / (result.duration || seconds),
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result['2xx'],
    failed: result.non2xx + result.errors + result.timeouts,
    failures,
  };
}
