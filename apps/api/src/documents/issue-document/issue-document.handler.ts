/**
 * Issues a document: renders it from the log, checks the decision on the cycle (who, which
 * phase), stores the exact bytes durably, then appends DocumentIssued to the cycle stream.
 * The bytes are written first, so a 201 means they are there; bytes whose event never made it
 * (a refusal or crash in between) are never served or verified: the log decides.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { cycleDecider, cycleStream, type IssueDocument } from '@app/domain';
import { commandMetadata } from '../../write/command-origin.js';
import { EventStreams } from '../../write/event-streams.js';
import { BlocYearDocuments } from '../bloc-year-documents.js';
import { DOCUMENT_FILES, type DocumentFiles } from '../files/document-files.port.js';
import { type DocumentIssuedAnswer, IssueDocumentCommand } from './issue-document.command.js';

@CommandHandler(IssueDocumentCommand)
export class IssueDocumentHandler implements ICommandHandler<IssueDocumentCommand> {
  constructor(
    private readonly streams: EventStreams,
    private readonly documents: BlocYearDocuments,
    @Inject(DOCUMENT_FILES) private readonly files: DocumentFiles,
  ) {}

  async execute({ cycle, kind, origin }: IssueDocumentCommand): Promise<DocumentIssuedAnswer> {
    const stream = cycleStream(cycle.blocId, cycle.year);
    const documentId = randomUUID();
    const issue = (data: IssueDocument['data']): IssueDocument => ({
      type: 'IssueDocument',
      data,
      metadata: commandMetadata(origin),
    });
    // Refuse before rendering or storing anything: the decision does not depend on the bytes.
    const { state } = await this.streams.load(stream, cycleDecider);
    cycleDecider.decide(
      issue({ documentId, kind, sha256: '', byteLength: 0, headPosition: 0, headHash: '' }),
      state,
    );
    const { bytes, record } = await this.documents.render(cycle.blocId, cycle.year, kind);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await this.files.save({ documentId, blocId: cycle.blocId, year: cycle.year, kind, sha256, bytes });
    const data = {
      documentId,
      kind,
      sha256,
      byteLength: bytes.length,
      headPosition: record.head.position,
      headHash: record.head.hash,
    };
    const accepted = await this.streams.decideAndAppend(
      stream,
      cycleDecider,
      (current) => cycleDecider.decide(issue(data), current),
      origin,
    );
    return { ...accepted, documentId, sha256 };
  }
}
