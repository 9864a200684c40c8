/**
 * Moves a log between stores (`npm run store:copy -- --from sqlite --to postgres`, and back):
 * the whole log in batches, verbatim (importRecorded: positions, ids, stream revisions,
 * recorded times, metadata), so the target's chain comes out with the source's hashes, and the
 * signed heads with it, which stay valid since every position and hash is kept.
 *
 * Resumable: the copy continues from the target's head, after checking that the target holds
 * the source's history up to there (the same hash at that position) and refusing otherwise.
 * Before copying, the source's chain and signed heads are verified, keeping the source's hash at
 * every batch's end; each batch's new head in the target must carry that same hash. At the end
 * the target is verified as `audit:verify` would, and its head must be the source's.
 */
import type { KeyObject } from 'node:crypto';
import { checkSignedHeads, type ChainPoint } from '@app/event-store';
import { describeEndpoint, openEndpoint, type StoreEndpoint } from './store-endpoint.js';

export interface StoreCopyOptions {
  readonly from: StoreEndpoint;
  readonly to: StoreEndpoint;
  /** The deployment's key: the source's signed heads must verify with it, and the target's after. */
  readonly publicKey: KeyObject;
  /** Events per batch (one transaction each in the target); default 5,000. */
  readonly batchSize?: number;
  /** Stop after this many batches, to continue later (the copy resumes from the target's head). */
  readonly maxBatches?: number;
  readonly onBatch?: (copiedTo: number, sourceHead: number) => void;
}

export interface StoreCopyReport {
  /** The source's head when the copy began: what a complete copy reaches. */
  readonly sourceHead: ChainPoint;
  /** The target's head when it stopped. */
  readonly targetHead: ChainPoint;
  /** Where the target stood when this run began (0: a fresh copy; more: resumed). */
  readonly resumedFrom: number;
  readonly copied: number;
  readonly signedHeads: number;
  /** Whether the target reached the source's head and verified. */
  readonly complete: boolean;
}

/** The copy cannot go on; nothing is half-written (each batch is one transaction). */
export class StoreCopyError extends Error {}

const DEFAULT_BATCH_SIZE = 5000;

export async function copyStore(options: StoreCopyOptions): Promise<StoreCopyReport> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new RangeError(`batch size must be a positive integer, not ${batchSize}`);
  const source = await openEndpoint(options.from, 'source');
  try {
    const target = await openEndpoint(options.to, 'target');
    try {
      const targetWalk = await target.store.verifyIntegrity();
      if (!targetWalk.ok) {
        throw new StoreCopyError(`the target (${describeEndpoint(options.to)}) does not verify: ${targetWalk.reason} at position ${targetWalk.brokenAt}`);
      }
      const resumedFrom = targetWalk.head.position;
      const end = await source.store.headPosition();
      if (resumedFrom > end) {
        throw new StoreCopyError(`the target holds ${resumedFrom} events, more than the source's ${end}: a different history; refusing`);
      }

      const sourceHeads = await source.heads.all();
      const batchEnds: number[] = [];
      for (let at = resumedFrom + batchSize; at < end; at += batchSize) batchEnds.push(at);
      const keep = [resumedFrom, end, ...batchEnds, ...sourceHeads.map((head) => head.position)];
      const sourceWalk = await source.store.verifyIntegrity({ keep });
      const sourceReport = checkSignedHeads(sourceWalk, sourceHeads, options.publicKey);
      if (!sourceReport.ok) {
        throw new StoreCopyError(`the source (${describeEndpoint(options.from)}) does not verify: ${sourceReport.reason} at position ${sourceReport.brokenAt}`);
      }
      const sourceHashAt = (position: number): string | undefined =>
        position === 0 ? targetWalk.head.hash : sourceWalk.links.get(position)?.hash;
      if (resumedFrom > 0 && sourceHashAt(resumedFrom) !== targetWalk.head.hash) {
        throw new StoreCopyError(
          `the target holds a different history: its hash at position ${resumedFrom} is ${targetWalk.head.hash}, the source's ${String(sourceHashAt(resumedFrom))}; refusing`,
        );
      }
      const sourceHead = { position: end, hash: sourceHashAt(end) ?? targetWalk.head.hash };

      let head: ChainPoint = targetWalk.head;
      let batches = 0;
      while (head.position < end && (options.maxBatches === undefined || batches < options.maxBatches)) {
        const batch = await source.store.readAll({ after: head.position, maxCount: Math.min(batchSize, end - head.position) });
        if (batch.length === 0) throw new StoreCopyError(`the source returned nothing after position ${head.position}, below its head ${end}`);
        head = await target.store.importRecorded(batch);
        batches++;
        if (head.hash !== sourceHashAt(head.position)) {
          throw new StoreCopyError(`the copy's hash at position ${head.position} differs from the source's: the target does not keep the events as they were`);
        }
        options.onBatch?.(head.position, end);
      }

      // The heads the copy now holds, so the target's verify checks them too.
      const copiedHeads = sourceHeads.filter((signed) => signed.position <= head.position);
      for (const signed of copiedHeads) await target.heads.append(signed);
      const copied = head.position - resumedFrom;
      if (head.position < end) {
        return { sourceHead, targetHead: head, resumedFrom, copied, signedHeads: copiedHeads.length, complete: false };
      }

      const targetHeads = await target.heads.all();
      const walk = await target.store.verifyIntegrity({ keep: targetHeads.map((signed) => signed.position) });
      const report = checkSignedHeads(walk, targetHeads, options.publicKey);
      if (!report.ok) throw new StoreCopyError(`the copy does not verify: ${report.reason} at position ${report.brokenAt}`);
      if (report.head.position !== sourceHead.position || report.head.hash !== sourceHead.hash) {
        throw new StoreCopyError(`the copy's head (${report.head.position}) is not the source's (${sourceHead.position})`);
      }
      return { sourceHead, targetHead: report.head, resumedFrom, copied, signedHeads: copiedHeads.length, complete: true };
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}
