/**
 * The NDJSON export of the log (`npm run export`), for archives and for inspectors who work
 * offline. One event per line, exactly as `/api/audit` answers its items (the envelope:
 * id, streamId, revision, position, type, data, metadata, recordedAt), then one last line, the
 * trailer, saying where the export ends:
 *
 *   {"kind":"export-end","scope":{"log":true}|{"blocId":"..."},"events":N,
 *    "head":{"position","hash","recordedAt"},"signedHead":{...}|null,"publicKeyPem":"..."}
 *
 * A whole-log export holds every field the chain hashes: `audit:verify -- --file` recomputes
 * the chain from the first line and must reach the trailer's head, and the latest signed head
 * at or below it must carry the recomputed hash at its position and a signature that verifies.
 *
 * A bloc's export leaves out the other blocs' events, so the chain cannot be recomputed from
 * it. Each of its lines also carries `chain: {previousHash, hash}`, the links around the event:
 * offline, each event can be checked against its own hash (nothing in a line was edited), and
 * each (position, hash) can later be compared with the server (`/api/audit/verify?position=
 * &hash=`) or with a whole-log export. What a bloc export cannot prove alone: that no event of
 * the bloc was left out, and that its hashes belong to the signed chain.
 */
import type { RecordedEvent, SignedHead } from '@app/event-store';

export const EXPORT_END = 'export-end';

export type ExportScope = { readonly log: true } | { readonly blocId: string };

export interface ExportTrailer {
  readonly kind: typeof EXPORT_END;
  readonly scope: ExportScope;
  /** Event lines written. */
  readonly events: number;
  /** The log's head the export reaches (a bloc's export: the log's, not the bloc's last event). */
  readonly head: { readonly position: number; readonly hash: string; readonly recordedAt: string | null };
  /** The latest signed head at or below `head`; null when none was signed yet. */
  readonly signedHead: SignedHead | null;
  /** The public key the signed head verifies with: compare its keyId with one you trust. */
  readonly publicKeyPem: string;
}

/** A line of a bloc's export: the event and the links around it. */
export type BlocExportLine = RecordedEvent & { readonly chain: { readonly previousHash: string; readonly hash: string } };
