import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { boardOfficer, officerOf } from '@app/domain/testing';
import { auditor } from '../../testing/reference-write-side.js';
import { type Issuing, issuing } from '../testing/issuing.js';
import { DownloadDocumentHandler } from './download-document.handler.js';
import { DownloadDocumentQuery } from './download-document.query.js';

describe('DownloadDocumentHandler', () => {
  let given: Issuing;
  let handler: DownloadDocumentHandler;

  beforeAll(async () => {
    given = await issuing();
    await given.side.given('scored');
    handler = new DownloadDocumentHandler(given.side.store, given.documents);
  });

  afterAll(() => given.close());

  const download = (kind: 'score-sheet' | 'minutes-pdf', reader = boardOfficer) =>
    handler.execute(new DownloadDocumentQuery(given.side.cycle.blocId, given.side.cycle.year, kind, reader));

  it('gives the score sheet to members, the board and auditors, named and typed', async () => {
    for (const reader of [officerOf('van-hoa'), boardOfficer, auditor]) {
      const rendered = await download('score-sheet', reader);
      expect(rendered.fileName).toBe(`bang-diem-${given.side.cycle.blocId}-${given.side.cycle.year}.xlsx`);
      expect(rendered.contentType).toContain('spreadsheetml');
      expect(rendered.bytes.subarray(0, 2).toString()).toBe('PK');
    }
  });

  it('refuses the minutes before scoring is finalized (WRONG_PHASE), and outsiders (403)', async () => {
    await expect(download('minutes-pdf')).rejects.toMatchObject({ code: 'WRONG_PHASE' });
    await expect(
      download('score-sheet', { sub: 'x', role: 'unit', unit: 'so-tai-chinh' }),
    ).rejects.toMatchObject({
      statusCode: 403,
    });
  });

  it('an unknown year is 404', async () => {
    await expect(
      handler.execute(new DownloadDocumentQuery(given.side.cycle.blocId, 1999, 'score-sheet', boardOfficer)),
    ).rejects.toMatchObject({ statusCode: 404 });
  });
});
