/**
 * Error messages for a client that asks for Vietnamese (`Accept-Language: vi`). One sentence
 * per code, what the console shows a person; the English message, specific to the occurrence
 * (which field, which unit), is kept beside it as `detail` (RFC 9457's title/detail split).
 */
export type MessageLanguage = 'en' | 'vi';

const VIETNAMESE_BY_CODE: Readonly<Record<string, string>> = {
  VALIDATION_FAILED: 'Yêu cầu không hợp lệ: dữ liệu gửi lên sai hoặc thiếu',
  UNAUTHENTICATED: 'Chưa xác thực: cần mã truy cập (token) hợp lệ',
  FORBIDDEN: 'Không có quyền thực hiện thao tác này',
  NOT_FOUND: 'Không tìm thấy đối tượng được yêu cầu',
  METHOD_NOT_ALLOWED: 'Phương thức không được hỗ trợ',
  WRONG_PHASE: 'Thao tác không được phép ở giai đoạn hiện tại của năm thi đua',
  ALREADY_EXISTS: 'Đối tượng này đã tồn tại',
  ALREADY_SIGNED: 'Đơn vị đã ký giao ước thi đua; không thể thay đổi chỉ tiêu',
  ALREADY_VOTED: 'Đơn vị đã bỏ phiếu',
  CONFLICT: 'Dữ liệu vừa được thay đổi đồng thời; vui lòng thử lại',
  PAYLOAD_TOO_LARGE: 'Nội dung yêu cầu quá lớn',
  UNSUPPORTED_MEDIA_TYPE: 'Kiểu nội dung không được hỗ trợ',
  RATE_LIMITED: 'Quá nhiều yêu cầu; vui lòng thử lại sau',
  IDEMPOTENCY_KEY_REUSED: 'Khóa Idempotency-Key đã được dùng cho một yêu cầu khác',
  POINTS_OUT_OF_RANGE: 'Số điểm nằm ngoài khoảng cho phép của tiêu chí',
  UNKNOWN_CRITERION: 'Tiêu chí không có trong bảng chấm điểm',
  UNKNOWN_INDICATOR: 'Chỉ tiêu chưa được giao cho đơn vị',
  NOT_A_MEMBER: 'Đơn vị không phải là thành viên của khối thi đua',
  SCORING_INCOMPLETE: 'Chưa chấm đủ điểm mọi tiêu chí cho mọi đơn vị',
  ELECTION_NOT_PASSED: 'Kết quả biểu quyết không đạt',
  UNKNOWN_VOTE: 'Không có cuộc biểu quyết này trong năm thi đua',
  VOTE_MISMATCH: 'Cuộc biểu quyết không phải về nội dung hoặc đơn vị này',
  CONSECUTIVE_TERM: 'Đơn vị không được làm khối trưởng hai năm liền',
  ROTATION: 'Trái nguyên tắc luân phiên khối trưởng',
  LEADER_IS_DEPUTY: 'Khối trưởng và khối phó phải là hai đơn vị khác nhau',
  NOT_TOP_RANKED: 'Đơn vị không xếp hạng nhất',
  REASON_REQUIRED: 'Cần nêu lý do khi điều chỉnh điểm đã chấm',
  INVALID_FRAMEWORK: 'Bảng chấm điểm không hợp lệ',
  LEADERSHIP_REQUIRED: 'Cần chỉ định khối trưởng và khối phó',
  INVALID_MEMBERS: 'Danh sách đơn vị thành viên không hợp lệ',
  INVALID_PERIOD: 'Kỳ báo cáo không hợp lệ',
  INVALID_VOTES: 'Số phiếu biểu quyết không hợp lệ',
  DUPLICATE_CRITERION: 'Mã tiêu chí bị trùng',
  NOT_ELIGIBLE: 'Đơn vị không đủ điều kiện đề nghị danh hiệu này',
  WEBHOOK_URL_REFUSED:
    'Địa chỉ webhook bị từ chối: không được trỏ tới địa chỉ nội bộ, loopback hoặc mạng riêng',
  INVALID_DOCUMENTS: 'Hồ sơ đề nghị khen thưởng thiếu tài liệu hoặc tài liệu không hợp lệ',
  TOO_MANY_REPORTS: 'Vượt quá số lần báo cáo cho phép',
  INVALID_DUE: 'Thời hạn không hợp lệ',
  PROJECTION_LAG: 'Dữ liệu chưa kịp cập nhật; vui lòng thử lại sau giây lát',
  INTERNAL: 'Lỗi máy chủ',
  INVALID_TARGET: 'Chỉ tiêu không hợp lệ',
  BAD_REQUEST: 'Yêu cầu không hợp lệ',
  CONSOLE_NOT_BUILT: 'Giao diện web chưa được xây dựng: chạy `npm run build` (hoặc `npm start`)',
};

/** For a code without its own sentence (a domain code added later): one per status class. */
const VIETNAMESE_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'Yêu cầu không hợp lệ',
  401: 'Chưa xác thực',
  403: 'Không có quyền thực hiện thao tác này',
  404: 'Không tìm thấy',
  409: 'Thao tác xung đột với trạng thái hiện tại',
  413: 'Nội dung yêu cầu quá lớn',
  415: 'Kiểu nội dung không được hỗ trợ',
  422: 'Yêu cầu vi phạm một quy định thi đua',
  429: 'Quá nhiều yêu cầu; vui lòng thử lại sau',
};

export function vietnameseMessage(code: string, statusCode: number): string {
  return (
    (Object.hasOwn(VIETNAMESE_BY_CODE, code) ? VIETNAMESE_BY_CODE[code] : undefined) ??
    VIETNAMESE_BY_STATUS[statusCode] ??
    (statusCode >= 500 ? 'Lỗi máy chủ' : 'Yêu cầu không được chấp nhận')
  );
}

/** Codes with a sentence of their own (the spec checks that every code the API uses has one). */
export const TRANSLATED_CODES: readonly string[] = Object.keys(VIETNAMESE_BY_CODE);

/**
 * The language of the answer, from `Accept-Language` (RFC 9110): Vietnamese when `vi` (or
 * `vi-VN`...) is preferred over English, English otherwise. Weights are honoured; `*` counts as
 * English, the server's own language. Malformed parts are skipped, never an error.
 */
export function preferredLanguage(header: string | string[] | undefined): MessageLanguage {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (value === undefined || value.length > 1000) return 'en';
  let best: { language: MessageLanguage; weight: number } = { language: 'en', weight: 0 };
  for (const part of value.split(',')) {
    const [range = '', ...parameters] = part.trim().split(';');
    const tag = range.trim().toLowerCase();
    const language: MessageLanguage | undefined =
      tag === 'vi' || tag.startsWith('vi-')
        ? 'vi'
        : tag === 'en' || tag.startsWith('en-') || tag === '*'
          ? 'en'
          : undefined;
    if (language === undefined) continue;
    const q = parameters.map((p) => /^\s*q\s*=\s*([01](\.\d{0,3})?)\s*$/i.exec(p)).find((m) => m !== null);
    const weight = q ? Number(q[1]) : 1;
    if (weight > best.weight) best = { language, weight };
  }
  return best.language;
}
