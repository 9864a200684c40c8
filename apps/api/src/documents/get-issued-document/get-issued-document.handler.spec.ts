import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { boardOfficer, officerOf } from '@app/domain/testing';
import { auditor, by } from '../../testing/reference-write-side.js';
import { IssueDocumentCommand } from '../issue-document/issue-document.command.js';
import { type Issuing, issuing } from '../testing/issuing.js';
import { GetIssuedDocumentHandler } from './get-issued-document.handler.js';
import { GetIssuedDocumentQuery } from './get-issued-document.query.js';

describe('GetIssuedDocumentHandler', () => {
  let given: Issuing;
  let handler: GetIssuedDocumentHandler;
  let documentId: string;

  beforeAll(async () => {
    given = await issuing();
    await given.side.given('elected');
    handler = new GetIssuedDocumentHandler(given.side.store, given.files);
    ({ documentId } = await given.issue.execute(
      new IssueDocumentCommand(given.side.cycle, 'score-sheet', by(boardOfficer)),
    ));
  });

  afterAll(() => given.close());

  it("serves the exact bytes to the cycle's readers: members, the board, auditors", async () => {
    const stored = (await given.files.find(documentId))!;
    for (const reader of [officerOf('du-lich'), boardOfficer, auditor]) {
      const file = await handler.execute(new GetIssuedDocumentQuery(documentId, reader));
      expect(file.bytes.equals(stored.bytes)).toBe(true);
    }
  });

  it('refuses an officer of a unit outside the bloc (403), and an unknown id (404)', async () => {
    await expect(
      handler.execute(
        new GetIssuedDocumentQuery(documentId, { sub: 'x', role: 'unit', unit: 'so-tai-chinh' }),
      ),
    ).rejects.toMatchObject({ statusCode: 403 });
    await expect(
      handler.execute(new GetIssuedDocumentQuery('00000000-0000-4000-8000-000000000009', boardOfficer)),
    ).rejects.toMatchObject({ statusCode: 404 });
  });

  it('refuses a board officer of another province (403)', async () => {
    await expect(
      handler.execute(new GetIssuedDocumentQuery(documentId, { ...boardOfficer, province: 'An Giang' })),
    ).rejects.toMatchObject({ statusCode: 403 });
  });
});
