/**
 * What the signed-in person may do in a cycle: a unit signs, reports and self-assesses for
 * itself; the leader's side (leader, deputy, board) awards or revises points and finalizes.
 * Every refusal shows the server's message, in Vietnamese.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { post, type Principal } from '../api';
import { formatNumber, parseNumber } from '../format';
import type { Cycle } from '../types';
import { OutcomeNote, type Outcome } from './common';

interface ActionProps {
  readonly cycle: Cycle;
  readonly principal: Principal;
  readonly onChanged: () => void;
}

/** A form that posts one command and shows its outcome. */
function ActionForm({
  title,
  id,
  submitLabel,
  send,
  children,
}: {
  title: string;
  id: string;
  submitLabel: string;
  send: () => Promise<Outcome>;
  children?: ComponentChildren;
}) {
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setOutcome(await send());
    setBusy(false);
  };
  return (
    <form class="action" onSubmit={submit} aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {children}
      <button type="submit" disabled={busy}>
        {submitLabel}
      </button>
      <OutcomeNote outcome={outcome} />
    </form>
  );
}

function Field({ id, label, children }: { id: string; label: string; children: ComponentChildren }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children}
    </div>
  );
}

const value = (event: Event): string => (event.currentTarget as HTMLInputElement).value;

async function command(path: string, body: unknown, done: string, onChanged: () => void): Promise<Outcome> {
  const answer = await post(path, body);
  if (!answer.ok) return { ok: false, text: answer.message };
  onChanged();
  return { ok: true, text: done };
}

function criteriaOf(cycle: Cycle) {
  return cycle.framework.contents.flatMap((content) => content.criteria);
}

function SignPact({ cycle, principal, onChanged }: ActionProps) {
  const [title, setTitle] = useState('Giám đốc');
  const [name, setName] = useState('');
  return (
    <ActionForm
      title="Ký giao ước thi đua"
      id="act-sign"
      submitLabel="Ký giao ước"
      send={() =>
        command(
          `/blocs/${cycle.blocId}/cycles/${cycle.year}/signatures`,
          { unitId: principal.unit, signatory: { title, ...(name.trim() === '' ? {} : { name }) } },
          'Đã ký giao ước',
          onChanged,
        )
      }
    >
      <Field id="sign-title" label="Chức vụ người ký">
        <input id="sign-title" value={title} onInput={(e) => setTitle(value(e))} required />
      </Field>
      <Field id="sign-name" label="Họ tên người ký">
        <input id="sign-name" value={name} onInput={(e) => setName(value(e))} />
      </Field>
    </ActionForm>
  );
}

function ReportIndicator({ cycle, principal, onChanged }: ActionProps) {
  const [indicator, setIndicator] = useState('');
  const [period, setPeriod] = useState(String(cycle.year));
  const [reported, setReported] = useState('');
  const [note, setNote] = useState('');
  return (
    <ActionForm
      title="Báo cáo chỉ tiêu"
      id="act-report"
      submitLabel="Gửi báo cáo"
      send={async () => {
        const number = parseNumber(reported);
        if (!Number.isFinite(number)) return { ok: false, text: 'Giá trị phải là một số' };
        return command(
          `/blocs/${cycle.blocId}/cycles/${cycle.year}/reports`,
          {
            unitId: principal.unit,
            indicator,
            period,
            value: number,
            ...(note.trim() === '' ? {} : { note }),
          },
          `Đã ghi nhận báo cáo chỉ tiêu ${indicator}: ${formatNumber(number)}`,
          onChanged,
        );
      }}
    >
      <Field id="report-indicator" label="Mã chỉ tiêu">
        <input id="report-indicator" value={indicator} onInput={(e) => setIndicator(value(e))} required />
      </Field>
      <Field id="report-period" label="Kỳ báo cáo">
        <input id="report-period" value={period} onInput={(e) => setPeriod(value(e))} required />
      </Field>
      <Field id="report-value" label="Giá trị đạt được">
        <input
          id="report-value"
          inputMode="decimal"
          value={reported}
          onInput={(e) => setReported(value(e))}
          required
        />
      </Field>
      <Field id="report-note" label="Ghi chú">
        <input id="report-note" value={note} onInput={(e) => setNote(value(e))} />
      </Field>
    </ActionForm>
  );
}

function SelfAssess({ cycle, principal, onChanged }: ActionProps) {
  const criteria = criteriaOf(cycle);
  const [points, setPoints] = useState<Record<string, string>>({});
  return (
    <ActionForm
      title="Tự chấm điểm"
      id="act-self"
      submitLabel="Gửi bản tự chấm"
      send={async () => {
        const scores = criteria
          .filter((criterion) => (points[criterion.code] ?? '').trim() !== '')
          .map((criterion) => ({ criterion: criterion.code, points: parseNumber(points[criterion.code]!) }));
        if (scores.length === 0) return { ok: false, text: 'Nhập điểm tự chấm của ít nhất một tiêu chí' };
        if (scores.some((score) => !Number.isFinite(score.points)))
          return { ok: false, text: 'Điểm phải là một số' };
        return command(
          `/blocs/${cycle.blocId}/cycles/${cycle.year}/self-assessments`,
          { unitId: principal.unit, scores },
          'Đã gửi bản tự chấm điểm',
          onChanged,
        );
      }}
    >
      <div class="criteria">
        {criteria.map((criterion) => (
          <Field
            key={criterion.code}
            id={`self-${criterion.code}`}
            label={`${criterion.code}. ${criterion.title} (tối đa ${formatNumber(criterion.maxPoints)})`}
          >
            <input
              id={`self-${criterion.code}`}
              inputMode="decimal"
              value={points[criterion.code] ?? ''}
              onInput={(e) => setPoints({ ...points, [criterion.code]: value(e) })}
            />
          </Field>
        ))}
      </div>
    </ActionForm>
  );
}

function AwardScore({ cycle, onChanged }: ActionProps) {
  const criteria = criteriaOf(cycle);
  const [unitId, setUnitId] = useState(cycle.members[0]?.unitId ?? '');
  const [criterion, setCriterion] = useState(criteria[0]?.code ?? '');
  const [points, setPoints] = useState('');
  const [reason, setReason] = useState('');
  return (
    <ActionForm
      title="Chấm điểm, điều chỉnh điểm"
      id="act-score"
      submitLabel="Ghi điểm"
      send={async () => {
        const number = parseNumber(points);
        if (!Number.isFinite(number)) return { ok: false, text: 'Điểm phải là một số' };
        const name = cycle.members.find((member) => member.unitId === unitId)?.name ?? unitId;
        return command(
          `/blocs/${cycle.blocId}/cycles/${cycle.year}/scores`,
          { unitId, criterion, points: number, ...(reason.trim() === '' ? {} : { reason }) },
          `Đã ghi ${formatNumber(number)} điểm tiêu chí ${criterion} cho ${name}`,
          onChanged,
        );
      }}
    >
      <Field id="score-unit" label="Đơn vị được chấm">
        <select id="score-unit" value={unitId} onChange={(e) => setUnitId(value(e))}>
          {cycle.members.map((member) => (
            <option key={member.unitId} value={member.unitId}>
              {member.name}
            </option>
          ))}
        </select>
      </Field>
      <Field id="score-criterion" label="Tiêu chí">
        <select id="score-criterion" value={criterion} onChange={(e) => setCriterion(value(e))}>
          {criteria.map((item) => (
            <option key={item.code} value={item.code}>
              {item.code}. {item.title} (tối đa {formatNumber(item.maxPoints)})
            </option>
          ))}
        </select>
      </Field>
      <Field id="score-points" label="Số điểm">
        <input
          id="score-points"
          inputMode="decimal"
          value={points}
          onInput={(e) => setPoints(value(e))}
          required
        />
      </Field>
      <Field id="score-reason" label="Lý do (bắt buộc khi điều chỉnh)">
        <input id="score-reason" value={reason} onInput={(e) => setReason(value(e))} />
      </Field>
    </ActionForm>
  );
}

function Finalize({ cycle, onChanged }: ActionProps) {
  return (
    <ActionForm
      title="Chốt điểm"
      id="act-finalize"
      submitLabel="Chốt điểm"
      send={() =>
        command(`/blocs/${cycle.blocId}/cycles/${cycle.year}/scoring/finalize`, {}, 'Đã chốt điểm', onChanged)
      }
    >
      <p class="muted">Sau khi chốt, điểm không thể thay đổi và bảng xếp hạng chính thức được công bố.</p>
    </ActionForm>
  );
}

/** Whether the principal acts on the leader's side of this cycle (board, leader or deputy). */
export function leadsCycle(principal: Principal, cycle: Cycle): boolean {
  return (
    principal.role === 'board' ||
    (principal.role === 'unit' && (principal.unit === cycle.leader || principal.unit === cycle.deputy))
  );
}

export function CycleActions(props: ActionProps) {
  const { cycle, principal } = props;
  const member = principal.role === 'unit' && cycle.members.some((m) => m.unitId === principal.unit);
  const leads = leadsCycle(principal, cycle);
  if (!member && !leads) return <p class="muted">Tài khoản này chỉ được xem.</p>;
  const phase = cycle.phase;
  const signed = cycle.members.find((m) => m.unitId === principal.unit)?.signed ?? true;
  const forms = [
    member && phase === 'signing' && !signed && <SignPact key="sign" {...props} />,
    member && (phase === 'signing' || phase === 'in_force') && <ReportIndicator key="report" {...props} />,
    member && (phase === 'in_force' || phase === 'review') && <SelfAssess key="self" {...props} />,
    leads && phase === 'review' && <AwardScore key="score" {...props} />,
    leads && phase === 'review' && <Finalize key="finalize" {...props} />,
  ].filter(Boolean);
  if (forms.length === 0) return <p class="muted">Không có thao tác nào ở giai đoạn này.</p>;
  return <div class="actions">{forms}</div>;
}
