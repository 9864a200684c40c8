/**
 * The HTTP side's access to a bloc-year's documents: reads the record from the log and renders,
 * turning "no such bloc-year" and "the log does not verify" into API errors.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { DocumentKind } from '@app/domain';
import {
  AUDIT_SIGNING_KEY,
  type AuditSigningKey,
  EVENT_STORE,
  type EventStore,
  SIGNED_HEAD_STORE,
  type SignedHeadStore,
} from '@app/event-store';
import { ApiError } from '../http/api.error.js';
import {
  BlocYearNotFoundError,
  type BlocYearRecord,
  readBlocYearRecord,
  UnverifiedHeadError,
} from './bloc-year-record.js';
import { CONTENT_TYPES, documentFileName, renderDocument } from './rendering/render-document.js';

export interface RenderedDocument {
  readonly bytes: Buffer;
  readonly contentType: string;
  readonly fileName: string;
  readonly record: BlocYearRecord;
}

@Injectable()
export class BlocYearDocuments {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SIGNED_HEAD_STORE) private readonly heads: SignedHeadStore,
    @Inject(AUDIT_SIGNING_KEY) private readonly key: AuditSigningKey,
  ) {}

  async record(blocId: string, year: number): Promise<BlocYearRecord> {
    try {
      return await readBlocYearRecord(this.store, blocId, year, {
        heads: this.heads,
        publicKey: this.key.publicKey,
      });
    } catch (error) {
      if (error instanceof BlocYearNotFoundError) throw ApiError.notFound(error.message);
      if (error instanceof UnverifiedHeadError) throw new ApiError(409, 'CONFLICT', error.message);
      throw error;
    }
  }

  async render(blocId: string, year: number, kind: DocumentKind): Promise<RenderedDocument> {
    const record = await this.record(blocId, year);
    return {
      bytes: await renderDocument(record, kind),
      contentType: CONTENT_TYPES[kind],
      fileName: documentFileName(blocId, year, kind),
      record,
    };
  }
}
