/**
 * What a bloc-year's documents are made from: its events read straight from the log and folded
 * by the read side's own projections (the standings, hence the ranking the API answers), with
 * each award's last reason and the chain head the document anchors.
 */
import {
  blocStream,
  type CyclePhase,
  cyclePrefix,
  cycleStream,
  type DomainEvent,
  type Framework,
  isDomainEventType,
  type Member,
  type StandingRow,
  toDomainEvent,
} from '@app/domain';
import type { KeyObject } from 'node:crypto';
import {
  type ChainLinkAt,
  type EventStore,
  type RecordedEvent,
  type SignedHeadStore,
  verifySpans,
} from '@app/event-store';
import {
  cycleKey,
  foldDocuments,
  isScoringFinal,
  rankingView,
  standingRows,
  standingsProjection,
} from '@app/projections';

/** One unit's points for one criterion as they stand, and why they were last revised. */
export interface AwardLine {
  readonly unitId: string;
  readonly criterion: string;
  readonly points: number;
  /** The reason of the latest revision; undefined when the points were never revised. */
  readonly reason?: string;
}

export interface BlocYearRecord {
  readonly bloc: { readonly id: string; readonly name: string; readonly province: string };
  readonly year: number;
  readonly phase: CyclePhase;
  /** True until scoring is finalized. */
  readonly provisional: boolean;
  readonly members: readonly Member[];
  /** This year's leader unit, which chairs the review. */
  readonly leader: string;
  readonly deputy: string;
  readonly framework: Framework;
  /** In rank order, computed as GET …/standings and …/ranking compute them. */
  readonly rows: readonly StandingRow[];
  readonly leadingUnit: string | null;
  /** Ranks 2 and 3 (and a unit tied at 1 but not honoured), as the ranking answers them. */
  readonly runnersUp: readonly string[];
  readonly awards: readonly AwardLine[];
  readonly review: { readonly meetingDate: string; readonly venue?: string } | null;
  /** Next year's leader and deputy, once elected. */
  readonly elected: { readonly leader: string | null; readonly deputy: string | null };
  /**
   * The last event of the bloc-year the document was made from (issuing a document does not
   * move it, so issuing the same document twice yields the same bytes): its position, chain
   * hash and recording time, which also dates the files.
   */
  readonly head: ChainLinkAt;
}

/** The bloc-year was never opened (or the bloc is unknown). */
export class BlocYearNotFoundError extends Error {
  readonly code = 'NOT_FOUND';
  constructor(blocId: string, year: number) {
    super(`cycle ${blocId} ${year} not found`);
  }
}

/** The log does not hold a verified link at the position the document would anchor. */
export class UnverifiedHeadError extends Error {
  constructor(position: number) {
    super(`the log does not verify up to position ${position}: no document is made from it`);
  }
}

/** Events that do not change what a document shows, so they do not move its head. */
const NOT_CONTENT: ReadonlySet<string> = new Set(['DocumentIssued']);

/**
 * The heads this server signed and its public key: with them a document's events and anchor are
 * verified between the signed heads around them (signed-spans.ts) instead of from genesis.
 */
export interface SignedHeadTrust {
  readonly heads: Pick<SignedHeadStore, 'read'>;
  readonly publicKey: KeyObject;
}

export async function readBlocYearRecord(
  store: EventStore,
  blocId: string,
  year: number,
  trust?: SignedHeadTrust,
): Promise<BlocYearRecord> {
  const recorded = (await store.readAll({ streamPrefix: cyclePrefix(blocId, year) })).filter(
    (event) => isDomainEventType(event.type) && !NOT_CONTENT.has(event.type),
  );
  const opened = recorded.find((event) => event.type === 'CycleOpened');
  const registered = (await store.readStream(blocStream(blocId), { maxCount: 1 }))[0];
  if (opened === undefined || registered === undefined) throw new BlocYearNotFoundError(blocId, year);
  const events = recorded.map(toDomainEvent);
  const standings = foldDocuments(standingsProjection, events).get(cycleKey(blocId, year))!;
  const ranking = rankingView(standings);
  const bloc = toDomainEvent(registered);
  const opening = toDomainEvent(opened);
  if (bloc.type !== 'BlocRegistered' || opening.type !== 'CycleOpened') {
    throw new BlocYearNotFoundError(blocId, year);
  }
  return {
    bloc: { id: blocId, name: bloc.data.name, province: bloc.data.province },
    year,
    phase: standings.phase,
    provisional: !isScoringFinal(standings.phase),
    members: standings.members,
    leader: opening.data.leader,
    deputy: opening.data.deputy,
    framework: standings.framework,
    rows: standingRows(standings),
    leadingUnit: ranking.leadingUnit,
    runnersUp: ranking.runnersUp,
    awards: awardLines(recorded.filter((event) => event.streamId === cycleStream(blocId, year))),
    review: reviewOf(events),
    elected: electedOf(events),
    head: await verifiedLink(store, [registered.position, ...recorded.map((event) => event.position)], trust),
  };
}

/** The points in force per unit and criterion, in award order, each with its last revision's reason. */
function awardLines(cycleEvents: readonly RecordedEvent[]): AwardLine[] {
  const lines = new Map<string, AwardLine>();
  for (const event of cycleEvents) {
    const domainEvent = toDomainEvent(event);
    if (domainEvent.type !== 'ScoreAwarded') continue;
    const { unitId, criterion, points } = domainEvent.data;
    const key = `${unitId}\u0000${criterion}`;
    const reason = event.metadata.reason ?? lines.get(key)?.reason;
    lines.set(key, { unitId, criterion, points, ...(reason === undefined ? {} : { reason }) });
  }
  return [...lines.values()];
}

function reviewOf(events: readonly DomainEvent[]): BlocYearRecord['review'] {
  const opened = events.findLast((event) => event.type === 'ReviewOpened');
  if (opened?.type !== 'ReviewOpened') return null;
  const { meetingDate, venue } = opened.data;
  return { meetingDate, ...(venue === undefined ? {} : { venue }) };
}

function electedOf(events: readonly DomainEvent[]): BlocYearRecord['elected'] {
  let leader: string | null = null;
  let deputy: string | null = null;
  for (const event of events) {
    if (event.type === 'LeaderElected') leader = event.data.unitId;
    if (event.type === 'DeputyElected') deputy = event.data.unitId;
  }
  return { leader, deputy };
}

/**
 * The chain link at the last of `positions` (the document's anchor), from a walk that verifies
 * every one of them: a document never anchors a head the log does not verify up to, nor shows
 * an event that does not verify. With the signed heads, only the spans between signed heads
 * that hold the positions are walked; without them (the offline `documents` command), the
 * whole chain.
 */
async function verifiedLink(
  store: EventStore,
  positions: readonly number[],
  trust: SignedHeadTrust | undefined,
): Promise<ChainLinkAt> {
  const anchor = Math.max(...positions);
  if (trust !== undefined) {
    const check = await verifySpans(store, trust.heads, trust.publicKey, positions, [anchor]);
    const link = check.ok ? check.links.get(anchor) : undefined;
    if (link === undefined) throw new UnverifiedHeadError(anchor);
    return link;
  }
  const walk = await store.verifyIntegrity({ keep: [anchor] });
  const link = walk.links.get(anchor);
  if (!walk.ok || link === undefined) throw new UnverifiedHeadError(anchor);
  return link;
}
