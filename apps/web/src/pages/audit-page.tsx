/**
 * The audit trail: filters, paging by cursor, a time slider that shows a bloc-year's standings
 * as recorded at any event's moment, and the chain's verification with its signed head.
 */
import { useEffect, useState } from 'preact/hooks';
import { get } from '../api';
import { Section, Show, useApi } from '../components/common';
import { formatDateTime, formatNumber } from '../format';
import { EVENT_TYPES, ROLE_LABELS } from '../labels';
import type { AuditEvent, AuditPage as Page, SignedHead, Standings, Verification } from '../types';

interface Filters {
  blocId: string;
  year: string;
  unitId: string;
  actor: string;
  type: string;
  from: string;
  to: string;
  limit: string;
}

const EMPTY: Filters = {
  blocId: '',
  year: '',
  unitId: '',
  actor: '',
  type: '',
  from: '',
  to: '',
  limit: '50',
};

const FIELDS: readonly {
  key: keyof Filters;
  label: string;
  type?: 'text' | 'number';
  placeholder?: string;
}[] = [
  { key: 'blocId', label: 'Mã khối', placeholder: 'vd. kg-khoi-4' },
  { key: 'year', label: 'Năm', placeholder: 'vd. 2017' },
  { key: 'unitId', label: 'Mã đơn vị' },
  { key: 'actor', label: 'Người thực hiện (mã)' },
  { key: 'type', label: 'Loại sự kiện', placeholder: 'vd. ScoreAwarded' },
  { key: 'from', label: 'Từ ngày', placeholder: 'dd/mm/yyyy' },
  { key: 'to', label: 'Đến ngày', placeholder: 'dd/mm/yyyy' },
  { key: 'limit', label: 'Số dòng mỗi trang', type: 'number' },
];

function queryOf(filters: Filters, after: string | null): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(filters) as [keyof Filters, string][]) {
    if (value.trim() === '') continue;
    // A date bounds whole days: from its first moment, to its last, in Vietnam's time.
    if (key === 'from') query.set(key, dayBound(value, '00:00:00'));
    else if (key === 'to') query.set(key, dayBound(value, '23:59:59.999'));
    else query.set(key, value.trim());
  }
  if (after !== null) query.set('after', after);
  return `/audit?${query.toString()}`;
}

/** dd/mm/yyyy at a time of day in Vietnam, as ISO-8601; anything else as typed, for the server to refuse. */
function dayBound(text: string, time: string): string {
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text.trim());
  if (match === null) return text.trim();
  const [, day, month, year] = match;
  const date = new Date(`${year}-${month!.padStart(2, '0')}-${day!.padStart(2, '0')}T${time}+07:00`);
  return Number.isNaN(date.getTime()) ? text.trim() : date.toISOString();
}

export function AuditPage() {
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [applied, setApplied] = useState<Filters>(EMPTY);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1] ?? null;
  const [page] = useApi<Page>(queryOf(applied, after));

  const search = (event: Event): void => {
    event.preventDefault();
    setApplied(draft);
    setCursors([null]);
  };

  return (
    <>
      <h1>Nhật ký kiểm tra</h1>
      <VerificationBadge />
      <Section title="Bộ lọc" id="filters">
        <form class="filters" onSubmit={search}>
          {FIELDS.map((field) => (
            <div class="field" key={field.key}>
              <label for={`filter-${field.key}`}>{field.label}</label>
              <input
                id={`filter-${field.key}`}
                // Preact's types tie each input type to its own attributes; these three share the ones used here.
                type={(field.type ?? 'text') as 'text'}
                placeholder={field.placeholder}
                value={draft[field.key]}
                onInput={(event) =>
                  setDraft({ ...draft, [field.key]: (event.currentTarget as HTMLInputElement).value })
                }
              />
            </div>
          ))}
          <button type="submit">Tìm</button>
        </form>
      </Section>
      <Section title="Sự kiện" id="events">
        <Show loaded={page} empty="Không có sự kiện nào">
          {(result) => (
            <>
              {result.items.length === 0 ? (
                <p class="muted">Không có sự kiện nào</p>
              ) : (
                <div class="scroll">
                  <EventsTable items={result.items} />
                </div>
              )}
              <nav class="pager" aria-label="Phân trang">
                <button
                  type="button"
                  disabled={cursors.length === 1}
                  onClick={() => setCursors(cursors.slice(0, -1))}
                >
                  Trang trước
                </button>
                <span>Trang {cursors.length}</span>
                <button
                  type="button"
                  disabled={result.next === null}
                  onClick={() => result.next !== null && setCursors([...cursors, result.next])}
                >
                  Trang sau
                </button>
              </nav>
              {applied.blocId !== '' && /^\d{4}$/.test(applied.year) && result.items.length > 0 && (
                <TimeSlider blocId={applied.blocId} year={Number(applied.year)} items={result.items} />
              )}
              {(applied.blocId === '' || !/^\d{4}$/.test(applied.year)) && (
                <p class="muted">Lọc theo mã khối và năm để xem bảng điểm tại từng thời điểm.</p>
              )}
            </>
          )}
        </Show>
      </Section>
    </>
  );
}

function EventsTable({ items }: { items: readonly AuditEvent[] }) {
  return (
    <table aria-label="Sự kiện trong nhật ký">
      <thead>
        <tr>
          <th scope="col" class="num">
            Vị trí
          </th>
          <th scope="col">Thời điểm</th>
          <th scope="col">Sự kiện</th>
          <th scope="col">Người thực hiện</th>
          <th scope="col">Nội dung</th>
        </tr>
      </thead>
      <tbody>
        {items.map((event) => (
          <tr key={event.id}>
            <td class="num">{event.position}</td>
            <td>{formatDateTime(event.recordedAt)}</td>
            <td>{EVENT_TYPES[event.type] ?? event.type}</td>
            <td>
              {event.metadata.actor.name ?? event.metadata.actor.sub}
              <span class="muted">
                {' '}
                · {ROLE_LABELS[event.metadata.actor.role] ?? event.metadata.actor.role}
              </span>
            </td>
            <td>{summary(event)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The event's facts a person looks for: which unit, which criterion, how many points, why. */
function summary(event: AuditEvent): string {
  const data = event.data;
  const parts: string[] = [];
  if (typeof data.unitId === 'string') parts.push(data.unitId);
  if (typeof data.criterion === 'string') parts.push(`tiêu chí ${data.criterion}`);
  if (typeof data.indicator === 'string') parts.push(`chỉ tiêu ${data.indicator}`);
  if (typeof data.points === 'number') parts.push(`${formatNumber(data.points)} điểm`);
  if (typeof data.value === 'number') parts.push(`giá trị ${formatNumber(data.value)}`);
  const reason = event.metadata.reason ?? (typeof data.reason === 'string' ? data.reason : undefined);
  if (reason !== undefined) parts.push(`lý do: ${reason}`);
  return parts.join(' · ');
}

function TimeSlider({ blocId, year, items }: { blocId: string; year: number; items: readonly AuditEvent[] }) {
  const moments = [...items].sort((a, b) => a.position - b.position);
  const [index, setIndex] = useState(moments.length - 1);
  const [standings, setStandings] = useState<Standings | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const moment = moments[Math.min(index, moments.length - 1)]!;

  useEffect(() => {
    let current = true;
    const asOf = encodeURIComponent(moment.recordedAt);
    void get<Standings>(`/blocs/${encodeURIComponent(blocId)}/cycles/${year}/standings?asOf=${asOf}`).then(
      (answer) => {
        if (!current) return;
        setStandings(answer.ok ? answer.body : null);
        setMessage(answer.ok ? null : answer.message);
      },
    );
    return () => {
      current = false;
    };
  }, [blocId, year, moment.recordedAt]);

  return (
    <section aria-labelledby="slider-title" class="slider">
      <h3 id="slider-title">Bảng điểm tại một thời điểm</h3>
      <label for="as-of">
        Thời điểm: {formatDateTime(moment.recordedAt)} (sự kiện {moment.position})
      </label>
      <input
        id="as-of"
        type="range"
        min={0}
        max={moments.length - 1}
        step={1}
        value={index}
        aria-valuetext={formatDateTime(moment.recordedAt)}
        onInput={(event) => setIndex(Number((event.currentTarget as HTMLInputElement).value))}
      />
      {message !== null && <p class="muted">{message}</p>}
      {standings !== null && (
        <table aria-label="Bảng điểm tại thời điểm đã chọn">
          <thead>
            <tr>
              <th scope="col">Hạng</th>
              <th scope="col">Đơn vị</th>
              <th scope="col" class="num">
                Tổng điểm
              </th>
            </tr>
          </thead>
          <tbody>
            {standings.units.map((row) => (
              <tr key={row.unitId}>
                <td class="rank">{row.rank}</td>
                <th scope="row">{row.name}</th>
                <td class="num">{formatNumber(row.total)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function VerificationBadge() {
  const [verification] = useApi<Verification>('/audit/verify');
  const [head] = useApi<SignedHead>('/audit/head');
  return (
    <section aria-labelledby="verify-title" class="card">
      <h2 id="verify-title">Kiểm tra toàn vẹn</h2>
      <Show loaded={verification}>
        {(result) => (
          <p class={`badge-line ${result.ok ? 'ok' : 'broken'}`} role="status">
            {result.ok
              ? `✔ Chuỗi nhật ký toàn vẹn: đã kiểm tra ${formatNumber(result.checked)} sự kiện`
              : `✘ Chuỗi nhật ký bị thay đổi tại vị trí ${result.brokenAt ?? '?'}${result.reason ? `: ${result.reason}` : ''}`}
          </p>
        )}
      </Show>
      <Show loaded={head} empty="Chưa có đầu chuỗi nào được ký">
        {(signed) => (
          <dl class="pairs">
            <dt>Đầu chuỗi đã ký</dt>
            <dd>vị trí {signed.position}</dd>
            <dt>Mã băm</dt>
            <dd>
              <code title={signed.hash}>{signed.hash.slice(0, 16)}…</code>
            </dd>
            <dt>Ký lúc</dt>
            <dd>{formatDateTime(signed.signedAt)}</dd>
            <dt>Khóa ký</dt>
            <dd>
              <code>{signed.keyId}</code> (Ed25519)
            </dd>
          </dl>
        )}
      </Show>
    </section>
  );
}
