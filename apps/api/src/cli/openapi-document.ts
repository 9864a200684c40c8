/**
 * Writes the OpenAPI document the API serves at /docs-json to a file (`--out FILE`, default
 * openapi.json), for `npm run openapi:lint` and client generators: it starts the real
 * application on a throwaway data folder and a loopback port and saves what /docs-json answers,
 * so the file is the served document, not a second rendering of it.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '@app/runtime';
import { createApp } from '../app.factory.js';

const { values } = parseArgs({ options: { out: { type: 'string', default: 'openapi.json' } } });
const dataDir = await mkdtemp(join(tmpdir(), 'blocs-openapi-'));
try {
  const config = { ...loadConfig({ DATA_DIR: dataDir }), port: 0 };
  const app = await createApp(config, { logger: ['error'], docsUi: false });
  try {
    await app.listen(0, '127.0.0.1');
    const response = await fetch(`${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/docs-json`);
    if (!response.ok) throw new Error(`/docs-json answered ${response.status}`);
    await writeFile(values.out, `${JSON.stringify(await response.json(), null, 2)}\n`);
  } finally {
    await app.close();
  }
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
