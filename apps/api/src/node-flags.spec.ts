import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { API_NODE_FLAGS } from './node-flags.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const MAIN = 'dist/apps/api/src/main.js';

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
