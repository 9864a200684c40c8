/**
 * `npm run restore -- --from DIR [--force]`: puts a backup back as DATA_DIR after checking the
 * manifest's hashes, the chain and the signed heads, then rebuilds the read models from the
 * restored log. Stop the API first. Exit 1 with one line when it fails, 2 on wrong arguments.
 */
import { resolve } from 'node:path';
import { rebuildSqliteReadModels } from '@app/projections';
import { restoreDataDir } from '@app/runtime';
import { parseCliArgs, runCli, UsageError } from './cli-args.js';

const USAGE = 'restore -- --from DIR [--force]';

await runCli('restore', async () => {
  const args = parseCliArgs(process.argv.slice(2), { from: { type: 'string' }, force: { type: 'boolean' } }, USAGE);
  if (args.from === undefined) throw new UsageError(`--from is required (usage: ${USAGE})`);
  const dataDir = resolve(process.env.DATA_DIR || './data');
  const manifest = await restoreDataDir({
    from: args.from,
    dataDir,
    force: args.force,
    auditSigningKeyPem: process.env.AUDIT_SIGNING_KEY?.trim() ? process.env.AUDIT_SIGNING_KEY.replace(/\\n/g, '\n').trim() : undefined,
  });
  const { head } = await rebuildSqliteReadModels({ dataDir });
  console.log(
    `restored ${args.from} (taken ${manifest.createdAt}) into ${dataDir}: log verified to ${manifest.log.head.position}, read models rebuilt to ${head}`,
  );
});
