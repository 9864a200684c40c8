/** One of a bloc-year's documents as bytes, with its media type and file name. */
import { DomainError, type DocumentKind } from '@app/domain';
import type { BlocYearRecord } from '../bloc-year-record.js';
import { minutesModel } from './minutes.model.js';
import { renderMinutesDocx } from './minutes.docx.js';
import { renderMinutesPdf } from './minutes.pdf.js';
import { renderScoreSheet } from './score-sheet.xlsx.js';

export const DOCUMENT_KINDS: readonly DocumentKind[] = ['score-sheet', 'minutes-pdf', 'minutes-docx'];

export const CONTENT_TYPES: Readonly<Record<DocumentKind, string>> = {
  'score-sheet': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'minutes-pdf': 'application/pdf',
  'minutes-docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/** ASCII names, so every client keeps them: `bang-diem-kg-khoi-4-2017.xlsx`. */
export function documentFileName(blocId: string, year: number, kind: DocumentKind): string {
  switch (kind) {
    case 'score-sheet':
      return `bang-diem-${blocId}-${year}.xlsx`;
    case 'minutes-pdf':
      return `bien-ban-${blocId}-${year}.pdf`;
    case 'minutes-docx':
      return `bien-ban-${blocId}-${year}.docx`;
  }
}

/** WRONG_PHASE (HTTP 409) for the minutes before scoring is finalized. */
export async function renderDocument(record: BlocYearRecord, kind: DocumentKind): Promise<Buffer> {
  if (kind === 'score-sheet') return renderScoreSheet(record);
  if (record.provisional) {
    throw new DomainError(
      'WRONG_PHASE',
      `The minutes of ${record.bloc.id} ${record.year} record a final ranking: scoring is still ${record.phase}`,
      { phase: record.phase },
    );
  }
  const model = minutesModel(record);
  return kind === 'minutes-pdf' ? renderMinutesPdf(model) : renderMinutesDocx(model);
}
