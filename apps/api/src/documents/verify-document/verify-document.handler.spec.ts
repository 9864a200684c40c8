import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { boardOfficer } from '@app/domain/testing';
import { by } from '../../testing/reference-write-side.js';
import { IssueDocumentCommand } from '../issue-document/issue-document.command.js';
import { type Issuing, issuing } from '../testing/issuing.js';
import { VerifyDocumentHandler } from './verify-document.handler.js';
import { VerifyDocumentQuery } from './verify-document.query.js';

describe('VerifyDocumentHandler', () => {
  let given: Issuing;
  let handler: VerifyDocumentHandler;

  beforeAll(async () => {
    given = await issuing();
    await given.side.given('elected');
    handler = new VerifyDocumentHandler(given.side.store, given.files);
  });

  afterAll(() => given.close());

  it('an issued file verifies with what was issued, when and by whom; one byte changed does not', async () => {
    const { documentId, sha256 } = await given.issue.execute(
      new IssueDocumentCommand(given.side.cycle, 'minutes-docx', by(boardOfficer)),
    );
    const { bytes } = (await given.files.find(documentId))!;
    await expect(handler.execute(new VerifyDocumentQuery(bytes))).resolves.toEqual({
      issued: true,
      document: expect.objectContaining({
        documentId,
        kind: 'minutes-docx',
        blocId: given.side.cycle.blocId,
        year: given.side.cycle.year,
        sha256,
        headPosition: expect.any(Number),
        issuedAt: expect.any(String),
        issuedBy: expect.objectContaining({ sub: boardOfficer.sub, role: 'board' }),
      }),
    });
    const altered = Buffer.from(bytes);
    altered[0]! ^= 0xff;
    const verdict = await handler.execute(new VerifyDocumentQuery(altered));
    expect(verdict).toEqual({ issued: false, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('bytes stored for an issue the log never recorded do not verify', async () => {
    const { bytes } = await given.documents.render(
      given.side.cycle.blocId,
      given.side.cycle.year,
      'score-sheet',
    );
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await given.files.save({
      documentId: '00000000-0000-4000-8000-000000000001',
      blocId: given.side.cycle.blocId,
      year: given.side.cycle.year,
      kind: 'score-sheet',
      sha256,
      bytes,
    });
    await expect(handler.execute(new VerifyDocumentQuery(bytes))).resolves.toEqual({ issued: false, sha256 });
  });
});
