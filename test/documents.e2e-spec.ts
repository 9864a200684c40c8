/**
 * The papers the board files, end to end over HTTP on SQLite and PostgreSQL: the reference
 * case's score sheet, minutes (PDF text via pdftotext, DOCX XML), issuing and verifying, and the
 * all-or-nothing targets import.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import pg from 'pg';
import { readReferenceCase } from '@app/domain/testing';
import { httpCommandSender } from '../apps/api/src/cli/http-command-sender.js';
import { playSteps, referenceCaseSteps } from '../apps/api/src/cli/reference-case-script.js';
import { type E2eApp, startE2eApp, type StartOptions } from './support/e2e-app.js';
import { OpenApiAnswers, type RecordedAnswer } from './support/openapi-answers.js';
import { refusedWithoutWrites } from './support/refusal.js';

const SERVER = process.env.DATABASE_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/test';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const reference = readReferenceCase();
const names = Object.fromEntries(reference.bloc.members.map((m) => [m.unitId, m.name]));

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: SERVER });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const pdfText = (bytes: Buffer): string =>
  execFileSync('pdftotext', ['-layout', '-', '-'], { input: bytes }).toString();
const docxText = async (bytes: Buffer): Promise<string> =>
  (await (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string'))
    .replace(/<\/w:p>/g, '\n')
    .replace(/<[^>]+>/g, '');

function documentsSuite(label: string, options: () => Promise<StartOptions>, cleanup: () => Promise<void>) {
  describe(`documents on ${label} (e2e)`, () => {
    let e2e: E2eApp;
    let board: string;
    const answers: RecordedAnswer[] = [];
    const cycle = `/api/blocs/${reference.bloc.id}/cycles/${reference.cycle.year}`;
    const next = `/api/blocs/${reference.bloc.id}/cycles/${reference.cycle.year + 1}`;
    const raw = async (method: string, path: string, token: string, body?: Buffer, type = XLSX) => {
      const response = await fetch(e2e.url + path, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': type } : {}) },
        ...(body ? { body } : {}),
      });
      const answer = {
        status: response.status,
        headers: response.headers,
        bytes: Buffer.from(await response.arrayBuffer()),
      };
      const contentType = response.headers.get('content-type') ?? '';
      const isJson = contentType.startsWith('application/json');
      answers.push({
        method,
        path,
        status: answer.status,
        body: isJson ? json(answer.bytes) : undefined,
        contentType,
      });
      return answer;
    };
    const json = (bytes: Buffer) => JSON.parse(bytes.toString('utf8'));

    beforeAll(async () => {
      e2e = await startE2eApp(await options());
      board = await e2e.token('board', 'board-officer');
      const steps = referenceCaseSteps(reference);
      const finalize = steps.findIndex((step) => step.name === 'finalize');
      const send = httpCommandSender(e2e.url, e2e.config.authSecret);
      await playSteps(reference, steps.slice(0, finalize), send);
    }, 120_000);

    afterAll(async () => {
      await e2e?.close();
      await cleanup();
    });

    it('before finalizing: the minutes are 409 and the score sheet says TẠM TÍNH on both sheets', async () => {
      expect((await raw('GET', `${cycle}/minutes.pdf`, board)).status).toBe(409);
      await refusedWithoutWrites(e2e, 'POST', `${cycle}/documents`, {
        token: board,
        body: { kind: 'minutes-docx' },
      });
      const sheet = await raw('GET', `${cycle}/score-sheet.xlsx`, board);
      expect(sheet.status).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(sheet.bytes as unknown as ExcelJS.Buffer);
      for (const name of ['Tổng hợp', 'Chi tiết']) {
        expect(String(workbook.getWorksheet(name)!.getCell('A1').value)).toContain('TẠM TÍNH');
      }
      const steps = referenceCaseSteps(reference);
      const finalize = steps.findIndex((step) => step.name === 'finalize');
      await playSteps(reference, steps.slice(finalize), httpCommandSender(e2e.url, e2e.config.authSecret));
    }, 60_000);

    it('the score sheet matches the ranking to the hundredth, with a frozen header and every criterion in Chi tiết', async () => {
      const ranking = (await e2e.api('GET', `${cycle}/ranking`, { token: board })).body;
      const sheet = await raw('GET', `${cycle}/score-sheet.xlsx`, board);
      expect(sheet.headers.get('content-type')).toContain(XLSX);
      expect(sheet.headers.get('content-disposition')).toContain('.xlsx');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(sheet.bytes as unknown as ExcelJS.Buffer);
      const summary = workbook.getWorksheet('Tổng hợp')!;
      expect(String(summary.getCell('A1').value)).not.toContain('TẠM TÍNH');
      expect(summary.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
      expect(summary.getRow(3).values).toEqual([
        undefined,
        'Hạng',
        'Đơn vị',
        'Nội dung 1',
        'Nội dung 2',
        'Nội dung 3',
        'Tổng điểm',
      ]);
      ranking.units.forEach(
        (
          unit: { rank: number; name: string; total: number; byContent: Record<string, number> },
          index: number,
        ) => {
          const row = summary.getRow(4 + index);
          expect(row.getCell(1).value).toBe(unit.rank);
          expect(row.getCell(2).value).toBe(unit.name);
          expect(Number(row.getCell(3).value)).toBeCloseTo(unit.byContent['1']!, 2);
          expect(Number(row.getCell(6).value)).toBeCloseTo(unit.total, 2);
          expect(row.getCell(6).numFmt).toBe('#,##0.00');
        },
      );
      const detail = workbook.getWorksheet('Chi tiết')!;
      const criteria = reference.cycle.framework.contents.flatMap((content) => content.criteria).length;
      expect(detail.rowCount).toBe(3 + criteria * reference.bloc.members.length);
    });

    it("the minutes (PDF and DOCX) hold the heading, the seven units with 961,5, 961 and 831,3, and 2018's leader and deputy", async () => {
      const pdf = await raw('GET', `${cycle}/minutes.pdf`, board);
      const docx = await raw('GET', `${cycle}/minutes.docx`, board);
      expect(pdf.headers.get('content-type')).toBe('application/pdf');
      for (const text of [pdfText(pdf.bytes), await docxText(docx.bytes)]) {
        const flat = text.replace(/\s+/g, ' ');
        expect(flat).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
        expect(flat).toContain('Độc lập - Tự do - Hạnh phúc');
        expect(flat).toContain('Kiên Giang, ngày 12 tháng 01 năm 2018');
        expect(flat).toContain('BIÊN BẢN');
        for (const name of Object.values(names)) expect(flat).toContain(name);
        for (const total of ['961,5', '961', '831,3'])
          expect(flat).toMatch(new RegExp(`(^|\\s)${total}(\\s|$)`));
        expect(flat).toContain(`Khối trưởng năm 2018: ${names[reference.expected.leadership2018.leader]}`);
        expect(flat).toContain(`Khối phó năm 2018: ${names[reference.expected.leadership2018.deputy]}`);
        expect(flat).toMatch(/vị trí \d+, mã băm [0-9a-f]{64}/);
      }
    });

    it('an issued document verifies (raw and multipart) and is served back exactly; one byte changed does not verify', async () => {
      const leader = await e2e.token('unit', undefined, reference.cycle.leader);
      const issued = await e2e.api('POST', `${cycle}/documents`, {
        token: leader,
        body: { kind: 'minutes-pdf' },
      });
      expect(issued.status).toBe(201);
      expect(issued.body).toMatchObject({
        events: ['DocumentIssued'],
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      const again = await e2e.api('POST', `${cycle}/documents`, {
        token: board,
        body: { kind: 'minutes-pdf' },
      });
      expect(again.body.sha256).toBe(issued.body.sha256);
      const served = await raw('GET', `/api/documents/${issued.body.documentId}`, board);
      expect(served.status).toBe(200);
      expect(served.headers.get('content-disposition')).toContain('.pdf');
      const auditor = await e2e.token('auditor', 'inspector');
      const verified = await raw('POST', '/api/documents/verify', auditor, served.bytes, 'application/pdf');
      expect(verified.status).toBe(200);
      expect(json(verified.bytes)).toMatchObject({
        issued: true,
        document: {
          documentId: issued.body.documentId,
          kind: 'minutes-pdf',
          blocId: reference.bloc.id,
          year: 2017,
          sha256: issued.body.sha256,
        },
      });
      const form = new FormData();
      form.append('file', new Blob([served.bytes]), 'bien-ban.pdf');
      const multipart = await fetch(`${e2e.url}/api/documents/verify`, {
        method: 'POST',
        headers: { authorization: `Bearer ${auditor}` },
        body: form,
      });
      expect(((await multipart.json()) as { issued: boolean }).issued).toBe(true);
      const altered = Buffer.from(served.bytes);
      altered[altered.length >> 1]! ^= 1;
      const refused = json(
        (await raw('POST', '/api/documents/verify', auditor, altered, 'application/pdf')).bytes,
      );
      expect(refused).toEqual({ issued: false, sha256: expect.not.stringMatching(issued.body.sha256) });
      const tooLarge = new FormData();
      tooLarge.append('file', new Blob([Buffer.alloc(20 * 1024 * 1024 + 1)]), 'big.pdf');
      const oversized = await fetch(`${e2e.url}/api/documents/verify`, {
        method: 'POST',
        headers: { authorization: `Bearer ${auditor}` },
        body: tooLarge,
      });
      expect(oversized.status).toBe(413);
      expect(((await oversized.json()) as { code: string }).code).toBe('PAYLOAD_TOO_LARGE');
      const other = await e2e.token('unit', undefined, 'du-lich');
      await refusedWithoutWrites(e2e, 'POST', `${cycle}/documents`, {
        token: other,
        body: { kind: 'score-sheet' },
      });
    });

    it('a bad targets spreadsheet is refused with every problem and nothing written; a good one writes every target at once', async () => {
      await e2e.api('POST', `/api/blocs/${reference.bloc.id}/cycles`, {
        token: board,
        body: { year: 2018, framework: reference.cycle.framework },
      });
      const template = await raw('GET', `${next}/targets/template.xlsx`, board);
      expect(template.status).toBe(200);
      const fill = async (rows: unknown[][]) => {
        const workbook = new ExcelJS.Workbook();
        await workbook.xlsx.load(template.bytes as unknown as ExcelJS.Buffer);
        const sheet = workbook.getWorksheet('Chỉ tiêu')!;
        for (const row of rows) sheet.addRow(row);
        return Buffer.from(await workbook.xlsx.writeBuffer());
      };
      const bad = await fill([
        ['y-te', '', 'YT1', 'Bác sĩ', '1.1', 'người', 'tăng', 6.5],
        ['khong-co', '', 'X1', 'Sai đơn vị', '9.9', 'người', 'ngang', 'nhiều'],
        ['y-te', '', 'YT1', 'Trùng mã', '1.1', '', 'giảm', -3],
      ]);
      const head = await e2e.store.headPosition();
      const refused = await raw('POST', `${next}/targets/import`, board, bad);
      expect(refused.status).toBe(400);
      expect(await e2e.store.headPosition()).toBe(head);
      expect(json(refused.bytes)).toMatchObject({ code: 'VALIDATION_FAILED' });
      const problems = json(refused.bytes).details.map(
        (d: { row: number; column: string }) => `${d.row}:${d.column}`,
      );
      expect(problems.sort()).toEqual(
        [
          '3:Mã đơn vị',
          '3:Tiêu chí',
          '3:Chiều',
          '3:Kế hoạch',
          '4:Mã chỉ tiêu',
          '4:Đơn vị tính',
          '4:Kế hoạch',
        ].sort(),
      );
      const notXlsx = await raw('POST', `${next}/targets/import`, board, Buffer.from('not a workbook'));
      expect(notXlsx.status).toBe(400);
      const huge = await raw('POST', `${next}/targets/import`, board, Buffer.alloc(20 * 1024 * 1024 + 1));
      expect(huge.status).toBe(413);
      expect(json(huge.bytes).code).toBe('PAYLOAD_TOO_LARGE');

      const leader2018 = await e2e.token('unit', undefined, reference.expected.leadership2018.leader);
      const own = await fill([
        [reference.expected.leadership2018.leader, '', 'A1', 'Chỉ tiêu', '1.1', '%', 'tăng', 90],
      ]);
      expect((await raw('POST', `${next}/targets/import`, leader2018, own)).status).toBe(403);
      const good = await fill([
        ['y-te', '', 'YT1', 'Bác sĩ trên 1 vạn dân', '1.1', 'người', 'tăng', 6.5],
        ['giao-duc', '', 'GD1', 'Tỷ lệ bỏ học', '1.1', '%', 'giảm', '1,5'],
      ]);
      const keyed = () =>
        fetch(`${e2e.url}${next}/targets/import`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${leader2018}`,
            'content-type': XLSX,
            'idempotency-key': 'import-1',
          },
          body: good,
        });
      const imported = await keyed();
      expect(imported.status).toBe(201);
      expect(((await imported.json()) as { events: string[] }).events).toEqual([
        'IndicatorTargetSet',
        'IndicatorTargetSet',
      ]);
      const headAfterImport = await e2e.store.headPosition();
      const replayed = await keyed();
      expect(replayed.status).toBe(201);
      expect(replayed.headers.get('idempotent-replayed')).toBe('true');
      expect(await e2e.store.headPosition()).toBe(headAfterImport);
      // A multipart upload is told apart by its file: the same key with another workbook is
      // refused and writes nothing; with the same workbook it answers the first result again.
      const seven = await fill([['y-te', '', 'YT1', 'Bác sĩ trên 1 vạn dân', '1.1', 'người', 'tăng', 7]]);
      const eight = await fill([['y-te', '', 'YT1', 'Bác sĩ trên 1 vạn dân', '1.1', 'người', 'tăng', 8]]);
      const keyedForm = (workbook: Buffer) => {
        const form = new FormData();
        form.append('file', new Blob([workbook], { type: XLSX }), 'chi-tieu.xlsx');
        return fetch(`${e2e.url}${next}/targets/import`, {
          method: 'POST',
          headers: { authorization: `Bearer ${leader2018}`, 'idempotency-key': 'import-2' },
          body: form,
        });
      };
      const formImported = await keyedForm(seven);
      expect(formImported.status).toBe(201);
      const formAnswer = await formImported.json();
      const headAfterForm = await e2e.store.headPosition();
      expect(headAfterForm).toBeGreaterThan(headAfterImport);
      const otherFile = await keyedForm(eight);
      expect(otherFile.status).toBe(422);
      expect(((await otherFile.json()) as { code: string }).code).toBe('IDEMPOTENCY_KEY_REUSED');
      expect(await e2e.store.headPosition()).toBe(headAfterForm);
      const sameFile = await keyedForm(seven);
      expect(sameFile.status).toBe(201);
      expect(sameFile.headers.get('idempotent-replayed')).toBe('true');
      expect(await sameFile.json()).toEqual(formAnswer);
      expect(await e2e.store.headPosition()).toBe(headAfterForm);
      // A body that is not well-formed multipart is the client's error, with a key or without.
      for (const key of [{}, { 'idempotency-key': 'import-3' }] as Record<string, string>[]) {
        const malformed = await fetch(`${e2e.url}${next}/targets/import`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${leader2018}`,
            'content-type': 'multipart/form-data; boundary=x',
            ...key,
          },
          body: '--x\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\n\r\ncut short',
        });
        expect(malformed.status).toBe(400);
        expect(((await malformed.json()) as { code: string }).code).toBe('VALIDATION_FAILED');
      }
      expect(await e2e.store.headPosition()).toBe(headAfterForm);
      const yTe = await e2e.token('unit', undefined, 'y-te');
      await e2e.api('POST', `${next}/signatures`, {
        token: yTe,
        body: { unitId: 'y-te', signatory: { title: 'Giám đốc' } },
      });
      expect((await raw('POST', `${next}/targets/import`, board, good)).status).toBe(409);
    }, 60_000);

    it('answered as the OpenAPI document says: files of their documented type, JSON of its schema', async () => {
      expect(
        answers.some(
          (answer) => answer.contentType !== undefined && !answer.contentType.startsWith('application/json'),
        ),
      ).toBe(true);
      expect((await OpenApiAnswers.served(e2e.url)).mismatches(answers)).toEqual([]);
    });
  });
}

documentsSuite(
  'SQLite',
  async () => ({}),
  async () => undefined,
);

const database = `documents_e2e_${randomBytes(5).toString('hex')}`;
documentsSuite(
  'PostgreSQL',
  async () => {
    await admin(`CREATE DATABASE ${database}`);
    const url = new URL(SERVER);
    url.pathname = `/${database}`;
    return { config: { eventStore: 'postgres', databaseUrl: url.toString() } };
  },
  () => admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`),
);
