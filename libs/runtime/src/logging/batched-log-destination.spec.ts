import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import pino from 'pino';
import { BatchedLogDestination, LOG_BATCH_BYTES, REQUEST_LOG_MESSAGE } from './batched-log-destination.js';

const TS_LOADER = new URL('../../../../test/support/ts-loader.mjs', import.meta.url).href;
const PINO_OPTIONS = new URL('./pino-options.ts', import.meta.url).href;

describe('BatchedLogDestination', () => {
  let dir: string;
  let file: string;
  let destination: BatchedLogDestination;
  let logger: pino.Logger;

  const written = (): string[] =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => {
        const { msg, n } = JSON.parse(line) as { msg: string; n?: string };
        return n ?? msg;
      });
  /** A request's line, as the API's request log writes it, told apart by `n`. */
  const request = (n: string): void => logger.info({ n }, REQUEST_LOG_MESSAGE);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'batched-log-'));
    file = join(dir, 'api.log');
    destination = new BatchedLogDestination(file);
    logger = pino({ level: 'info' }, destination);
  });

  afterEach(() => {
    destination.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("holds requests' lines until a batch has gathered, then writes them together, in order", () => {
    const logged: string[] = [];
    // One line at a time until the file has something: then everything logged, at once, in order.
    while (written().length === 0 && logged.length < 10_000) {
      logged.push(`line ${logged.length}`);
      request(logged.at(-1)!);
    }
    expect(logged.length).toBeGreaterThan(10);
    expect(written()).toEqual(logged);
    expect(readFileSync(file, 'utf8').length).toBeGreaterThanOrEqual(LOG_BATCH_BYTES);
  });

  it('writes a line at warn or above at once, with every line before it', () => {
    request('before');
    logger.warn('a warning');
    expect(written()).toEqual(['before', 'a warning']);
    request('after');
    logger.error({ n: 'a failed request' }, REQUEST_LOG_MESSAGE);
    expect(written()).toEqual(['before', 'a warning', 'after', 'a failed request']);
  });

  it("writes any line that is not a request's at once, with every line before it", () => {
    request('a request');
    logger.info('stopped projecting');
    expect(written()).toEqual(['a request', 'stopped projecting']);
  });

  it('writes a waiting line by itself soon after, with no other line to push it', async () => {
    request('alone');
    expect(written()).toEqual([]);
    for (let waited = 0; written().length === 0 && waited < 100; waited++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(written()).toEqual(['alone']);
  });

  it('writes what waits when it is closed', () => {
    request('last words');
    destination.close();
    expect(written()).toEqual(['last words']);
    destination = new BatchedLogDestination(join(dir, 'other.log'));
  });
});

describe("a process's default log (stdout, not a terminal)", () => {
  /** Runs a module that logs two requests' lines through processLogger, then `end`; answers its stdout. */
  const run = (end: string): { stdout: string; status: number | null; signal: NodeJS.Signals | null } => {
    const script = `
      import { processLogger } from ${JSON.stringify(PINO_OPTIONS)};
      const logger = processLogger({ level: 'info' });
      logger.info({ n: 'a request' }, ${JSON.stringify(REQUEST_LOG_MESSAGE)});
      logger.info({ n: 'another' }, ${JSON.stringify(REQUEST_LOG_MESSAGE)});
      ${end}
    `;
    const child = spawnSync(process.execPath, ['--import', TS_LOADER, '--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    return { stdout: child.stdout, status: child.status, signal: child.signal };
  };
  const messages = (stdout: string): string[] =>
    stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => {
        const { msg, n } = JSON.parse(line) as { msg: string; n?: string };
        return n ?? msg;
      });

  it('is written when the process exits', () => {
    const { stdout, status } = run('process.exit(0);');
    expect(status).toBe(0);
    expect(messages(stdout)).toEqual(['a request', 'another']);
  });

  it('is written when an uncaught exception ends the process', () => {
    const { stdout, status } = run("setImmediate(() => { throw new Error('boom'); });");
    expect(status).toBe(1);
    expect(messages(stdout)).toEqual(['a request', 'another']);
  });

  it('is written when the process ends by itself', () => {
    const { stdout, status } = run('');
    expect(status).toBe(0);
    expect(messages(stdout)).toEqual(['a request', 'another']);
  });

  it('is written, up to the last line, when a line that is no request precedes a signal that ends the process', () => {
    // As Nest's shutdown hooks end the projector: its last line, then the signal re-raised.
    const { stdout, signal } = run(
      "logger.info('stopped projecting'); process.kill(process.pid, 'SIGTERM');",
    );
    expect(signal).toBe('SIGTERM');
    expect(messages(stdout)).toEqual(['a request', 'another', 'stopped projecting']);
  });
});
