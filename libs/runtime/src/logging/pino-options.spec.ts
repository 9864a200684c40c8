import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pinoSettings } from './pino-options.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const loader = join(root, 'test/support/ts-loader.mjs');
const pinoOptions = new URL('./pino-options.ts', import.meta.url).href;
const LINES = 3_000;

/**
 * A process that logs LINES lines through processLogger in one turn of its event loop, with
 * stdout a pipe, then ends as `ending` says: what reached its stdout, and how it exited.
 */
function logThenEnd(ending: string): { lines: { n: number; msg: string }[]; status: number | null } {
  const child = `
    const { processLogger } = await import(${JSON.stringify(pinoOptions)});
    const logger = processLogger({ level: 'info' });
    for (let n = 0; n < ${LINES}; n++) logger.info({ n, padding: 'x'.repeat(200) }, 'line');
    ${ending}
  `;
  const result = spawnSync(process.execPath, ['--import', loader, '--input-type=module', '--eval', child], {
    env: { ...process.env, NODE_OPTIONS: '' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const lines = result.stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as { n: number; msg: string });
  return { lines, status: result.status };
}

const inOrder = Array.from({ length: LINES }, (_, n) => n);

describe('the processes log JSON lines to stdout without blocking', () => {
  it('through one asynchronous stream to stdout, shared by every logger of the process', () => {
    // Jest's stdout is not a terminal: the JSON lines' stream.
    const { stream } = pinoSettings({ level: 'info' });
    expect(stream).toMatchObject({ fd: 1, sync: false });
    expect(pinoSettings({ level: 'debug' }).stream).toBe(stream);
  });

  it('writes every line still queued when the process exits at once', () => {
    const { lines, status } = logThenEnd('process.exit(3);');
    expect(status).toBe(3);
    expect(lines.map((line) => line.n)).toEqual(inOrder);
  });

  it('writes every line still queued when the process dies of an uncaught exception', () => {
    const { lines, status } = logThenEnd("throw new Error('boom');");
    expect(status).toBe(1);
    expect(lines.map((line) => line.n)).toEqual(inOrder);
  });

  it('writes every line when the process ends by running out of work', () => {
    const { lines, status } = logThenEnd('');
    expect(status).toBe(0);
    expect(lines.map((line) => line.n)).toEqual(inOrder);
  });
});
