/** What the log says was issued: the DocumentIssued event of a document id, with who and when. */
import { cycleStream, type DocumentIssued, toDomainEvent } from '@app/domain';
import type { EventStore } from '@app/event-store';

/** API.md's issued document: the event's facts, when and by whom. */
export interface IssuedDocument {
  readonly documentId: string;
  readonly kind: DocumentIssued['data']['kind'];
  readonly blocId: string;
  readonly year: number;
  readonly sha256: string;
  readonly headPosition: number;
  readonly headHash: string;
  readonly position: number;
  readonly issuedAt: string;
  readonly issuedBy: {
    readonly sub: string;
    readonly name?: string;
    readonly role: string;
    readonly unit?: string;
  };
}

/** The issue of `documentId` in its bloc-year's cycle stream, or undefined when none was appended. */
export async function findIssuedDocument(
  store: EventStore,
  blocId: string,
  year: number,
  documentId: string,
): Promise<IssuedDocument | undefined> {
  const events = await store.readAll({ types: ['DocumentIssued'], streamPrefix: cycleStream(blocId, year) });
  for (const recorded of events) {
    const event = toDomainEvent(recorded);
    if (event.type !== 'DocumentIssued' || event.data.documentId !== documentId) continue;
    const { actor } = recorded.metadata;
    return {
      documentId,
      kind: event.data.kind,
      blocId: event.data.blocId,
      year: event.data.year,
      sha256: event.data.sha256,
      headPosition: event.data.headPosition,
      headHash: event.data.headHash,
      position: recorded.position,
      issuedAt: recorded.recordedAt,
      issuedBy: {
        sub: actor.sub,
        role: actor.role,
        ...(actor.name === undefined ? {} : { name: actor.name }),
        ...(actor.unit === undefined ? {} : { unit: actor.unit }),
      },
    };
  }
  return undefined;
}
