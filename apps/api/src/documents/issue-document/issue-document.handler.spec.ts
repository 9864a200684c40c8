import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { boardOfficer, officerOf } from '@app/domain/testing';
import {
  auditor,
  by,
  referenceWriteSide,
  type ReferenceWriteSide,
} from '../../testing/reference-write-side.js';
import { auditSigningKeyFromPem, SqliteSignedHeadStore } from '@app/event-store';
import { BlocYearDocuments } from '../bloc-year-documents.js';
import { SqliteDocumentFiles } from '../files/sqlite-document-files.js';
import { IssueDocumentCommand } from './issue-document.command.js';
import { IssueDocumentHandler } from './issue-document.handler.js';

describe('IssueDocumentHandler', () => {
  let side: ReferenceWriteSide;
  let folder: string;
  let files: SqliteDocumentFiles;
  let heads: SqliteSignedHeadStore;
  let handler: IssueDocumentHandler;

  beforeEach(async () => {
    side = await referenceWriteSide();
    folder = await mkdtemp(join(tmpdir(), 'document-files-'));
    files = new SqliteDocumentFiles(folder);
    heads = SqliteSignedHeadStore.open(join(folder, 'audit-heads.sqlite'));
    const key = auditSigningKeyFromPem(
      generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    );
    handler = new IssueDocumentHandler(side.streams, new BlocYearDocuments(side.store, heads, key), files);
  });

  afterEach(async () => {
    await files.close();
    await heads.close();
    await side.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('given finalized scoring, the leader issues the minutes: the bytes are stored, then DocumentIssued names their digest', async () => {
    await side.given('elected');
    const head = await side.store.headPosition();
    const leader = officerOf(side.reference.cycle.leader);
    let answer: Awaited<ReturnType<IssueDocumentHandler['execute']>> | undefined;
    const written = await side.written(async () => {
      answer = await handler.execute(new IssueDocumentCommand(side.cycle, 'minutes-pdf', by(leader)));
    });
    const stored = (await files.find(answer!.documentId))!;
    expect(createHash('sha256').update(stored.bytes).digest('hex')).toBe(answer!.sha256);
    expect(written).toEqual([
      {
        streamId: `cycle-${side.cycle.blocId}:${side.cycle.year}`,
        type: 'DocumentIssued',
        data: {
          blocId: side.cycle.blocId,
          year: side.cycle.year,
          documentId: answer!.documentId,
          kind: 'minutes-pdf',
          sha256: answer!.sha256,
          byteLength: stored.bytes.length,
          headPosition: head,
          headHash: expect.stringMatching(/^[0-9a-f]{64}$/),
        },
      },
    ]);
  });

  it('issuing it again gives the same bytes: DocumentIssued does not move the head a document is made from', async () => {
    await side.given('elected');
    const first = await handler.execute(
      new IssueDocumentCommand(side.cycle, 'minutes-docx', by(boardOfficer)),
    );
    const second = await handler.execute(
      new IssueDocumentCommand(side.cycle, 'minutes-docx', by(boardOfficer)),
    );
    expect(second.documentId).not.toBe(first.documentId);
    expect(second.sha256).toBe(first.sha256);
  });

  it('before scoring is finalized the minutes are WRONG_PHASE, the score sheet is issued', async () => {
    await side.given('scored');
    const refusal = await side.refused(() =>
      handler.execute(new IssueDocumentCommand(side.cycle, 'minutes-pdf', by(boardOfficer))),
    );
    expect(refusal).toEqual({ code: 'WRONG_PHASE', written: [] });
    const written = await side.written(() =>
      handler.execute(new IssueDocumentCommand(side.cycle, 'score-sheet', by(boardOfficer))),
    );
    expect(written.map((event) => event.type)).toEqual(['DocumentIssued']);
  });

  it('another member or an auditor is FORBIDDEN, and no bytes are stored', async () => {
    await side.given('elected');
    for (const actor of [officerOf('du-lich'), auditor]) {
      const refusal = await side.refused(() =>
        handler.execute(new IssueDocumentCommand(side.cycle, 'score-sheet', by(actor))),
      );
      expect(refusal).toEqual({ code: 'FORBIDDEN', written: [] });
    }
    expect(await files.idsWithSha256('0'.repeat(64))).toEqual([]);
  });
});
