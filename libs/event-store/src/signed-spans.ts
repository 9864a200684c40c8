/**
 * Verifies the chain where it matters to one reader, not from genesis: around given positions,
 * between the heads this server signed. A document made from a bloc-year's events needs those
 * events intact and the link it prints (its anchor) to be the log's; walking the whole log for
 * that made every document cost as much as `GET /api/audit/verify` (12 s on a log of a million
 * events).
 *
 * Why a span between two signed heads proves the events in it: each position `q` is covered by
 * a walk from the last head signed before it (the event there must still carry the signed
 * hash) through the first head signed at or after it, whose stored hash must equal the signed
 * one. Altering an event of the span breaks a link in the walk, unless every later hash is
 * recomputed with the public formula, which changes the hash at the span's end head, which the
 * attacker cannot sign again (the key is not in the database). A head whose signature does not
 * verify is not used. A position after the last signed head is walked through to the log's
 * head, as the head signer's own pass does: those events are checked against the signed head
 * before them, and no signature speaks for them yet. Without any signed head before a position,
 * its span starts at genesis.
 */
import type { KeyObject } from 'node:crypto';
import type { ChainLinkAt, ChainPoint, EventStore, IntegrityFailure } from './event-store.port.js';
import { headSignatureValid, type SignedHead, type SignedHeadStore } from './signed-head.js';

/** The outcome: the links kept, or the first break found. */
export type SpanCheck =
  | { readonly ok: true; readonly checked: number; readonly links: ReadonlyMap<number, ChainLinkAt> }
  | {
      readonly ok: false;
      readonly checked: number;
      readonly brokenAt: number;
      readonly reason: IntegrityFailure;
    };

interface Span {
  /** The signed head the walk starts from; undefined: genesis. */
  readonly from?: ChainPoint;
  /** The signed head the walk ends at; undefined: the log's head. */
  readonly to?: SignedHead;
}

/**
 * How many heads a read of the heads' store asks for: the first read of each direction asks for
 * one (the nearest is nearly always the one wanted), each next read sixteen times as many, up to
 * HEADS_PAGE.
 */
export const HEADS_PAGE = 256;
const GROWTH = 16;

/** Whether a head verifies with the key, each head's signature checked once. */
type HeadCheck = (head: SignedHead) => boolean;

/**
 * Walks the spans between signed heads that hold `positions` (and `keep`), and answers the
 * links at `keep`. Only the heads from the last one before the first position through the
 * first one at or after the last position are read from `heads`, and of those only the ones a
 * span starts or ends at have their signatures checked: a document costs the same on a log of
 * a hundred million events as on one of a thousand. A head whose signature does not verify with
 * `publicKey` is passed over for the next one out.
 */
export async function verifySpans(
  store: EventStore,
  heads: Pick<SignedHeadStore, 'read'>,
  publicKey: KeyObject,
  positions: readonly number[],
  keep: readonly number[] = [],
): Promise<SpanCheck> {
  const wanted = [...new Set([...positions, ...keep])].sort((a, b) => a - b);
  const verdicts = new Map<number, boolean>();
  const verifies: HeadCheck = (head) => {
    let verdict = verdicts.get(head.position);
    if (verdict === undefined) verdicts.set(head.position, (verdict = headSignatureValid(head, publicKey)));
    return verdict;
  };
  const around = wanted.length === 0 ? [] : await headsAround(heads, wanted[0]!, wanted.at(-1)!, verifies);
  const links = new Map<number, ChainLinkAt>();
  let checked = 0;
  for (const span of spansOf(around, wanted, verifies)) {
    const walk = await store.verifyIntegrity({
      ...(span.from === undefined ? {} : { from: span.from }),
      ...(span.to === undefined ? {} : { through: span.to.position }),
      keep: span.to === undefined ? keep : [...keep, span.to.position],
    });
    checked += walk.checked;
    if (!walk.ok) return { ok: false, checked, brokenAt: walk.brokenAt!, reason: walk.reason! };
    if (span.to !== undefined) {
      const end = walk.links.get(span.to.position);
      if (end === undefined)
        return { ok: false, checked, brokenAt: walk.head.position + 1, reason: 'truncated' };
      if (end.hash !== span.to.hash)
        return { ok: false, checked, brokenAt: span.to.position, reason: 'head-mismatch' };
    }
    for (const position of keep) {
      const link = walk.links.get(position);
      if (link !== undefined) links.set(position, link);
    }
  }
  return { ok: true, checked, links };
}

/**
 * The kept heads, ascending, from the last one that verifies before `low` through the first
 * one that verifies at or after `high` (or the last kept): every head a span around a position
 * between them can start or end at.
 */
async function headsAround(
  heads: Pick<SignedHeadStore, 'read'>,
  low: number,
  high: number,
  verifies: HeadCheck,
): Promise<SignedHead[]> {
  const around: SignedHead[] = [];
  backwards: for (let from = low - 1, maxCount = 1; ; maxCount = Math.min(maxCount * GROWTH, HEADS_PAGE)) {
    const page = await heads.read({ from, direction: 'backwards', maxCount });
    for (const head of page) {
      if (verifies(head)) {
        around.push(head);
        break backwards;
      }
    }
    if (page.length < maxCount) break;
    from = page.at(-1)!.position - 1;
  }
  for (let from = low, maxCount = 1; ; maxCount = Math.min(maxCount * GROWTH, HEADS_PAGE)) {
    const page = await heads.read({ from, direction: 'forwards', maxCount });
    for (const head of page) {
      around.push(head);
      if (head.position >= high && verifies(head)) return around;
    }
    if (page.length < maxCount) return around;
    from = page.at(-1)!.position + 1;
  }
}

/** The spans that hold the sorted `positions`, overlapping spans joined; `heads` ascending. */
function spansOf(heads: readonly SignedHead[], positions: readonly number[], verifies: HeadCheck): Span[] {
  const spans: Span[] = [];
  let index = 0;
  for (const position of positions) {
    // The last head that verifies signed before the position, and the first at or after it.
    while (index < heads.length && heads[index]!.position < position) index++;
    let below = index - 1;
    while (below >= 0 && !verifies(heads[below]!)) below--;
    let above = index;
    while (above < heads.length && !verifies(heads[above]!)) above++;
    const before = heads[below];
    const after = heads[above];
    const last = spans.at(-1);
    // The previous span reaches this position already (or runs to the log's head).
    if (last !== undefined && (last.to === undefined || last.to.position >= position)) continue;
    const from = before === undefined ? undefined : { position: before.position, hash: before.hash };
    // Adjacent spans (this one starts where the last one ended) are walked as one.
    if (last !== undefined && from !== undefined && last.to?.position === from.position) {
      const start = last.from === undefined ? {} : { from: last.from };
      spans[spans.length - 1] = after === undefined ? start : { ...start, to: after };
    } else {
      spans.push({ ...(from === undefined ? {} : { from }), ...(after === undefined ? {} : { to: after }) });
    }
  }
  return spans;
}
