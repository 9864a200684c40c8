/** The dossier's documents: referenced by SHA-256, at least one with every (re)submission. */
import { DomainError } from '../domain.error.js';
import { DOSSIER_DOCUMENT_KINDS, type DossierDocument } from './nomination.events.js';

const SHA256 = /^[0-9a-f]{64}$/;

/** INVALID_DOCUMENTS unless the dossier lists at least one well-formed document. */
export function requireDossier(documents: readonly DossierDocument[]): void {
  if (documents.length === 0) {
    throw new DomainError('INVALID_DOCUMENTS', 'A dossier lists at least one document');
  }
  documents.forEach((document, index) => {
    if (!DOSSIER_DOCUMENT_KINDS.includes(document.kind) || !SHA256.test(document.sha256)) {
      throw new DomainError(
        'INVALID_DOCUMENTS',
        `Document ${index} needs a known kind and a SHA-256 of 64 lowercase hex digits`,
        { index },
      );
    }
  });
}
