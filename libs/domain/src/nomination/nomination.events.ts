/**
 * The events of one nomination's stream (`nomination-{nominationId}`), from the bloc's
 * proposal to the province's decision and its annulment. Each carries the nomination's
 * identity (bloc, year, unit, award: what the audit trail files it under) and when and by whom
 * the step was taken, so that the read side's history needs nothing but the events.
 */

export type Award = 'emulation-flag' | 'certificate-of-merit';
export const AWARDS: readonly Award[] = ['emulation-flag', 'certificate-of-merit'];

export type DossierDocumentKind = 'submission' | 'minutes' | 'achievement-report' | 'score-sheet' | 'other';
export const DOSSIER_DOCUMENT_KINDS: readonly DossierDocumentKind[] = [
  'submission',
  'minutes',
  'achievement-report',
  'score-sheet',
  'other',
];

/** A document of the dossier, referenced by its SHA-256 (the file itself is kept elsewhere). */
export interface DossierDocument {
  readonly kind: DossierDocumentKind;
  readonly title: string;
  /** 64 lowercase hex digits. */
  readonly sha256: string;
}

type Event<T extends string, D> = { readonly type: T; readonly data: Readonly<D> };

/** What every nomination event names: which nomination, and who took the step when. */
interface NominationStep {
  readonly nominationId: string;
  readonly blocId: string;
  readonly year: number;
  readonly unitId: string;
  readonly award: Award;
  /** When the command was received (ISO-8601). */
  readonly at: string;
  /** The acting principal's subject. */
  readonly by: string;
}

export type NominationSubmitted = Event<
  'NominationSubmitted',
  NominationStep & {
    /** The bloc's province (it never changes): the province that decides. */
    province: string;
    unitName: string;
    documents: readonly DossierDocument[];
  }
>;
export type NominationReturned = Event<'NominationReturned', NominationStep & { reason: string }>;
export type NominationResubmitted = Event<
  'NominationResubmitted',
  NominationStep & { documents: readonly DossierDocument[]; note?: string }
>;
export type NominationForwarded = Event<'NominationForwarded', NominationStep & { reason: string }>;
export type CouncilVoted = Event<
  'CouncilVoted',
  NominationStep & { councilMembers: number; for: number; against: number; abstain: number; passed: boolean }
>;
export type HonourConferred = Event<
  'HonourConferred',
  NominationStep & {
    province: string;
    unitName: string;
    decisionNo: string;
    /** The decision's date (YYYY-MM-DD). */
    decidedOn: string;
    signedBy: string;
  }
>;
export type HonourAnnulled = Event<'HonourAnnulled', NominationStep & { decisionNo: string; reason: string }>;

export type NominationEvent =
  | NominationSubmitted
  | NominationReturned
  | NominationResubmitted
  | NominationForwarded
  | CouncilVoted
  | HonourConferred
  | HonourAnnulled;
