/**
 * The offline audit check behind `npm run audit:verify -- [--head FILE]`: the same walk and
 * head checks as `GET /api/audit/verify`, against the store, the heads and the key configured
 * as for the server (DATA_DIR, EVENT_STORE, DATABASE_URL, AUDIT_SIGNING_KEY). FILE is a saved
 * `GET /api/audit/head` answer: its signature must verify with the key, and the log must still
 * hold exactly its hash at its position.
 */
import { createPublicKey } from 'node:crypto';
import { access, readFile } from 'node:fs/promises';
import {
  createSignedHeadStore,
  headSignatureValid,
  verifySignedLog,
  type IntegrityReport,
  type SignedHead,
} from '@app/event-store';
import {
  auditSigningKeyOf,
  type Environment,
  loadConfig,
  openEventStore,
  signedHeadStoreConfig,
  verifyExportFile,
} from '@app/runtime';

export interface AuditVerifyOutcome {
  readonly report: IntegrityReport;
  /** 0 when the log verifies, 1 when it is broken. */
  readonly exitCode: 0 | 1;
}

export async function auditVerifyReport(args: readonly string[], env: Environment): Promise<AuditVerifyOutcome> {
  if (args[0] === '--file') return exportFileReport(args);
  const savedFile = headFileOf(args);
  const saved = savedFile === undefined ? undefined : parseSavedHead(await readFile(savedFile, 'utf8'), savedFile);
  const config = loadConfig(env);
  const key = auditSigningKeyOf(config);
  const store = await openEventStore(config);
  try {
    const heads = await createSignedHeadStore(signedHeadStoreConfig(config));
    try {
      let report = await verifySignedLog(store, heads, key.publicKey, saved);
      if (report.ok && saved !== undefined && !headSignatureValid(saved, key.publicKey)) {
        report = { ok: false, checked: report.checked, brokenAt: saved.position, reason: 'bad-signature', head: report.head };
      }
      return { report, exitCode: report.ok ? 0 : 1 };
    } finally {
      await heads.close();
    }
  } finally {
    await store.close();
  }
}

/**
 * `--file EXPORT [--key PEM]`: an export (`npm run export`) checked offline, with no store and
 * no configuration; its head's signature with the public key in PEM, else with the one the file
 * names (whose keyId the report gives, to compare with one you trust).
 */
async function exportFileReport(args: readonly string[]): Promise<AuditVerifyOutcome> {
  const usage = 'usage: audit:verify -- --file EXPORT.ndjson [--key PUBLIC_KEY.pem]';
  const [, file, keyFlag, keyFile] = args;
  if (file === undefined || !(args.length === 2 || (args.length === 4 && keyFlag === '--key' && keyFile !== undefined))) {
    throw new Error(usage);
  }
  await access(file).catch(() => {
    throw new Error(`cannot read ${file} (${usage})`);
  });
  const key = keyFile === undefined ? undefined : createPublicKey(await readFile(keyFile, 'utf8'));
  const report = await verifyExportFile(file, key);
  return { report, exitCode: report.ok ? 0 : 1 };
}

function headFileOf(args: readonly string[]): string | undefined {
  const at = args.indexOf('--head');
  if (at === -1) {
    if (args.length > 0) throw new Error(`unknown arguments: ${args.join(' ')} (usage: audit:verify -- [--head FILE] | --file EXPORT [--key PEM])`);
    return undefined;
  }
  const file = args[at + 1];
  if (file === undefined || args.length !== 2) throw new Error('usage: audit:verify -- [--head FILE]');
  return file;
}

function parseSavedHead(text: string, file: string): SignedHead {
  const head = JSON.parse(text) as Partial<Record<keyof SignedHead, unknown>>;
  const valid =
    Number.isSafeInteger(head.position) &&
    (head.position as number) > 0 &&
    typeof head.hash === 'string' &&
    /^[0-9a-f]{64}$/.test(head.hash) &&
    typeof head.recordedAt === 'string' &&
    typeof head.signedAt === 'string' &&
    typeof head.keyId === 'string' &&
    typeof head.signature === 'string';
  if (!valid) throw new Error(`${file} is not a saved /api/audit/head answer`);
  return head as SignedHead;
}
