/**
 * One of a bloc-year's documents as bytes, with its media type and file name.
 *
 * The renderers are imported when a document is first asked for, not when the API starts:
 * exceljs, pdfkit and docx took about 20 MiB of the resident memory of a process that may
 * never render a document (lazy-renderers.spec.ts keeps them out of the API's static imports).
 */
import { DomainError, type DocumentKind } from '@app/domain';
import type { BlocYearRecord } from '../bloc-year-record.js';
import { minutesModel } from './minutes.model.js';

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
  if (kind === 'score-sheet') return (await import('./score-sheet.xlsx.js')).renderScoreSheet(record);
  if (record.provisional) {
    throw new DomainError(
      'WRONG_PHASE',
      `The minutes of ${record.bloc.id} ${record.year} record a final ranking: scoring is still ${record.phase}`,
      { phase: record.phase },
    );
  }
  const model = minutesModel(record);
  return kind === 'minutes-pdf'
    ? (await import('./minutes.pdf.js')).renderMinutesPdf(model)
    : (await import('./minutes.docx.js')).renderMinutesDocx(model);
}
