/**
 * Checks an export file offline (`npm run audit:verify -- --file export.ndjson [--key PEM]`),
 * line by line without holding the file in memory; what it can check depends on the export's
 * scope (log-export-format.ts). The report has the shape of `audit:verify`'s, plus what the
 * file is and which key its head verified with.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { createPublicKey, type KeyObject } from 'node:crypto';
import {
  auditKeyId,
  GENESIS_HASH,
  headSignatureValid,
  type IntegrityFailure,
  type IntegrityReport,
  type RecordedEvent,
} from '@app/event-store';
import { chainHash } from './log-export.js';
import { type BlocExportLine, EXPORT_END, type ExportTrailer } from './log-export-format.js';

export interface ExportFileReport extends IntegrityReport {
  readonly file?: {
    readonly scope: ExportTrailer['scope'];
    readonly events: number;
    readonly signedHead: number | null;
    /** The key the signed head verified with: compare it with a keyId you trust. */
    readonly keyId: string;
  };
}

export async function verifyExportFile(path: string, trustedKey?: KeyObject): Promise<ExportFileReport> {
  let checked = 0;
  let previousHash = GENESIS_HASH;
  let last = { position: 0, hash: GENESIS_HASH };
  // The trailer first (the file's last line), so the signed head's hash is kept as it passes.
  const expectedTrailer = await lastLine(path);
  const signedPosition = (expectedTrailer as Partial<ExportTrailer> | undefined)?.signedHead?.position;
  let signedHash: string | undefined;
  let trailer: ExportTrailer | undefined;
  let whole: boolean | undefined;
  const broken = (brokenAt: number, reason: IntegrityFailure): ExportFileReport => ({ ok: false, checked, brokenAt, reason, head: last });

  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  for await (const text of lines) {
    if (text.trim() === '') continue;
    if (trailer !== undefined) return broken(trailer.head.position + 1, 'altered'); // a line after the trailer
    let line: Partial<RecordedEvent & BlocExportLine & ExportTrailer>;
    try {
      line = JSON.parse(text) as typeof line;
    } catch {
      return broken(last.position + 1, 'altered');
    }
    if (line.kind === EXPORT_END) {
      trailer = line as ExportTrailer;
      continue;
    }
    const event = line as BlocExportLine;
    whole ??= event.chain === undefined;
    if (!Number.isSafeInteger(event.position) || event.position <= last.position) return broken(last.position + 1, 'altered');
    let hash: string;
    try {
      if (whole) {
        if (event.chain !== undefined) return broken(event.position, 'altered');
        if (event.position !== last.position + 1) return broken(last.position + 1, 'missing');
        hash = chainHash(previousHash, event);
      } else {
        if (event.chain === undefined || chainHash(event.chain.previousHash, withoutChain(event)) !== event.chain.hash) {
          return broken(event.position, 'altered');
        }
        hash = event.chain.hash;
      }
    } catch {
      return broken(event.position, 'altered');
    }
    previousHash = hash;
    last = { position: event.position, hash };
    if (event.position === signedPosition) signedHash = hash;
    checked++;
  }

  if (trailer === undefined || !validTrailer(trailer)) return broken(last.position + 1, 'truncated');
  const { head, signedHead, scope } = trailer;
  if (('log' in scope) !== (whole ?? 'log' in scope) || trailer.events !== checked) return broken(last.position + 1, 'truncated');
  let key: KeyObject;
  try {
    key = trustedKey ?? createPublicKey(trailer.publicKeyPem);
  } catch {
    return broken(head.position, 'bad-signature');
  }
  if (signedHead !== null) {
    if (!headSignatureValid(signedHead, key)) return broken(signedHead.position, 'bad-signature');
    if (signedHead.position > head.position) return broken(head.position + 1, 'truncated');
    // A whole-log export recomputed every hash; a bloc's holds the signed head's event only if
    // it is the bloc's, and otherwise can only compare it with the trailer's head.
    const recomputed = signedHash ?? ('log' in scope || signedHead.position !== head.position ? undefined : head.hash);
    if (recomputed !== undefined && recomputed !== signedHead.hash) return broken(signedHead.position, 'head-mismatch');
  }
  // A whole-log export carries no hashes: an edited line shows as the recomputed chain missing
  // the signed head's hash (above) or the trailer's, not at the line itself.
  if ('log' in scope) {
    if (head.position !== last.position) return broken(Math.min(head.position, last.position) + 1, 'truncated');
    if (head.hash !== last.hash) return broken(head.position, 'altered');
  } else if (last.position > head.position) {
    return broken(last.position, 'altered');
  }
  return {
    ok: true,
    checked,
    head: { position: head.position, hash: head.hash },
    file: { scope, events: trailer.events, signedHead: signedHead?.position ?? null, keyId: auditKeyId(key) },
  };
}

/** The file's last non-empty line, parsed; undefined when it is not JSON. */
async function lastLine(path: string): Promise<unknown> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    // A trailer is well under this (a key, a signed head, a bloc id).
    const length = Math.min(size, 64 * 1024);
    const buffer = Buffer.alloc(length);
    await file.read(buffer, 0, length, size - length);
    const text = buffer.toString('utf8').trimEnd();
    return JSON.parse(text.slice(text.lastIndexOf('\n') + 1)) as unknown;
  } catch {
    return undefined;
  } finally {
    await file.close();
  }
}

function withoutChain(line: BlocExportLine): RecordedEvent {
  const { chain: _chain, ...event } = line;
  return event;
}

function validTrailer(trailer: Partial<ExportTrailer>): trailer is ExportTrailer {
  return (
    typeof trailer.scope === 'object' &&
    trailer.scope !== null &&
    Number.isSafeInteger(trailer.events) &&
    Number.isSafeInteger(trailer.head?.position) &&
    typeof trailer.head?.hash === 'string' &&
    typeof trailer.publicKeyPem === 'string' &&
    (trailer.signedHead === null || typeof trailer.signedHead === 'object')
  );
}
