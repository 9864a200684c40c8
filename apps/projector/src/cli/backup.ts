/**
 * `npm run backup -- --out DIR [--without-secrets]`: an online backup of the embedded
 * deployment's DATA_DIR while the API runs (libs/runtime backup/data-dir-backup.ts), verified
 * before it reports success. Exit 1 with one line when it fails, 2 on wrong arguments.
 */
import { auditSigningKeyOf, backupDataDir, loadConfig } from '@app/runtime';
import { parseCliArgs, runCli, UsageError } from './cli-args.js';

const USAGE = 'backup -- --out DIR [--without-secrets]';

await runCli('backup', async () => {
  const args = parseCliArgs(
    process.argv.slice(2),
    { out: { type: 'string' }, 'without-secrets': { type: 'boolean' } },
    USAGE,
  );
  if (args.out === undefined) throw new UsageError(`--out is required (usage: ${USAGE})`);
  const config = loadConfig(process.env);
  if (config.eventStore !== 'sqlite') {
    throw new Error(`EVENT_STORE=${config.eventStore}: this backup is the embedded store's; back PostgreSQL up with its own tools (pg_dump) or store:copy`);
  }
  const manifest = await backupDataDir({
    dataDir: config.dataDir,
    out: args.out,
    publicKey: auditSigningKeyOf(config).publicKey,
    withoutSecrets: args['without-secrets'],
    appVersion: process.env.npm_package_version,
  });
  const signed = manifest.latestSignedHead;
  console.log(
    `backed up ${config.dataDir} to ${args.out}: ${manifest.log.events} events verified, head ${manifest.log.head.position} ` +
      `(${manifest.log.head.hash}), latest signed head ${signed ? signed.position : 'none'}`,
  );
  if (manifest.secrets.length > 0) {
    console.log(`  it holds ${manifest.secrets.join(' and ')}: keep it as private as they are (folder 0700, files 0600)`);
  }
});
