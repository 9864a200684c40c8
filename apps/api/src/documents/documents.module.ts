/**
 * The papers the board files: the score sheet and the minutes, made from the log; issuing,
 * serving and verifying them; the targets template and import. The issued bytes are kept in
 * SQLite beside the embedded store, else in PostgreSQL.
 */
import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/runtime';
import { EventStreamsModule } from '../write/event-streams.module.js';
import { BlocYearDocuments } from './bloc-year-documents.js';
import { DownloadDocumentController } from './download-document/download-document.controller.js';
import { DownloadDocumentHandler } from './download-document/download-document.handler.js';
import { DOCUMENT_FILES, type DocumentFiles } from './files/document-files.port.js';
import { PostgresDocumentFiles } from './files/postgres-document-files.js';
import { SqliteDocumentFiles } from './files/sqlite-document-files.js';
import { GetIssuedDocumentController } from './get-issued-document/get-issued-document.controller.js';
import { GetIssuedDocumentHandler } from './get-issued-document/get-issued-document.handler.js';
import { GetTargetTemplateController } from './get-target-template/get-target-template.controller.js';
import { GetTargetTemplateHandler } from './get-target-template/get-target-template.handler.js';
import { ImportTargetsController } from './import-targets/import-targets.controller.js';
import { ImportTargetsHandler } from './import-targets/import-targets.handler.js';
import { IssueDocumentController } from './issue-document/issue-document.controller.js';
import { IssueDocumentHandler } from './issue-document/issue-document.handler.js';
import { VerifyDocumentController } from './verify-document/verify-document.controller.js';
import { VerifyDocumentHandler } from './verify-document/verify-document.handler.js';

/** The embedded store keeps the files beside it; the server stores keep them in PostgreSQL. */
export async function openDocumentFiles(config: AppConfig): Promise<DocumentFiles> {
  if (config.eventStore === 'sqlite') return new SqliteDocumentFiles(config.dataDir);
  if (config.databaseUrl === undefined) {
    throw new Error(
      `EVENT_STORE=${config.eventStore} keeps issued documents in PostgreSQL: set DATABASE_URL`,
    );
  }
  return PostgresDocumentFiles.connect(config.databaseUrl);
}

const controllers = [
  DownloadDocumentController,
  IssueDocumentController,
  GetIssuedDocumentController,
  VerifyDocumentController,
  GetTargetTemplateController,
  ImportTargetsController,
];
const commandHandlers = [IssueDocumentHandler, ImportTargetsHandler];
const queryHandlers = [
  DownloadDocumentHandler,
  GetIssuedDocumentHandler,
  VerifyDocumentHandler,
  GetTargetTemplateHandler,
];

@Module({
  imports: [EventStreamsModule],
  controllers,
  providers: [
    { provide: DOCUMENT_FILES, useFactory: openDocumentFiles, inject: [APP_CONFIG] },
    BlocYearDocuments,
    ...commandHandlers,
    ...queryHandlers,
  ],
})
export class DocumentsModule implements OnApplicationShutdown {
  constructor(@Inject(DOCUMENT_FILES) private readonly files: DocumentFiles) {}

  async onApplicationShutdown(): Promise<void> {
    await this.files.close();
  }
}
