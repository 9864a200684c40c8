/**
 * `npm run store:copy -- --from sqlite --to postgres` (or the reverse): copies the whole log and
 * its signed heads between stores, verbatim, in batches, resumable (libs/runtime
 * store-copy/store-copy.ts), then the webhook store (store-copy/webhook-copy.ts) and the idempotency
 * records (store-copy/idempotency-copy.ts). Stop the API's writes first. The SQLite end is DATA_DIR and the
 * PostgreSQL end DATABASE_URL unless --from-data-dir, --to-data-dir, --from-url or --to-url
 * say otherwise. Exit 1 with one line when it fails or stops early, 2 on wrong arguments.
 */
import { resolve } from 'node:path';
import {
  auditSigningKeyOf,
  copyIdempotencyRecords,
  copyStore,
  copyWebhooks,
  describeEndpoint,
  type Environment,
  loadConfig,
  type StoreEndpoint,
} from '@app/runtime';
import { parseCliArgs, runCli, UsageError } from './cli-args.js';

const USAGE =
  'store:copy -- --from sqlite|postgres --to sqlite|postgres [--from-data-dir DIR] [--to-data-dir DIR] ' +
  '[--from-url URL] [--to-url URL] [--batch-size N] [--max-batches N]';

await runCli('store:copy', async () => {
  const args = parseCliArgs(
    process.argv.slice(2),
    {
      from: { type: 'string' },
      to: { type: 'string' },
      'from-data-dir': { type: 'string' },
      'to-data-dir': { type: 'string' },
      'from-url': { type: 'string' },
      'to-url': { type: 'string' },
      'batch-size': { type: 'string' },
      'max-batches': { type: 'string' },
    },
    USAGE,
  );
  const env = process.env;
  const from = endpointOf(args.from, args['from-data-dir'], args['from-url'], env);
  const to = endpointOf(args.to, args['to-data-dir'], args['to-url'], env);
  if (describeEndpoint(from) === describeEndpoint(to))
    throw new UsageError(`the source and the target are the same store (usage: ${USAGE})`);
  const config = loadConfig(env);
  const started = performance.now();
  const report = await copyStore({
    from,
    to,
    publicKey: auditSigningKeyOf(config).publicKey,
    batchSize: count(args['batch-size'], '--batch-size'),
    maxBatches: count(args['max-batches'], '--max-batches'),
    onBatch: (at, end) => {
      if (process.stdout.isTTY) process.stdout.write(`\r  copied to ${at} of ${end}`);
    },
  });
  if (process.stdout.isTTY) process.stdout.write('\n');
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const what =
    `${report.copied} events from ${describeEndpoint(from)} to ${describeEndpoint(to)}` +
    (report.resumedFrom > 0 ? ` (resumed at ${report.resumedFrom})` : '') +
    ` in ${seconds} s`;
  if (!report.complete) {
    console.error(
      `store:copy: stopped at ${report.targetHead.position} of ${report.sourceHead.position} after copying ${what}; run it again to continue`,
    );
    process.exitCode = 1;
    return;
  }
  console.log(
    `copied ${what}; ${report.signedHeads} signed heads; the target verifies and its head is the source's: ` +
      `${report.targetHead.position} ${report.targetHead.hash}`,
  );
  // The webhook store, which the log does not hold, once the log is all there.
  const webhooks = await copyWebhooks({ from, to, env });
  console.log(
    webhooks.alreadyCopied
      ? `webhooks: the target holds the source's already (${webhooks.webhooks} webhooks, ${webhooks.deliveries} deliveries)`
      : `webhooks: copied ${webhooks.webhooks} webhooks, ${webhooks.secrets} secrets (sealed with the target's key) and ${webhooks.deliveries} deliveries, outbox at ${webhooks.checkpoint}`,
  );
  // The answers to keyed commands, so that a retry across the switch gets its first answer.
  const idempotency = await copyIdempotencyRecords({ from, to });
  console.log(
    `idempotency records: ${idempotency.copied} copied` +
      (idempotency.copied === idempotency.records
        ? ''
        : ` (${idempotency.records - idempotency.copied} held already)`),
  );
});

function endpointOf(
  kind: string | undefined,
  dataDir: string | undefined,
  url: string | undefined,
  env: Environment,
): StoreEndpoint {
  if (kind === 'sqlite') return { kind, dataDir: resolve(dataDir ?? (env.DATA_DIR || './data')) };
  if (kind === 'postgres') {
    const connectionString = url ?? env.DATABASE_URL?.trim();
    if (!connectionString) throw new UsageError('a postgres end needs DATABASE_URL or --from-url/--to-url');
    return { kind, connectionString };
  }
  throw new UsageError(`--from and --to must be sqlite or postgres (usage: ${USAGE})`);
}

function count(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9]\d{0,8}$/.test(value))
    throw new UsageError(`${name} must be a positive whole number, not ${value}`);
  return Number(value);
}
