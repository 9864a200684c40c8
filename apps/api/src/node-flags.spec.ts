import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { API_ENV, API_NODE_FLAGS } from './node-flags.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const MAIN = 'dist/apps/api/src/main.js';
const loader = join(root, 'test/support/ts-loader.mjs');
const nodeFlags = new URL('./node-flags.ts', import.meta.url).href;

/** Allocates short-lived objects until the young generation has grown, then answers its size in MiB. */
const ALLOCATE = `
  const { getHeapSpaceStatistics } = await import('node:v8');
  let kept = [];
  for (let i = 0; i < 3e6; i++) {
    kept.push({ i, text: 'x' + i });
    if (kept.length > 2e5) kept = [];
  }
  const newSpace = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
  return newSpace.space_size / 1048576;
`;

/**
 * A process started with API_NODE_FLAGS, confining them (or not) before it starts a worker
 * thread that asks for a young generation of 8 MiB: the young generations both threads reach.
 */
function youngGenerations(confine: boolean): { main: number; worker: number } {
  const child = `
    const { confineNodeFlagsToMainThread } = await import(${JSON.stringify(nodeFlags)});
    if (${confine}) confineNodeFlagsToMainThread();
    const { Worker } = await import('node:worker_threads');
    const allocate = async () => { ${ALLOCATE} };
    const worker = await new Promise((resolve, reject) => {
      const thread = new Worker(
        '(async () => { ' + ${JSON.stringify(ALLOCATE)} + ' })().then(async (size) => ' +
          '(await import("node:worker_threads")).parentPort.postMessage(size));',
        { eval: true, resourceLimits: { maxYoungGenerationSizeMb: 8 } },
      );
      thread.once('message', resolve);
      thread.once('error', reject);
    });
    console.log(JSON.stringify({ main: await allocate(), worker }));
  `;
  const result = spawnSync(
    process.execPath,
    [...API_NODE_FLAGS, '--import', loader, '--input-type=module', '--eval', child],
    { env: { ...process.env, NODE_OPTIONS: '' }, encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`the child failed (${result.status}): ${result.stderr}`);
  return JSON.parse(result.stdout.trim()) as { main: number; worker: number };
}

describe('the API process is started with API_NODE_FLAGS everywhere', () => {
  it('by npm start', () => {
    const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(scripts.start).toContain(`node ${API_NODE_FLAGS.join(' ')} ${MAIN}`);
  });

  it("by the container's CMD", () => {
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    const cmd = dockerfile.split('\n').find((line) => line.startsWith('CMD '));
    expect(cmd).toBeDefined();
    expect(JSON.parse(cmd!.slice('CMD '.length))).toEqual(['node', ...API_NODE_FLAGS, MAIN]);
  });
});

describe('the API process is started with API_ENV everywhere', () => {
  const entries = Object.entries(API_ENV);

  it("by npm start, an operator's own value kept", () => {
    const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    const start = scripts.start!.slice(
      0,
      scripts.start!.indexOf(` node ${API_NODE_FLAGS.join(' ')} ${MAIN}`),
    );
    expect(entries.length).toBeGreaterThan(0);
    for (const [name, value] of entries) expect(start).toContain(`${name}=\${${name}:-${value}}`);
    // The shell npm runs the script with expands it as meant: the value, or the operator's.
    const environment = (operator: Record<string, string>): string[] =>
      spawnSync('sh', ['-c', `${start.slice(start.lastIndexOf('&& ') + 3)} env`], {
        env: { PATH: process.env.PATH, ...operator },
        encoding: 'utf8',
      }).stdout.split('\n');
    for (const [name, value] of entries) {
      expect(environment({})).toContain(`${name}=${value}`);
      expect(environment({ [name]: '7' })).toContain(`${name}=7`);
    }
  });

  it("by the container's ENV", () => {
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    const env = dockerfile
      .split('\n')
      .filter((line) => line.startsWith('ENV '))
      .flatMap((line) => line.slice('ENV '.length).trim().split(/\s+/));
    for (const [name, value] of entries) expect(env).toContain(`${name}=${value}`);
  });
});

describe('confineNodeFlagsToMainThread', () => {
  it('leaves the main thread its young generation and gives a worker thread the one it asks for', () => {
    const { main, worker } = youngGenerations(true);
    // 32 MiB (two semi-spaces of 16); at least more than a worker's 8 anywhere.
    expect(main).toBeGreaterThan(16);
    expect(worker).toBeLessThanOrEqual(8);
  });

  it("is needed: without it the flag overrides the worker's own limit", () => {
    expect(youngGenerations(false).worker).toBeGreaterThan(8);
  });
});
