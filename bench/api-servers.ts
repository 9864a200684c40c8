/**
 * The servers the API benchmark loads, each in a child process of its own (the driver runs
 * autocannon), and what the driver reads of them: their memory from /proc.
 *
 * The ceiling is a bare `node:http` server: it reads each request's body and JSON-parses it,
 * then answers 201 with a fixed JSON body of the API's shape, so that the API's figures are
 * measured against what this machine's HTTP stack does with the very same requests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const CEILING_BODY = JSON.stringify({ position: 1, events: ['IndicatorReported'] });

export const CEILING_DESCRIPTION =
  'the ceiling: a bare node:http server (Node ' +
  process.version +
  ') in its own process, one thread, that reads each request body, JSON.parse()s it and answers ' +
  `201 with the fixed body ${CEILING_BODY} (content-type application/json); it gets the same ` +
  'requests as the API (POST, the same paths, bearer tokens and JSON bodies), over the same ' +
  'connections, from autocannon in the driver process';

export interface Server {
  readonly url: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/** Starts the API (its own createApp, as `npm start` does) in this process: the child's side. */
export async function serveApi(): Promise<void> {
  const { createApp } = await import('../apps/api/src/app.factory.js');
  const { loadConfig } = await import('@app/runtime');
  // The limiter stays on (its cost is part of every request) but out of reach of the load.
  const config = loadConfig({ RATE_LIMIT_PER_MINUTE: '999999999', ...process.env, PORT: '0' });
  const app = await createApp(config, { logger: ['error'] });
  await app.listen(0, '127.0.0.1');
  announce(await app.getUrl());
  process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

/** Starts the ceiling in this process: the child's side. */
export function serveCeiling(): void {
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

/**
 * Starts `script --serve kind` in a child process and waits for the URL it announces.
 * BENCH_SERVER_NODE_ARGS passes flags to the server's node, e.g. `--cpu-prof` to profile it.
 */
export async function startServer(
  script: string,
  kind: 'api' | 'ceiling',
  env: Record<string, string>,
): Promise<Server> {
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, script, '--serve', kind], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code} before listening`)));
    lines.once('line', (line) => resolve((JSON.parse(line) as { url: string }).url));
  });
  return {
    url,
    pid: child.pid!,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
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
