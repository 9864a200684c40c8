/**
 * The web console in a real browser (Debian's Chromium through playwright-core), against the
 * real server: the board reads Bloc 4's 2017 ranking and 2018 leadership; a unit reports a
 * value; the leader awards points and a second page's live board shows them without a reload;
 * a refused action shows the server's Vietnamese message. Then the decisions: the leader opens a
 * roll-call vote, the units cast their ballots with the console's buttons (a second ballot from
 * a stale tab is refused in Vietnamese), the leader closes it and everyone sees the tally and
 * the result; a deadline shows its late and pending units; a nomination shows its status and
 * history, the bloc page the honours register; the score sheet and the minutes download
 * through the console. Screenshots of the main pages go to test-output/console/.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Browser, chromium, type Page } from 'playwright-core';
import { boardOfficer, officerOf, readReferenceCase, type ReferenceCase } from '@app/domain/testing';
import { signToken } from '../apps/api/src/auth/token.signer.js';
import { httpCommandSender } from '../apps/api/src/cli/http-command-sender.js';
import { playSteps, referenceCaseSteps } from '../apps/api/src/cli/reference-case-script.js';
import { buildWeb, type ConsoleServer, startConsoleServer } from './support/console-server.js';
import { E2E_AUTH_SECRET, seedCycle, type SmallCycle } from './support/e2e-app.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = fileURLToPath(new URL('../test-output/console/', import.meta.url));
/** How long a page may take to show what the spec waits for: a failure deadline, not a measurement. */
const UI_TIMEOUT_MS = 15_000;

const hasChromium = existsSync(CHROMIUM);
if (!hasChromium && process.env.REQUIRE_CHROMIUM === '1') {
  throw new Error(`no Chromium at ${CHROMIUM}, and REQUIRE_CHROMIUM=1 (.ci/run) needs it`);
}
if (!hasChromium) {
  console.log(`console e2e skipped: no Chromium at ${CHROMIUM} (.ci/run installs Debian's chromium package)`);
}

(hasChromium ? describe : describe.skip)('the web console in a browser', () => {
  let server: ConsoleServer;
  let browser: Browser;
  let reference: ReferenceCase;
  let live: SmallCycle;
  let webDir: string | undefined;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    webDir = mkdtempSync(join(tmpdir(), 'blocs-web-build-'));
    await buildWeb(webDir);
    server = await startConsoleServer(webDir);
    reference = readReferenceCase();
    await playSteps(reference, referenceCaseSteps(reference), httpCommandSender(server.url, E2E_AUTH_SECRET));
    // A second bloc whose year is under way: every unit has signed, reports are open.
    live = await seedCycle(server, 'live', { phase: 'in_force' });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (webDir !== undefined) rmSync(webDir, { recursive: true, force: true });
  });

  /** A fresh page (its own sessionStorage) signed in through the sign-in form with this token. */
  async function signedIn(token: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
    const context = await browser.newContext({ viewport, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    const page = await context.newPage();
    page.setDefaultTimeout(UI_TIMEOUT_MS);
    await page.goto(server.url + '/');
    await page.getByLabel('Mã truy cập').fill(token);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
    return page;
  }

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

  it('refuses a token the server did not sign, in Vietnamese, and keeps nothing', async () => {
    const context = await browser.newContext({ locale: 'vi-VN' });
    const page = await context.newPage();
    page.setDefaultTimeout(UI_TIMEOUT_MS);
    await page.goto(server.url + '/');
    await shot(page, '00-sign-in');
    const forged = await signToken('another-secret-another-secret-0123456789', { ...boardOfficer });
    await page.getByLabel('Mã truy cập').fill(forged);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('alert').filter({ hasText: 'Chưa xác thực' }).waitFor();
    const stored = () =>
      (
        globalThis as unknown as { sessionStorage: { getItem(key: string): string | null } }
      ).sessionStorage.getItem('token');
    await expect(page.evaluate(stored)).resolves.toBeNull();
    await context.close();
  });

  it('shows the board Bloc 4 2017: the ranking with 961,5 / 961 / 831,3 and the 2018 leader and deputy', async () => {
    const page = await signedIn(await server.tokenOf({ ...boardOfficer, name: 'Nguyễn Văn A' }));
    await page.getByText('Nguyễn Văn A · Ban Thi đua - Khen thưởng').waitFor();
    await shot(page, '01-blocs');
    await page.getByRole('link', { name: reference.bloc.name }).click();
    await page.getByRole('heading', { name: 'Đơn vị thành viên' }).waitFor();
    await shot(page, '02-bloc');
    await page.getByRole('link', { name: `Năm ${reference.cycle.year}` }).click();

    const ranking = page.getByRole('table', { name: 'Xếp hạng chính thức' });
    await ranking.waitFor();
    const totals = await ranking.locator('tbody tr td.num').allTextContents();
    expect(totals).toEqual(['961,5', '961', '955', '953,5', '887', '875', '831,3']);
    const names = (id: string) => reference.bloc.members.find((member) => member.unitId === id)!.name;
    await expect(ranking.getByRole('row').nth(1).textContent()).resolves.toContain(names('lao-dong'));

    const leadership = page.getByRole('region', { name: 'Khối trưởng, khối phó năm 2018' });
    const text = await leadership.textContent();
    expect(text).toContain(`Khối trưởng${names(reference.expected.leadership2018.leader)}`);
    expect(text).toContain(`Khối phó${names(reference.expected.leadership2018.deputy)}`);
    expect(text).toContain('đã bầu');
    // The live board carries the same final standings, in large type.
    await page.getByRole('table', { name: 'Bảng điểm trực tiếp' }).getByText('961,5').waitFor();
    await shot(page, '03-cycle-2017');
  });

  it('serves the build at / and for deep links that accept HTML; unknown /api paths stay JSON 404s', async () => {
    const html = { accept: 'text/html' };
    for (const path of ['/', '/blocs/kg-khoi-4', '/blocs/kg-khoi-4/cycles/2017', '/audit']) {
      const answer = await server.api('GET', path, { headers: html });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toContain('text/html');
      expect(answer.body).toContain('<div id="app"></div>');
    }
    const unknown = await server.api('GET', '/api/nope', { headers: html });
    expect(unknown).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
  });

  it('serves deep links: a cycle opened by its address, after signing in once in that tab', async () => {
    const page = await signedIn(await server.tokenOf(boardOfficer), { width: 390, height: 844 });
    await page.goto(`${server.url}/blocs/${reference.bloc.id}/cycles/${reference.cycle.year}`);
    await page.getByRole('table', { name: 'Xếp hạng chính thức' }).waitFor();
    await shot(page, '04-cycle-2017-phone');
  });

  it('lets the board search the audit trail, slide the standings back in time, and see the signed head', async () => {
    const page = await signedIn(await server.tokenOf(boardOfficer));
    await page.getByRole('link', { name: 'Nhật ký kiểm tra' }).click();
    await page.getByText(/Chuỗi nhật ký toàn vẹn: đã kiểm tra/).waitFor();
    await page.getByLabel('Mã khối').fill(reference.bloc.id);
    await page.getByLabel('Năm').fill(String(reference.cycle.year));
    await page.getByLabel('Loại sự kiện').fill('ScoreAwarded');
    // Dates are typed as Vietnamese writes them; the reference case was recorded today.
    const today = new Intl.DateTimeFormat('vi-VN', {
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      timeZone: 'Asia/Ho_Chi_Minh',
    }).format(new Date());
    await page.getByLabel('Từ ngày').fill(today);
    await page.getByRole('button', { name: 'Tìm' }).click();
    const events = page.getByRole('table', { name: 'Sự kiện trong nhật ký' });
    await events.getByText('Chấm điểm').first().waitFor();
    await page.getByRole('button', { name: 'Trang sau' }).click();
    await page.getByText('Trang 2').waitFor();

    const slider = page.getByRole('slider', { name: /Thời điểm/ });
    await slider.focus();
    await page.keyboard.press('Home');
    const asOf = page.getByRole('table', { name: 'Bảng điểm tại thời điểm đã chọn' });
    await asOf.waitFor();
    // Back on the first scores of the second page, no unit has its final total yet.
    await expect(asOf.locator('td.num').allTextContents()).resolves.not.toContain('961,5');
    await page
      .getByText(/Đầu chuỗi đã ký|Chưa có đầu chuỗi nào được ký/)
      .first()
      .waitFor();
    await shot(page, '05-audit');
  });

  it('lets a unit report a value, and shows a refusal in Vietnamese', async () => {
    const [, , reporter] = live.units;
    const page = await signedIn(live.unit[reporter!]!);
    await page.goto(`${server.url}${live.path.replace('/api', '')}`);
    await page.getByLabel('Mã chỉ tiêu').fill('T1');
    await page.getByLabel('Giá trị đạt được').fill('92,5');
    await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã ghi nhận báo cáo chỉ tiêu T1: 92,5' }).waitFor();
    const standings = await server.api('GET', `${live.path}/standings`, { token: live.board });
    expect(
      standings.body.units.find((row: { unitId: string }) => row.unitId === reporter).indicators,
    ).toMatchObject({
      reported: 1,
      met: 1,
    });

    // An indicator the unit was never assigned: refused, in the server's Vietnamese words.
    await page.getByLabel('Mã chỉ tiêu').fill('KHONG-CO');
    await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await page.getByRole('alert').filter({ hasText: 'Chỉ tiêu chưa được giao cho đơn vị' }).waitFor();
    await shot(page, '06-unit-report');
  });

  it("shows the leader's award on a second page's live board without a reload; the leader's own unit is refused", async () => {
    const opened = await server.api('POST', `${live.path}/review`, {
      token: live.board,
      body: { meetingDate: '2025-01-12' },
    });
    expect(opened.status).toBe(201);
    const [leader, , scored] = live.units;
    const cyclePage = `${server.url}${live.path.replace('/api', '')}`;

    const projector = await signedIn(live.board, { width: 1920, height: 1080 });
    await projector.goto(cyclePage);
    const board = projector.getByRole('table', { name: 'Bảng điểm trực tiếp' });
    await board.waitFor();
    await projector.getByText('Trực tiếp', { exact: false }).first().waitFor();
    await projector.evaluate(() => ((globalThis as unknown as { notReloaded: boolean }).notReloaded = true));

    const page = await signedIn(live.unit[leader!]!);
    await page.goto(cyclePage);
    await page.getByLabel('Đơn vị được chấm').selectOption(scored!);
    await page.getByLabel('Tiêu chí').selectOption('1.1');
    await page.getByLabel('Số điểm').fill('42,5');
    await page.getByRole('button', { name: 'Ghi điểm' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã ghi 42,5 điểm' }).waitFor();

    const sentAt = Date.now();
    await board
      .getByRole('row')
      .filter({ hasText: `Unit ${scored}` })
      .filter({ hasText: '42,5' })
      .waitFor();
    console.log(`console e2e: the award reached the live board ${Date.now() - sentAt} ms after its answer`);
    await expect(
      projector.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded),
    ).resolves.toBe(true);
    await shot(projector, '07-live-board-projector');

    // The leader may not score its own unit: the refusal shows, in Vietnamese.
    await page.getByLabel('Đơn vị được chấm').selectOption(leader!);
    await page.getByRole('button', { name: 'Ghi điểm' }).click();
    await page.getByRole('alert').filter({ hasText: 'Không có quyền thực hiện thao tác này' }).waitFor();
    await shot(page, '08-leader-refused');
  });
  /** A command through the API (the set-up around what the console does), which must be accepted. */
  async function accepted(method: 'POST', path: string, token: string, body: unknown) {
    const answer = await server.api(method, path, { token, body });
    if (answer.status !== 201) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body as { position: number; events: string[] };
  }

  it('lets the leader open a vote, the units cast ballots with the buttons, refuses a second ballot in Vietnamese, and shows the tally and "đã thông qua"', async () => {
    // A year whose scoring is finalized: the board scores every standard criterion.
    const voting = await seedCycle(server, 'vote', { phase: 'review' });
    for (const unitId of voting.units) {
      for (const criterion of ['1.1', '2.1']) {
        await accepted('POST', `${voting.path}/scores`, voting.board, { unitId, criterion, points: 30 });
      }
    }
    await accepted('POST', `${voting.path}/scoring/finalize`, voting.board, {});
    const [leader, deputy, candidate] = voting.units as [string, string, string];
    const cyclePage = `${server.url}${voting.path.replace('/api', '')}`;
    const title = `Đơn vị dẫn đầu: Unit ${candidate}`;
    const onVote = (page: Page) => page.getByRole('article', { name: `Biểu quyết ${title}` });

    const leaderPage = await signedIn(voting.unit[leader]!);
    await leaderPage.goto(cyclePage);
    await leaderPage.getByLabel('Nội dung biểu quyết').selectOption('leading-unit');
    await leaderPage.getByLabel('Đơn vị được biểu quyết').selectOption(candidate);
    await leaderPage.getByRole('button', { name: 'Mở biểu quyết' }).click();
    await leaderPage
      .getByRole('status')
      .filter({ hasText: `Đã mở biểu quyết ${title}` })
      .waitFor();
    await onVote(leaderPage).getByText('đang biểu quyết').waitFor();

    // Every member votes with its own buttons; the candidate's officer has a second, stale tab.
    const ballot = (page: Page) => onVote(page).getByRole('group', { name: `Phiếu của đơn vị: ${title}` });
    const candidatePage = await signedIn(voting.unit[candidate]!);
    await candidatePage.goto(cyclePage);
    const staleTab = await signedIn(voting.unit[candidate]!);
    await staleTab.goto(cyclePage);
    await ballot(staleTab).waitFor();
    await ballot(leaderPage).getByRole('button', { name: 'Tán thành', exact: true }).click();
    await onVote(leaderPage).getByText('Đơn vị đã bỏ phiếu: Tán thành').waitFor();
    const deputyPage = await signedIn(voting.unit[deputy]!);
    await deputyPage.goto(cyclePage);
    await ballot(deputyPage).getByRole('button', { name: 'Tán thành', exact: true }).click();
    await deputyPage.getByRole('status').filter({ hasText: 'Đã ghi nhận phiếu: Tán thành' }).waitFor();
    await ballot(candidatePage).getByRole('button', { name: 'Không biểu quyết' }).click();
    await onVote(candidatePage).getByText('Đơn vị đã bỏ phiếu: Không biểu quyết').waitFor();
    await shot(candidatePage, '09-vote-ballots');

    // The stale tab still offers the buttons; the server refuses the second ballot, in Vietnamese.
    await ballot(staleTab).getByRole('button', { name: 'Không tán thành' }).click();
    await staleTab.getByRole('alert').filter({ hasText: 'Đơn vị đã bỏ phiếu' }).waitFor();
    await shot(staleTab, '10-vote-refused');

    await leaderPage.getByRole('button', { name: 'Kết thúc biểu quyết' }).click();
    await leaderPage.getByRole('status').filter({ hasText: 'Đã kết thúc biểu quyết' }).waitFor();
    const closed = onVote(leaderPage);
    await closed.getByText('đã thông qua').waitFor();
    await expect(closed.locator('.tally').textContent()).resolves.toBe(
      'Tán thành 2 · Không tán thành 0 · Không biểu quyết 1 · Chưa bỏ phiếu 0',
    );
    const ballots = await closed
      .getByRole('table', { name: `Phiếu biểu quyết ${title}` })
      .locator('tbody tr')
      .allTextContents();
    expect(ballots).toEqual([
      `Unit ${leader}Tán thành`,
      `Unit ${deputy}Tán thành`,
      `Unit ${candidate}Không biểu quyết`,
    ]);
    await expect(closed.getByRole('button', { name: 'Kết thúc biểu quyết' }).count()).resolves.toBe(0);
    const { body: votes } = await server.api('GET', `${voting.path}/votes`, { token: voting.board });
    expect(votes).toMatchObject([{ status: 'closed', passed: true, tally: { for: 2, abstain: 1 } }]);
    await shot(leaderPage, '11-vote-closed');
  });

  it('shows a deadline with each unit: done late, and pending', async () => {
    const late = await seedCycle(server, 'deadline', { phase: 'in_force' });
    const [first, second, third] = late.units as [string, string, string];
    // A reporting deadline already behind us: a report now is done, but late.
    await accepted('POST', `${late.path}/deadlines`, late.board, {
      kind: 'reporting',
      period: '2024-H1',
      due: '2024-07-15T10:00:00.000Z',
    });
    await accepted('POST', `${late.path}/reports`, late.unit[second]!, {
      unitId: second,
      indicator: 'T1',
      period: '2024-H1',
      value: 85,
    });
    const page = await signedIn(late.unit[third]!);
    await page.goto(`${server.url}${late.path.replace('/api', '')}`);
    const progress = page.getByRole('table', { name: 'Tiến độ: Báo cáo chỉ tiêu kỳ 2024-H1' });
    await progress.waitFor();
    const rows = await progress.locator('tr').allTextContents();
    // Past its due, a unit that has not reported is late even before the server records the passing.
    expect(rows).toEqual([
      `Unit ${first}quá hạn, chưa xong`,
      `Unit ${second}đã xong, trễ hạn`,
      `Unit ${third}quá hạn, chưa xong`,
    ]);
    const deadlines = page.getByRole('region', { name: 'Thời hạn' });
    await deadlines.getByText('đã qua hạn').waitFor();
    await expect(deadlines.getByText('Hạn 15/07/2024').textContent()).resolves.toBe(
      'Hạn 15/07/2024 17:00:00 · đã xong 1/3 đơn vị',
    );
    // The standings board counts the late report.
    await page
      .getByRole('table', { name: 'Bảng điểm trực tiếp' })
      .getByRole('row')
      .filter({ hasText: `Unit ${second}` })
      .locator('td.late')
      .filter({ hasText: '1' })
      .waitFor();
    await page.getByRole('region', { name: 'Thời hạn' }).scrollIntoViewIfNeeded();
    await shot(page, '12-deadline');
  });

  it("shows a nomination's status and history, and the honours register on the bloc page", async () => {
    const cyclePath = `/api/blocs/${reference.bloc.id}/cycles/${reference.cycle.year}`;
    const leader = await server.tokenOf(officerOf(reference.cycle.leader));
    const board = await server.tokenOf(boardOfficer);
    const sha = (text: string) => createHash('sha256').update(text).digest('hex');
    const submission = { kind: 'submission', title: 'Tờ trình đề nghị tặng Cờ thi đua', sha256: sha('1') };
    const minutes = { kind: 'minutes', title: 'Biên bản hội nghị tổng kết', sha256: sha('2') };
    const { nominationId } = (await accepted('POST', `${cyclePath}/nominations`, leader, {
      unitId: reference.leadingUnit,
      award: 'emulation-flag',
      documents: [submission],
    })) as unknown as { nominationId: string };
    const nomination = `/api/nominations/${encodeURIComponent(nominationId)}`;
    await accepted('POST', `${nomination}/appraisal`, board, {
      outcome: 'returned',
      reason: 'Thiếu biên bản hội nghị',
    });
    await accepted('POST', `${nomination}/resubmission`, leader, { documents: [submission, minutes] });
    await accepted('POST', `${nomination}/appraisal`, board, { outcome: 'forwarded', reason: 'Đủ hồ sơ' });
    await accepted('POST', `${nomination}/council-vote`, board, {
      councilMembers: 9,
      for: 8,
      against: 1,
      abstain: 0,
    });
    await accepted('POST', `${nomination}/decision`, board, {
      decisionNo: '512/QĐ-UBND',
      decidedOn: '2018-03-15',
      signedBy: 'Chủ tịch UBND tỉnh',
    });

    const unitName = reference.bloc.members.find((m) => m.unitId === reference.leadingUnit)!.name;
    const page = await signedIn(leader);
    await page.goto(`${server.url}${cyclePath.replace('/api', '')}`);
    const title = `Cờ thi đua cho ${unitName}`;
    const card = page.getByRole('article', { name: `Đề nghị ${title}` });
    await card.getByText('đã khen thưởng').waitFor();
    const steps = await card
      .getByRole('list', { name: `Quá trình xét: ${title}` })
      .getByRole('listitem')
      .allTextContents();
    expect(steps.map((step) => step.replace(/^\d\d\/\d\d\/\d{4} /, ''))).toEqual([
      'Khối nộp hồ sơ đề nghị',
      'Ban Thi đua - Khen thưởng trả lại hồ sơ: Thiếu biên bản hội nghị',
      'Khối nộp lại hồ sơ',
      'Ban Thi đua - Khen thưởng chuyển Hội đồng: Đủ hồ sơ',
      'Hội đồng Thi đua - Khen thưởng biểu quyết',
      'Chủ tịch UBND tỉnh quyết định khen thưởng',
    ]);
    await page.getByRole('region', { name: 'Đề nghị khen thưởng' }).scrollIntoViewIfNeeded();
    await shot(page, '13-nomination');

    await page.getByRole('link', { name: reference.bloc.name }).click();
    const register = page.getByRole('table', { name: 'Sổ khen thưởng' });
    await register.waitFor();
    await expect(register.locator('tbody tr').allTextContents()).resolves.toEqual([
      `${reference.cycle.year}${unitName}Cờ thi đuaSố 512/QĐ-UBND, ngày 15/03/2018`,
    ]);
    await shot(page, '14-bloc-honours');
  });

  it('downloads the score sheet and the minutes through the console: an XLSX and a PDF', async () => {
    const page = await signedIn(await server.tokenOf(boardOfficer));
    await page.goto(`${server.url}/blocs/${reference.bloc.id}/cycles/${reference.cycle.year}`);
    const bytesOf = async (label: string): Promise<{ name: string; bytes: Buffer }> => {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: `Tải ${label}` }).click(),
      ]);
      return { name: download.suggestedFilename(), bytes: readFileSync(await download.path()) };
    };
    const sheet = await bytesOf('Bảng tổng hợp điểm (.xlsx)');
    expect(sheet.name).toBe(`${reference.bloc.id}-${reference.cycle.year}-score-sheet.xlsx`);
    // An XLSX is a ZIP archive: it starts with "PK\x03\x04".
    expect([...sheet.bytes.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
    const pdf = await bytesOf('Biên bản tổng kết (.pdf)');
    expect(pdf.name).toBe(`${reference.bloc.id}-${reference.cycle.year}-minutes.pdf`);
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await expect(page.getByRole('region', { name: 'Văn bản' }).getByRole('alert').count()).resolves.toBe(0);
  });
});
