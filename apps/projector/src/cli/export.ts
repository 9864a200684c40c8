/**
 * `npm run export -- [--bloc B] [--out FILE]`: the whole log, or one bloc's events, as NDJSON
 * (one `/api/audit` item per line, then the head it ends at; libs/runtime export/), streamed to
 * FILE (mode 0600) or to the standard output. `audit:verify -- --file FILE` checks it offline.
 * Exit 1 with one line when it fails, 2 on wrong arguments.
 */
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { createSignedHeadStore } from '@app/event-store';
import { auditSigningKeyOf, exportLog, loadConfig, openEventStore, signedHeadStoreConfig } from '@app/runtime';
import { parseCliArgs, runCli } from './cli-args.js';

await runCli('export', async () => {
  const args = parseCliArgs(process.argv.slice(2), { bloc: { type: 'string' }, out: { type: 'string' } }, 'export -- [--bloc B] [--out FILE]');
  const config = loadConfig(process.env);
  const store = await openEventStore(config);
  try {
    const heads = await createSignedHeadStore(signedHeadStoreConfig(config));
    try {
      // 'wx': an export never overwrites a file, least of all an earlier archive.
      const out = args.out === undefined ? process.stdout : createWriteStream(args.out, { flags: 'wx', mode: 0o600 });
      const trailer = await exportLog({ store, heads, publicKey: auditSigningKeyOf(config).publicKey, out, blocId: args.bloc });
      if (out !== process.stdout) {
        out.end();
        await finished(out);
        console.error(`exported ${trailer.events} events to ${args.out}, up to the log's head ${trailer.head.position} (${trailer.head.hash})`);
      }
    } finally {
      await heads.close();
    }
  } finally {
    await store.close();
  }
});
