/** The Vietnamese words the console shows for the API's codes. */
import type { Phase, Policy, TieBreakStep } from './types';

export const PHASES: readonly { phase: Phase; label: string }[] = [
  { phase: 'signing', label: 'Ký giao ước' },
  { phase: 'in_force', label: 'Thực hiện giao ước' },
  { phase: 'review', label: 'Tổng kết, chấm điểm' },
  { phase: 'finalized', label: 'Đã chốt điểm' },
  { phase: 'closed', label: 'Đã kết thúc năm' },
];

export function phaseLabel(phase: Phase): string {
  return PHASES.find((step) => step.phase === phase)?.label ?? phase;
}

export const ROLE_LABELS: Readonly<Record<string, string>> = {
  board: 'Ban Thi đua - Khen thưởng',
  unit: 'Cán bộ đơn vị',
  auditor: 'Thanh tra, kiểm toán',
  system: 'Hệ thống',
};

export const STATUS_LABELS: Readonly<Record<string, string>> = {
  elected: 'đã bầu',
  proposed: 'đề xuất',
  partial: 'đã bầu một phần',
};

export const VOTE_SUBJECTS: Readonly<Record<string, string>> = {
  'leading-unit': 'Đơn vị dẫn đầu',
  leader: 'Khối trưởng',
  deputy: 'Khối phó',
};

export const CHOICES: readonly { choice: 'for' | 'against' | 'abstain'; label: string }[] = [
  { choice: 'for', label: 'Tán thành' },
  { choice: 'against', label: 'Không tán thành' },
  { choice: 'abstain', label: 'Không biểu quyết' },
];

export const AWARDS: Readonly<Record<string, string>> = {
  'emulation-flag': 'Cờ thi đua',
  'certificate-of-merit': 'Bằng khen',
};

export const NOMINATION_STATUS: Readonly<Record<string, string>> = {
  submitted: 'đã nộp',
  returned: 'trả lại',
  forwarded: 'đã chuyển Hội đồng',
  approved: 'Hội đồng tán thành',
  rejected: 'Hội đồng không tán thành',
  conferred: 'đã khen thưởng',
  annulled: 'đã hủy',
};

/** The steps of a nomination's history (its events), as the board's files name them. */
export const NOMINATION_STEPS: Readonly<Record<string, string>> = {
  NominationSubmitted: 'Khối nộp hồ sơ đề nghị',
  NominationReturned: 'Ban Thi đua - Khen thưởng trả lại hồ sơ',
  NominationResubmitted: 'Khối nộp lại hồ sơ',
  NominationForwarded: 'Ban Thi đua - Khen thưởng chuyển Hội đồng',
  CouncilVoted: 'Hội đồng Thi đua - Khen thưởng biểu quyết',
  HonourConferred: 'Chủ tịch UBND tỉnh quyết định khen thưởng',
  HonourAnnulled: 'Hủy quyết định khen thưởng',
};

export const DEADLINE_KINDS: Readonly<Record<string, string>> = {
  signing: 'Ký giao ước',
  reporting: 'Báo cáo chỉ tiêu',
  'self-assessment': 'Tự chấm điểm',
  review: 'Tổng kết',
  nomination: 'Đề nghị khen thưởng',
};

export const EVENT_TYPES: Readonly<Record<string, string>> = {
  BlocRegistered: 'Thành lập khối',
  MemberAdmitted: 'Kết nạp thành viên',
  MemberWithdrawn: 'Thành viên rút khỏi khối',
  CycleOpened: 'Mở năm thi đua',
  IndicatorTargetSet: 'Giao chỉ tiêu',
  PactSigned: 'Ký giao ước',
  PactInForce: 'Giao ước có hiệu lực',
  IndicatorReported: 'Báo cáo chỉ tiêu',
  SelfAssessmentSubmitted: 'Tự chấm điểm',
  ReportingClosed: 'Khóa báo cáo',
  ReviewOpened: 'Mở tổng kết',
  ScoreAwarded: 'Chấm điểm',
  ScoringFinalized: 'Chốt điểm',
  LeadingUnitHonored: 'Suy tôn đơn vị dẫn đầu',
  LeaderElected: 'Bầu khối trưởng',
  DeputyElected: 'Bầu khối phó',
  CycleClosed: 'Kết thúc năm',
  RegulationAdopted: 'Ban hành quy chế',
  VoteOpened: 'Mở biểu quyết',
  BallotCast: 'Bỏ phiếu',
  VoteClosed: 'Kết thúc biểu quyết',
  DeadlineSet: 'Đặt thời hạn',
  DeadlineReminder: 'Nhắc hạn',
  DeadlinePassed: 'Quá hạn',
  DocumentIssued: 'Phát hành văn bản',
  NominationSubmitted: 'Nộp hồ sơ đề nghị khen thưởng',
  NominationReturned: 'Trả lại hồ sơ đề nghị',
  NominationResubmitted: 'Nộp lại hồ sơ đề nghị',
  NominationForwarded: 'Chuyển hồ sơ lên Hội đồng',
  CouncilVoted: 'Hội đồng biểu quyết',
  HonourConferred: 'Quyết định khen thưởng',
  HonourAnnulled: 'Hủy quyết định khen thưởng',
};

export function tieBreakStepLabel(step: TieBreakStep): string {
  return step === 'indicatorsExceeded'
    ? 'số chỉ tiêu vượt kế hoạch'
    : `điểm nội dung ${step.slice('content:'.length)}`;
}

export function policyLines(policy: Policy | undefined): string[] {
  const tieBreak = policy?.tieBreak ?? DEFAULT_TIE_BREAK;
  const lines = [
    (policy?.rotation ?? 'strict') === 'strict'
      ? 'Khối trưởng luân phiên: đơn vị lâu nhất chưa làm khối trưởng được đề xuất'
      : 'Khối trưởng không bắt buộc luân phiên',
    (policy?.noConsecutiveLeader ?? true)
      ? 'Không đơn vị nào làm khối trưởng hai năm liền'
      : 'Được làm khối trưởng hai năm liền',
    tieBreak.length === 0
      ? 'Bằng tổng điểm thì đồng hạng'
      : `Bằng tổng điểm thì xét lần lượt: ${tieBreak.map(tieBreakStepLabel).join(', ')}`,
  ];
  // Before any regulation sets it, a vote passes with more than half of the members (API.md).
  const vote = policy?.vote ?? { of: 'members', ratio: 'majority' };
  lines.push(
    `Biểu quyết thông qua khi ${vote.ratio === 'two-thirds' ? 'ít nhất hai phần ba' : 'quá nửa'} số ${
      vote.of === 'present' ? 'đơn vị có bỏ phiếu' : 'thành viên của năm'
    } tán thành`,
  );
  return lines;
}

export const DEFAULT_TIE_BREAK: readonly TieBreakStep[] = ['content:1', 'indicatorsExceeded'];
