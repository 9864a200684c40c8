/**
 * The minutes of the review (biên bản hội nghị tổng kết) as content, laid out by Decree
 * 30/2020's parts; the PDF and DOCX renderers draw this one model.
 */
import type { BlocYearRecord } from '../bloc-year-record.js';
import { placeAndDate, vietnameseDate, vietnamesePoints } from './vietnamese-format.js';

export const NATIONAL_NAME = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
export const NATIONAL_MOTTO = 'Độc lập - Tự do - Hạnh phúc';

export interface MinutesModel {
  /** The issuing body, top left: the province, then the bloc. */
  readonly issuer: { readonly superior: string; readonly body: string };
  readonly placeAndDate: string;
  readonly title: string;
  readonly subtitle: string;
  readonly opening: readonly string[];
  readonly table: { readonly headers: readonly string[]; readonly rows: readonly (readonly string[])[] };
  readonly conclusions: readonly string[];
  /** The audit chain's head the minutes were made from: anchors a printed copy to the log. */
  readonly audit: string;
  readonly signatures: readonly { readonly role: string; readonly unit: string }[];
  /** The file's own metadata: its title and the moment of its head event. */
  readonly meta: { readonly title: string; readonly createdAt: Date };
}

/** The record is final (the caller refuses the minutes before scoring is finalized). */
export function minutesModel(record: BlocYearRecord): MinutesModel {
  const name = (unitId: string | null): string =>
    record.members.find((member) => member.unitId === unitId)?.name ?? unitId ?? '';
  const points = (unitId: string): string =>
    vietnamesePoints(record.rows.find((row) => row.unitId === unitId)?.total ?? 0);
  const meetingDate = record.review?.meetingDate ?? record.head.recordedAt;
  const contents = record.framework.contents;
  const nextYear = record.year + 1;
  const conclusions = [
    record.leadingUnit === null
      ? 'Đơn vị dẫn đầu: chưa suy tôn.'
      : `Đơn vị dẫn đầu (suy tôn): ${name(record.leadingUnit)} với ${points(record.leadingUnit)} điểm.`,
    record.runnersUp.length === 0
      ? 'Đơn vị tiêu biểu: không có.'
      : `Đơn vị tiêu biểu: ${record.runnersUp.map((unitId) => `${name(unitId)} (${points(unitId)} điểm)`).join('; ')}.`,
  ];
  if (record.elected.leader !== null)
    conclusions.push(`Khối trưởng năm ${nextYear}: ${name(record.elected.leader)}.`);
  if (record.elected.deputy !== null)
    conclusions.push(`Khối phó năm ${nextYear}: ${name(record.elected.deputy)}.`);
  return {
    issuer: { superior: `TỈNH ${record.bloc.province.toUpperCase()}`, body: record.bloc.name.toUpperCase() },
    placeAndDate: placeAndDate(record.bloc.province, meetingDate),
    title: 'BIÊN BẢN',
    subtitle: `Hội nghị tổng kết công tác thi đua, khen thưởng năm ${record.year}`,
    opening: [
      `Hôm nay, ngày ${vietnameseDate(meetingDate)}${record.review?.venue ? `, tại ${record.review.venue}` : ''}, ` +
        `${record.bloc.name} tổ chức hội nghị tổng kết công tác thi đua, khen thưởng năm ${record.year}, ` +
        `với sự tham gia của ${record.members.length} đơn vị thành viên.`,
      `Hội nghị thống nhất kết quả chấm điểm thi đua năm ${record.year} như sau:`,
    ],
    table: {
      headers: ['Hạng', 'Đơn vị', ...contents.map((content) => `ND ${content.code}`), 'Tổng điểm'],
      rows: record.rows.map((row) => [
        String(row.rank),
        row.name,
        ...contents.map((content) => vietnamesePoints(row.byContent[content.code] ?? 0)),
        vietnamesePoints(row.total),
      ]),
    },
    conclusions,
    audit:
      `Biên bản được lập từ nhật ký sự kiện tại vị trí ${record.head.position}, ` +
      `mã băm ${record.head.hash}, ghi ngày ${vietnameseDate(record.head.recordedAt)}.`,
    signatures: [
      { role: 'THƯ KÝ', unit: '' },
      { role: 'CHỦ TRÌ HỘI NGHỊ', unit: name(record.leader) },
    ],
    meta: {
      title: `Biên bản hội nghị tổng kết năm ${record.year} - ${record.bloc.name}`,
      createdAt: new Date(record.head.recordedAt),
    },
  };
}
