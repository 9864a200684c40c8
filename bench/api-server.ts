/**
 * The entry of the API benchmark's servers: `node dist/bench/api-server.js --serve api`, or
 * `ceiling-get` / `ceiling-post`. Each server is a child process of the driver (api.bench.ts)
 * that starts from here, not from the driver's script, so that it loads what it serves and
 * nothing of the driver: autocannon, its histograms and the report's tables stay out of the
 * process whose memory and CPU the benchmark measures (they added about 4 MiB to the API's RSS
 * and 2 MiB to its heap while the servers ran the driver's script).
 */
import { parseArgs } from 'node:util';
import { serveApi, serveCeiling } from './api-servers.js';

const { values } = parseArgs({ options: { serve: { type: 'string' } } });

if (values.serve === 'api') await serveApi();
else if (values.serve === 'ceiling-get' || values.serve === 'ceiling-post') serveCeiling(values.serve);
else throw new Error(`--serve must be api, ceiling-get or ceiling-post, not ${String(values.serve)}`);
