import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { referenceCase, referenceStore } from '../documents/testing/reference-store.js';
import { documentRequest, USAGE, writeDocument } from './documents-command.js';

describe('the documents CLI', () => {
  let dir: string;

  beforeAll(async () => {
    const opened = await referenceStore('closed');
    await opened.store.close();
    dir = opened.dir;
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the document, bloc, year, output and format from its arguments', () => {
    expect(documentRequest(['minutes', '--bloc', 'b', '--year', '2017', '--out', 'f.pdf'])).toEqual({
      kind: 'minutes-pdf',
      blocId: 'b',
      year: 2017,
      out: 'f.pdf',
    });
    expect(
      documentRequest(['minutes', '--bloc', 'b', '--year', '2017', '--out', 'f', '--format', 'docx']).kind,
    ).toBe('minutes-docx');
    expect(documentRequest(['score-sheet', '--bloc', 'b', '--year', '2017', '--out', 'f']).kind).toBe(
      'score-sheet',
    );
    for (const wrong of [
      ['minutes'],
      ['agenda', '--bloc', 'b', '--year', '2017', '--out', 'f'],
      ['minutes', '--bloc', 'b', '--year', '17', '--out', 'f'],
    ]) {
      expect(() => documentRequest(wrong)).toThrow(USAGE);
    }
  });

  it('writes the minutes of the configured store offline, with the reference totals', async () => {
    const out = join(dir, 'bien-ban.pdf');
    const bytes = await writeDocument(
      { kind: 'minutes-pdf', blocId: referenceCase.bloc.id, year: referenceCase.cycle.year, out },
      { DATA_DIR: dir, EVENT_STORE: 'sqlite' },
    );
    expect(readFileSync(out)).toEqual(bytes);
    const text = execFileSync('pdftotext', [out, '-']).toString();
    for (const total of ['961,5', '831,3']) expect(text).toContain(total);
  });
});
