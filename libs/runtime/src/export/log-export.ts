/**
 * Writes the NDJSON export (log-export-format.ts) of the whole log or of one bloc, streamed
 * page by page with the writer's back-pressure respected, so the log is never held in memory.
 * The log is verified first (chain and signed heads, as `audit:verify`) and the export ends at
 * the head that walk reached; a log that does not verify is not exported.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { KeyObject } from 'node:crypto';
import {
  canonicalJson,
  checkSignedHeads,
  type EventStore,
  GENESIS_HASH,
  linkHash,
  type RecordedEvent,
  type SignedHeadStore,
} from '@app/event-store';
import { auditEntryOf } from '@app/projections';
import { EXPORT_END, type ExportScope, type ExportTrailer } from './log-export-format.js';

export interface LogExportOptions {
  readonly store: EventStore;
  readonly heads: SignedHeadStore;
  readonly publicKey: KeyObject;
  readonly out: Writable;
  /** Only this bloc's events (as the audit index files them); the whole log when absent. */
  readonly blocId?: string;
  readonly pageSize?: number;
}

export async function exportLog(options: LogExportOptions): Promise<ExportTrailer> {
  const { store, out, blocId } = options;
  const heads = await options.heads.all();
  const walk = await store.verifyIntegrity({ keep: heads.map((head) => head.position) });
  const report = checkSignedHeads(walk, heads, options.publicKey);
  if (!report.ok) throw new Error(`the log does not verify (${report.reason} at position ${report.brokenAt}); not exporting it`);
  const end = walk.head;

  const write = async (line: string): Promise<void> => {
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  };
  let previousHash = GENESIS_HASH;
  let events = 0;
  for (let after = 0; after < end.position; ) {
    const page = await store.readAll({ after, maxCount: Math.min(options.pageSize ?? 1000, end.position - after) });
    if (page.length === 0) throw new Error(`the log returned nothing after position ${after}, below its head ${end.position}`);
    for (const event of page) {
      const hash = chainHash(previousHash, event);
      if (blocId === undefined) {
        await write(JSON.stringify(envelope(event)));
        events++;
      } else if (auditEntryOf(event).blocId === blocId) {
        await write(JSON.stringify({ ...envelope(event), chain: { previousHash, hash } }));
        events++;
      }
      previousHash = hash;
    }
    after = page[page.length - 1].position;
  }
  if (previousHash !== end.hash) throw new Error(`the log changed below position ${end.position} while it was exported`);

  const scope: ExportScope = blocId === undefined ? { log: true } : { blocId };
  const trailer: ExportTrailer = {
    kind: EXPORT_END,
    scope,
    events,
    head: { ...end, recordedAt: walk.links.get(end.position)?.recordedAt ?? null },
    signedHead: heads.filter((head) => head.position <= end.position).at(-1) ?? null,
    publicKeyPem: options.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
  await write(JSON.stringify(trailer));
  return trailer;
}

/** The envelope exactly as /api/audit items carry it, in the same key order. */
function envelope(event: RecordedEvent): RecordedEvent {
  const { id, streamId, revision, position, type, data, metadata, recordedAt } = event;
  return { id, streamId, revision, position, type, data, metadata, recordedAt };
}

export function chainHash(previousHash: string, event: RecordedEvent): string {
  return linkHash(previousHash, { ...event, dataJson: canonicalJson(event.data), metadataJson: canonicalJson(event.metadata) });
}
