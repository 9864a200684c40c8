/**
 * Tamper evidence. Each stored event carries
 *   hash = sha256(previousHash + canonicalJson({id, streamId, revision, position, type, data,
 *                                               metadata, recordedAt}))
 * where the first event's previous hash is 64 zeros. Altering any field of a stored event
 * breaks its own hash; removing an event leaves a gap in the positions and breaks the next
 * link. Removing events from the very end, or rewriting an event and recomputing every later
 * hash with this public formula, cannot be seen from the log alone: that is what the signed
 * heads are for (signed-head.ts), kept apart from the log and checked on top of this walk.
 */
import { hash } from 'node:crypto';
import { canonicalJson, jsonString } from './canonical-json.js';
import type { ChainLinkAt, ChainWalk, IntegrityFailure, VerifyIntegrityOptions } from './event-store.port.js';
import type { PreparedEvent } from './event-store.validation.js';

export const GENESIS_HASH = '0'.repeat(64);

/** The hashed fields of one event, with data and metadata already in canonical JSON. */
export interface ChainLink {
  readonly id: string;
  readonly streamId: string;
  readonly revision: number;
  readonly position: number;
  readonly type: string;
  readonly dataJson: string;
  readonly metadataJson: string;
  readonly recordedAt: string;
}

/**
 * The hash of one event. Builds canonicalJson of the envelope directly from the canonical
 * data and metadata text (keys in sorted order: data, id, metadata, position, recordedAt,
 * revision, streamId, type), which spares serialising each event twice on the append path.
 */
export function linkHash(previousHash: string, link: ChainLink): string {
  const envelope =
    `{"data":${link.dataJson},"id":${jsonString(link.id)},"metadata":${link.metadataJson}` +
    `,"position":${link.position},"recordedAt":${jsonString(link.recordedAt)}` +
    `,"revision":${link.revision},"streamId":${jsonString(link.streamId)},"type":${jsonString(link.type)}}`;
  return hash('sha256', previousHash + envelope, 'hex');
}

/**
 * linkHash for the events of one append, as the group commits write them: the envelope's
 * parts that are the same for every event of the append (stream id, recorded time, and the
 * type while it repeats) are serialised once, and the ids, validated lower-case UUIDs, need no
 * escaping. The text hashed is exactly linkHash's (hash-chain.spec.ts checks both agree).
 *
 * The text is hashed as the UTF-8 bytes it stands for, written into a buffer the chain keeps:
 * the metadata, which the events of an append usually share, is encoded once (metadataBytes,
 * which the insert stores too), and the rest around it. Hashing the envelope as one string
 * made V8 flatten it and encode all of it, as UTF-16 wherever the metadata holds a non-Latin-1
 * name, for every event.
 */
export class AppendChain {
  private readonly recordedAtPart: string;
  private readonly streamIdPart: string;
  private type?: string;
  private typePart = '';
  private metadataJson?: string;
  private metadata: Buffer = EMPTY;

  constructor(streamId: string, recordedAt: string) {
    this.recordedAtPart = `,"recordedAt":${jsonString(recordedAt)},"revision":`;
    this.streamIdPart = `,"streamId":${jsonString(streamId)},"type":`;
  }

  /** The UTF-8 bytes of the metadata text, encoded once while consecutive events share it. */
  metadataBytes(metadataJson: string): Buffer {
    if (metadataJson !== this.metadataJson) {
      this.metadataJson = metadataJson;
      this.metadata = Buffer.from(metadataJson, 'utf8');
    }
    return this.metadata;
  }

  /** The hash of an event whose id is a lower-case UUID (prepareAppend's). */
  link(previousHash: string, event: PreparedEvent, revision: number, position: number): string {
    if (event.type !== this.type) {
      this.type = event.type;
      this.typePart = jsonString(event.type);
    }
    const before = `${previousHash}{"data":${event.dataJson},"id":"${event.id}","metadata":`;
    const after = `,"position":${position}${this.recordedAtPart}${revision}${this.streamIdPart}${this.typePart}}`;
    const metadata = this.metadataBytes(event.metadataJson);
    // At most three UTF-8 bytes per UTF-16 unit.
    const bound = 3 * (before.length + after.length) + metadata.length;
    if (scratch.length < bound) scratch = Buffer.allocUnsafe(Math.max(bound, 2 * scratch.length));
    let length = scratch.write(before, 0, 'utf8');
    length += metadata.copy(scratch, length);
    length += scratch.write(after, length, 'utf8');
    return hash('sha256', scratch.subarray(0, length), 'hex');
  }

  /**
   * The hashes of consecutive events of this append, the first linked to `previousHash` at
   * `firstRevision` and `firstPosition`, each of the others to the one before it.
   */
  linkAll(
    previousHash: string,
    events: readonly PreparedEvent[],
    firstRevision: number,
    firstPosition: number,
  ): string[] {
    const hashes = new Array<string>(events.length);
    let hash = previousHash;
    for (let i = 0; i < events.length; i++) {
      hash = this.link(hash, events[i], firstRevision + i, firstPosition + i);
      hashes[i] = hash;
    }
    return hashes;
  }
}

const EMPTY = Buffer.alloc(0);
/** Where link() writes the text it hashes: one per thread, grown as needed (link is synchronous). */
let scratch = Buffer.allocUnsafe(16 * 1024);

/** A stored event as read back for verification: parsed data and metadata, and its hash. */
export interface StoredChainRow {
  readonly id: string;
  readonly streamId: string;
  readonly revision: number;
  readonly position: number;
  readonly type: string;
  /** The stored data as parsed; `undefined` where the stored text is not JSON at all. */
  readonly data: unknown;
  readonly metadata: unknown;
  readonly recordedAt: string;
  readonly hash: string;
}

/** Reads up to `limit` stored events with a position greater than `afterPosition`, in order. */
/**
 * Events checked per page of a walk, between which the walk gives the event loop back: checking
 * an event (parse, canonical JSON, SHA-256) takes 10–20 µs, so a page holds the loop for a few
 * milliseconds, not for the whole second of events the head signer walks at once under load.
 */
export const VERIFY_PAGE_EVENTS = 250;

export type ChainPageReader = (afterPosition: number, limit: number) => Promise<readonly StoredChainRow[]>;

export interface ChainWalkOptions extends VerifyIntegrityOptions {
  readonly pageSize?: number;
}

/**
 * The one walker of the chain: reads the log page by page and reports the first position that
 * does not verify (an event whose hash does not match its content and its predecessor's hash,
 * or, where events were removed, the first missing position). With `from`, the walk starts at
 * that trusted point instead of genesis: the event there must still carry its hash.
 */
export async function verifyChain(
  readPage: ChainPageReader,
  options: ChainWalkOptions = {},
): Promise<ChainWalk> {
  const pageSize = options.pageSize ?? VERIFY_PAGE_EVENTS;
  const keep = new Set(options.keep ?? []);
  const links = new Map<number, ChainLinkAt>();
  let head: ChainLinkAt | undefined;
  let checked = 0;
  const broken = (brokenAt: number, reason: IntegrityFailure): ChainWalk => ({
    ok: false,
    checked,
    brokenAt,
    reason,
    head: head ? { position: head.position, hash: head.hash } : { position: 0, hash: GENESIS_HASH },
    links,
  });
  const reach = (row: StoredChainRow): void => {
    head = { position: row.position, hash: row.hash, recordedAt: row.recordedAt };
    if (keep.has(row.position)) links.set(row.position, head);
  };

  let previousHash = GENESIS_HASH;
  let expectedPosition = 1;
  const from = options.from;
  if (from !== undefined && from.position > 0) {
    const [row] = await readPage(from.position - 1, 1);
    if (row === undefined) return broken(from.position, 'truncated');
    if (row.position !== from.position) return broken(from.position, 'missing');
    if (row.hash !== from.hash) return broken(from.position, 'head-mismatch');
    reach(row);
    previousHash = row.hash;
    expectedPosition = row.position + 1;
  }
  const through = options.through ?? Number.POSITIVE_INFINITY;
  for (let page = 0; expectedPosition <= through; page++) {
    // The API walks the chain beside the requests it serves (the head signer, every second):
    // a synchronous reader (SQLite) would hold the event loop for the whole walk without this.
    if (page > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    const rows = await readPage(expectedPosition - 1, Math.min(pageSize, through - expectedPosition + 1));
    if (rows.length === 0) break;
    for (const row of rows) {
      if (row.position !== expectedPosition) return broken(expectedPosition, 'missing');
      if (storedHash(previousHash, row) !== row.hash) return broken(row.position, 'altered');
      reach(row);
      previousHash = row.hash;
      expectedPosition++;
      checked++;
    }
  }
  if (head) links.set(head.position, head);
  return {
    ok: true,
    checked,
    head: head ? { position: head.position, hash: head.hash } : { position: 0, hash: GENESIS_HASH },
    links,
  };
}

function storedHash(previousHash: string, row: StoredChainRow): string | undefined {
  try {
    return linkHash(previousHash, {
      ...row,
      dataJson: canonicalJson(row.data),
      metadataJson: canonicalJson(row.metadata),
    });
  } catch {
    // Data that is no longer JSON (or not plain data) was altered after it was written.
    return undefined;
  }
}
