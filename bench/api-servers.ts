/**
 * The servers the API benchmark loads, each in a child process of its own (the driver runs
 * autocannon), and what the driver reads of them: their memory from /proc, and the API's
 * probes (api-probe.ts) over its stdin and stdout.
 *
 * Two ceilings, both bare `node:http` servers (ceilingDescriptions says exactly what each does):
 * - the issue's, which the goals are judged against: a fixed JSON body, 200, to a GET;
 * - the POST ceiling, informational: the API's own requests, each body read and JSON-parsed,
 *   answered 201 with a fixed JSON body: what this machine's HTTP stack does with the same bytes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BatchedLogDestination,
  LOG_BATCH_BYTES,
  LOG_BATCH_MS,
} from '../libs/runtime/src/logging/batched-log-destination.js';
import { API_ENV, API_NODE_FLAGS } from '../apps/api/src/node-flags.js';
import { answerProbes, type ProbeAnswer } from './api-probe.js';

/** The body both ceilings answer: the shape of the API's answer to a command. */
export const CEILING_BODY = JSON.stringify({ position: 1, events: ['IndicatorReported'] });
const CEILING_CONTENT_TYPE = 'application/json; charset=utf-8';
/** The path the GET ceiling is loaded on. */
export const GET_CEILING_PATH = '/';

export type ServerKind = 'api' | 'ceiling-get' | 'ceiling-post';

/** What each ceiling is and how it is loaded, exactly: printed at the head of every run. */
export function ceilingDescriptions(connections: number, seconds: number): { get: string; post: string } {
  const server = `a bare node:http server (Node ${process.version}) in its own process, one thread,`;
  const loaded =
    `loaded by autocannon in the driver process over ${connections} connections for ${seconds} s, right after each API run ` +
    "(autocannon runs on the driver's one thread: each run prints the share of a core the driver used, and a driver " +
    'near a whole core is what limits that run)';
  return {
    get:
      `the ceiling (issue 17's, the goals are judged against it): ${server} that answers every GET with 200, ` +
      `content-type ${CEILING_CONTENT_TYPE} and the fixed body ${CEILING_BODY}; ` +
      `each request a GET ${GET_CEILING_PATH} with no body and no headers of ours; ${loaded}`,
    post:
      `the POST ceiling (informational): ${server} that reads each request body, JSON.parse()s it and answers ` +
      `201, content-type ${CEILING_CONTENT_TYPE} and the same fixed body; it gets the API run's own requests ` +
      `(POST, the same paths, bearer tokens and JSON bodies), cycling through them, ${loaded} after the GET ceiling`,
  };
}

export interface Server {
  readonly url: string;
  readonly pid: number;
  /** Sends a probe line to the API's child and answers its answer line (the API only). */
  probe(line: 'reset' | 'stats'): Promise<ProbeAnswer>;
  stop(): Promise<void>;
}

/** The API's log file in its data folder (apiLogDescription). */
export const API_LOG_FILE = 'api.log';

/** How the API logs during the benchmark: printed at the head of every run. */
export function apiLogDescription(level: string | undefined): string {
  return (
    `the API logs at LOG_LEVEL ${level ?? 'info (its default, as with npm start)'}: one JSON line per request at info, ` +
    `written to ${API_LOG_FILE} in its data folder as npm start writes them to stdout: in batches of up to ` +
    `${LOG_BATCH_BYTES / 1024} KiB at least every ${LOG_BATCH_MS} ms, any other line at once`
  );
}

/** Starts the API (its own createApp, as `npm start` does) in this process: the child's side. */
export async function serveApi(): Promise<void> {
  const { createApp } = await import('../apps/api/src/app.factory.js');
  const { loadConfig } = await import('@app/runtime');
  // The limiter stays on (its cost is part of every request) but out of reach of the load.
  const config = loadConfig({ RATE_LIMIT_PER_MINUTE: '999999999', ...process.env, PORT: '0' });
  answerProbes();
  // Logged as configured (every request at info by default): stdout carries the probes' answers,
  // so the lines go to a file, batched as `npm start` writes them to stdout.
  const logDestination = new BatchedLogDestination(join(config.dataDir, API_LOG_FILE));
  const app = await createApp(config, { logDestination });
  await app.listen(0, '127.0.0.1');
  announce(await app.getUrl());
  process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

/** Starts a ceiling in this process: the child's side. */
export function serveCeiling(kind: 'ceiling-get' | 'ceiling-post'): void {
  const server =
    kind === 'ceiling-get'
      ? createServer((request, response) => {
          if (request.method !== 'GET') response.writeHead(405).end();
          else response.writeHead(200, { 'content-type': CEILING_CONTENT_TYPE }).end(CEILING_BODY);
        })
      : createServer((request, response) => {
          // Read the body like the API does before answering.
          const chunks: Buffer[] = [];
          request.on('data', (chunk: Buffer) => chunks.push(chunk));
          request.on('end', () => {
            JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
            response.writeHead(201, { 'content-type': CEILING_CONTENT_TYPE }).end(CEILING_BODY);
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

/**
 * Starts `script --serve kind` in a child process and waits for the URL it announces; the API's
 * child then answers probe lines, and its other output on stdout is passed on to ours.
 * BENCH_SERVER_NODE_ARGS passes flags to the server's node, e.g. `--cpu-prof` to profile it.
 */
export async function startServer(
  script: string,
  kind: ServerKind,
  env: Record<string, string>,
): Promise<Server> {
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  // The API runs with the flags `npm start` gives it (node-flags.ts); the ceilings with none.
  const flags = kind === 'api' ? [...API_NODE_FLAGS, ...nodeArgs] : nodeArgs;
  const child: ChildProcess = spawn(process.execPath, [...flags, script, '--serve', kind], {
    // The API's environment as `npm start` gives it, an operator's own values kept (API_ENV).
    env: { ...(kind === 'api' ? API_ENV : {}), ...process.env, ...env },
    stdio: [kind === 'api' ? 'pipe' : 'ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code} before listening`)));
    lines.once('line', (line) => resolve((JSON.parse(line) as { url: string }).url));
  });
  // Probes are answered in the order they are sent: one waiting answer at a time, in turn.
  const waiting: ((answer: ProbeAnswer) => void)[] = [];
  lines.on('line', (line) => {
    const answer = parseProbeAnswer(line);
    if (answer === undefined) console.log(line);
    else waiting.shift()?.(answer);
  });
  let last = Promise.resolve<unknown>(undefined);
  return {
    url,
    pid: child.pid!,
    probe(line) {
      if (kind !== 'api') return Promise.reject(new Error(`the ${kind} server answers no probes`));
      const answered = last.then(
        () =>
          new Promise<ProbeAnswer>((resolve, reject) => {
            const onExit = (): void =>
              reject(new Error(`the ${kind} server exited before answering ${line}`));
            child.once('exit', onExit);
            waiting.push((answer) => {
              child.off('exit', onExit);
              if (answer.probe === 'error') reject(new Error(answer.message));
              else resolve(answer);
            });
            child.stdin!.write(`${line}\n`);
          }),
      );
      last = answered.catch(() => undefined);
      return answered;
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function parseProbeAnswer(line: string): ProbeAnswer | undefined {
  if (!line.startsWith('{"probe":')) return undefined;
  try {
    return JSON.parse(line) as ProbeAnswer;
  } catch {
    return undefined;
  }
}

/** A process's resident memory now (VmRSS) and its peak (VmHWM), in bytes. */
export interface Memory {
  readonly rss: number;
  readonly peak: number;
}

export async function memoryOf(pid: number): Promise<Memory> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string): number => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    if (match === null) throw new Error(`no ${field} in /proc/${pid}/status`);
    return Number(match[1]) * 1024;
  };
  return { rss: kib('VmRSS'), peak: kib('VmHWM') };
}

/** Resets the process's peak (VmHWM) to its current RSS, so a later peak is that of what follows. */
export async function resetPeak(pid: number): Promise<void> {
  await writeFile(`/proc/${pid}/clear_refs`, '5');
}

/** Samples VmRSS every `everyMs` until stopped; answers the samples' maximum and median. */
export function sampleRss(
  pid: number,
  everyMs = 250,
): { stop(): Promise<{ max: number; samples: number[] }> } {
  const samples: number[] = [];
  let reading = Promise.resolve();
  const timer = setInterval(() => {
    reading = reading.then(async () => {
      samples.push((await memoryOf(pid)).rss);
    });
  }, everyMs);
  return {
    async stop() {
      clearInterval(timer);
      await reading;
      samples.push((await memoryOf(pid)).rss);
      return { max: Math.max(...samples), samples };
    },
  };
}

/**
 * Runs a node script to its end in a child process with the peak-RSS probe preloaded (the
 * process's own high-water mark, sampled by the kernel, not by a timer). Answers its output,
 * exit code, wall time and peak RSS.
 */
export async function runToEnd(
  script: string,
  args: readonly string[],
  env: Record<string, string>,
): Promise<{ stdout: string; code: number | null; seconds: number; peakRss: number }> {
  const probe = fileURLToPath(new URL('./api-peak-rss.js', import.meta.url));
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', probe, script, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit', 'pipe'],
  });
  let stdout = '';
  let probed = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  (child.stdio[3] as NodeJS.ReadableStream).setEncoding('utf8');
  (child.stdio[3] as NodeJS.ReadableStream).on('data', (chunk: string) => (probed += chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  const seconds = (performance.now() - started) / 1000;
  const peakRss = Number(probed.trim().split('\n').at(-1)) * 1024;
  if (!(peakRss > 0)) throw new Error(`no peak RSS from ${script} (exit ${code})`);
  return { stdout, code, seconds, peakRss };
}

export function mebibytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
}
