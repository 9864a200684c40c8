/**
 * The honours register: one entry per honour conferred by the chairman's decision (keyed by its
 * nomination's id), marked annulled by a later decision and kept in the register.
 */
import type { Award, DomainEvent } from '@app/domain';
import type { DocumentProjection } from '../projection.js';

export interface HonourDocument {
  readonly nominationId: string;
  readonly unitId: string;
  readonly unitName: string;
  readonly blocId: string;
  readonly province: string;
  readonly year: number;
  readonly award: Award;
  readonly decisionNo: string;
  readonly decidedOn: string;
  readonly signedBy: string;
  readonly annulled: boolean;
  /** The decision annulling the honour, and why, once there is one. */
  readonly annulment?: { readonly decisionNo: string; readonly reason: string; readonly at: string };
}

export const honoursProjection: DocumentProjection<HonourDocument> = {
  name: 'honours',

  keyOf(event: DomainEvent) {
    switch (event.type) {
      case 'HonourConferred':
      case 'HonourAnnulled':
        return event.data.nominationId;
      default:
        return undefined;
    }
  },

  evolve(honour, event) {
    switch (event.type) {
      case 'HonourConferred': {
        const {
          nominationId,
          unitId,
          unitName,
          blocId,
          province,
          year,
          award,
          decisionNo,
          decidedOn,
          signedBy,
        } = event.data;
        return {
          nominationId,
          unitId,
          unitName,
          blocId,
          province,
          year,
          award,
          decisionNo,
          decidedOn,
          signedBy,
          annulled: false,
        };
      }
      case 'HonourAnnulled': {
        if (honour === undefined) return undefined;
        const { decisionNo, reason, at } = event.data;
        return { ...honour, annulled: true, annulment: { decisionNo, reason, at } };
      }
      default:
        return honour;
    }
  },
};
