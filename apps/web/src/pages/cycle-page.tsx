/**
 * A bloc's year: its phase as a timeline, deadlines, the live standings board, the final
 * ranking (and the tie-break that separated equal totals), next year's leadership, votes,
 * nominations, documents, and the signed-in person's actions.
 */
import { useState } from 'preact/hooks';
import { download, post, type Principal } from '../api';
import { CycleActions } from '../components/actions';
import { Link, OutcomeNote, type Outcome, Section, Show, useApi } from '../components/common';
import { StandingsBoard } from '../components/standings-board';
import { formatDate, formatDateTime, formatNumber } from '../format';
import {
  AWARDS,
  CHOICES,
  DEADLINE_KINDS,
  DEFAULT_TIE_BREAK,
  NOMINATION_STATUS,
  PHASES,
  phaseLabel,
  STATUS_LABELS,
  VOTE_SUBJECTS,
} from '../labels';
import { tieBreakExplanations } from '../tie-break';
import type { Assignment, Bloc, Cycle, Deadline, Member, Nomination, Ranking, Vote } from '../types';
import { nameOf } from './bloc-page';

export function CyclePage({
  blocId,
  year,
  principal,
}: {
  blocId: string;
  year: number;
  principal: Principal;
}) {
  const blocPath = `/blocs/${encodeURIComponent(blocId)}`;
  const path = `${blocPath}/cycles/${year}`;
  const [version, setVersion] = useState(0);
  const changed = (): void => setVersion((n) => n + 1);
  const [bloc] = useApi<Bloc>(blocPath);
  const [cycle] = useApi<Cycle>(path, version);

  return (
    <Show loaded={cycle} empty="Không tìm thấy năm thi đua này">
      {(found) => {
        const blocName = bloc.state === 'ok' ? bloc.body.name : blocId;
        const members: readonly Member[] = found.members;
        const tieBreak =
          found.policy?.tieBreak ??
          (bloc.state === 'ok' ? bloc.body.policy?.tieBreak : undefined) ??
          DEFAULT_TIE_BREAK;
        return (
          <>
            <nav aria-label="Vị trí" class="crumbs">
              <Link href="/">Các khối</Link> › <Link href={blocPath}>{blocName}</Link> › Năm {year}
            </nav>
            <h1>
              {blocName}: năm {year}
            </h1>
            <p class="muted">
              Khối trưởng: {nameOf(members, found.leader)} · Khối phó: {nameOf(members, found.deputy)}
            </p>
            <PhaseTimeline cycle={found} />
            <StandingsBoard blocId={blocId} year={year} framework={found.framework} />
            <div class="grid">
              <RankingSection path={path} cycle={found} version={version} tieBreak={tieBreak} />
              <NextLeadership blocPath={blocPath} year={year + 1} members={members} version={version} />
              <Section title="Thao tác" id="actions">
                <CycleActions cycle={found} principal={principal} onChanged={changed} />
              </Section>
              <Deadlines path={path} members={members} />
              <Votes path={path} members={members} principal={principal} />
              <Nominations blocId={blocId} year={year} members={members} />
              <Documents path={path} blocId={blocId} year={year} />
            </div>
          </>
        );
      }}
    </Show>
  );
}

function PhaseTimeline({ cycle }: { cycle: Cycle }) {
  const current = PHASES.findIndex((step) => step.phase === cycle.phase);
  return (
    <section aria-labelledby="phase-title" class="card">
      <h2 id="phase-title">Giai đoạn: {phaseLabel(cycle.phase)}</h2>
      <ol class="timeline">
        {PHASES.map((step, index) => (
          <li
            key={step.phase}
            class={index < current ? 'done' : index === current ? 'current' : 'todo'}
            aria-current={index === current ? 'step' : undefined}
          >
            {step.label}
          </li>
        ))}
      </ol>
      <p class="muted">
        Đã ký giao ước: {cycle.members.filter((member) => member.signed).length}/{cycle.members.length} đơn vị
      </p>
    </section>
  );
}

function RankingSection({
  path,
  cycle,
  version,
  tieBreak,
}: {
  path: string;
  cycle: Cycle;
  version: number;
  tieBreak: Parameters<typeof tieBreakExplanations>[1];
}) {
  const final = cycle.phase === 'finalized' || cycle.phase === 'closed';
  const [ranking] = useApi<Ranking>(final ? `${path}/ranking` : null, version);
  if (!final) {
    return (
      <Section title="Xếp hạng chính thức" id="ranking">
        <p class="muted">Chưa có: xếp hạng chính thức được công bố sau khi chốt điểm.</p>
      </Section>
    );
  }
  return (
    <Section title="Xếp hạng chính thức" id="ranking">
      <Show loaded={ranking}>
        {(result) => {
          const explanations = tieBreakExplanations(result.units, tieBreak);
          return (
            <>
              <table aria-label="Xếp hạng chính thức">
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
                  {result.units.map((row) => (
                    <tr key={row.unitId}>
                      <td class="rank">{row.rank}</td>
                      <th scope="row">
                        {row.name}
                        {row.unitId === result.leadingUnit && <span class="badge">Dẫn đầu</span>}
                        {result.runnersUp.includes(row.unitId) && (
                          <span class="badge soft">Đề nghị Bằng khen</span>
                        )}
                      </th>
                      <td class="num">{formatNumber(row.total)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <h3>Tiêu chí phụ khi bằng điểm</h3>
              {explanations.length === 0 ? (
                <p>Không có hai đơn vị nào bằng tổng điểm: thứ hạng xếp theo tổng điểm.</p>
              ) : (
                <ul>
                  {explanations.map((sentence) => (
                    <li key={sentence}>{sentence}</li>
                  ))}
                </ul>
              )}
            </>
          );
        }}
      </Show>
    </Section>
  );
}

function NextLeadership({
  blocPath,
  year,
  members,
  version,
}: {
  blocPath: string;
  year: number;
  members: readonly Member[];
  version: number;
}) {
  const [assignment] = useApi<Assignment>(`${blocPath}/leadership/${year}`, version);
  return (
    <Section title={`Khối trưởng, khối phó năm ${year}`} id="next-leadership">
      <Show loaded={assignment}>
        {(next) => (
          <>
            <dl class="pairs">
              <dt>Khối trưởng</dt>
              <dd>{nameOf(members, next.leader)}</dd>
              <dt>Khối phó</dt>
              <dd>{nameOf(members, next.deputy)}</dd>
              <dt>Tình trạng</dt>
              <dd>{STATUS_LABELS[next.status]}</dd>
            </dl>
            {next.proposal !== null && (
              <>
                <h3>
                  {next.status === 'proposed'
                    ? 'Đề xuất theo quy chế'
                    : 'Đề xuất theo quy chế (trước khi bầu)'}
                </h3>
                <ul>
                  <li>Khối trưởng: {next.proposal.leader.reasonVi ?? next.proposal.leader.reason}</li>
                  <li>Khối phó: {next.proposal.deputy.reasonVi ?? next.proposal.deputy.reason}</li>
                </ul>
              </>
            )}
          </>
        )}
      </Show>
    </Section>
  );
}

function Deadlines({ path, members }: { path: string; members: readonly Member[] }) {
  const [deadlines] = useApi<Deadline[]>(`${path}/deadlines`);
  return (
    <Section title="Thời hạn" id="deadlines">
      <Show loaded={deadlines} empty="Chưa có thời hạn nào">
        {(list) => (
          <ul>
            {list.map((deadline) => {
              const pending = deadline.units.filter((unit) => !unit.done);
              return (
                <li key={`${deadline.kind}-${deadline.period ?? ''}`}>
                  <strong>{DEADLINE_KINDS[deadline.kind] ?? deadline.kind}</strong>
                  {deadline.period ? ` (kỳ ${deadline.period})` : ''}: hạn {formatDateTime(deadline.due)},{' '}
                  {deadline.status === 'passed' ? 'đã qua hạn' : 'còn hạn'}
                  {pending.length > 0 &&
                    ` · chưa xong: ${pending.map((unit) => nameOf(members, unit.unitId)).join(', ')}`}
                </li>
              );
            })}
          </ul>
        )}
      </Show>
    </Section>
  );
}

function Votes({
  path,
  members,
  principal,
}: {
  path: string;
  members: readonly Member[];
  principal: Principal;
}) {
  const [votes, reload] = useApi<Vote[]>(`${path}/votes`);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const cast = async (vote: Vote, choice: 'for' | 'against' | 'abstain'): Promise<void> => {
    const answer = await post(`${path}/votes/${encodeURIComponent(vote.voteId)}/ballots`, {
      unitId: principal.unit,
      choice,
    });
    setOutcome(
      answer.ok ? { ok: true, text: 'Đã ghi nhận phiếu biểu quyết' } : { ok: false, text: answer.message },
    );
    if (answer.ok) reload();
  };
  return (
    <Section title="Biểu quyết" id="votes">
      <Show loaded={votes} empty="Chưa có cuộc biểu quyết nào">
        {(list) => (
          <ul class="votes">
            {list.map((vote) => (
              <li key={vote.voteId}>
                <p>
                  <strong>{VOTE_SUBJECTS[vote.subject] ?? vote.subject}</strong>:{' '}
                  {nameOf(members, vote.candidate)} ·{' '}
                  {vote.status === 'open'
                    ? 'đang biểu quyết'
                    : vote.passed
                      ? 'đã thông qua'
                      : 'không thông qua'}
                </p>
                <p class="muted">
                  Tán thành {vote.tally.for} · không tán thành {vote.tally.against} · không biểu quyết{' '}
                  {vote.tally.abstain} · chưa bỏ phiếu {vote.tally.notVoted}
                </p>
                {vote.status === 'open' && principal.role === 'unit' && (
                  <div role="group" aria-label={`Bỏ phiếu: ${VOTE_SUBJECTS[vote.subject] ?? vote.subject}`}>
                    {CHOICES.map(({ choice, label }) => (
                      <button type="button" key={choice} onClick={() => void cast(vote, choice)}>
                        {label}
                      </button>
                    ))}
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
      </Show>
      <OutcomeNote outcome={outcome} />
    </Section>
  );
}

function Nominations({
  blocId,
  year,
  members,
}: {
  blocId: string;
  year: number;
  members: readonly Member[];
}) {
  const [nominations] = useApi<Nomination[]>(
    `/nominations?blocId=${encodeURIComponent(blocId)}&year=${year}`,
  );
  return (
    <Section title="Đề nghị khen thưởng" id="nominations">
      <Show loaded={nominations} empty="Chưa có đề nghị khen thưởng nào">
        {(list) => (
          <ul>
            {list.map((nomination) => {
              const last = nomination.history[nomination.history.length - 1];
              return (
                <li key={nomination.nominationId}>
                  {AWARDS[nomination.award] ?? nomination.award} cho {nameOf(members, nomination.unitId)}:{' '}
                  {NOMINATION_STATUS[nomination.status] ?? nomination.status}
                  {last !== undefined && ` (${formatDate(last.at)})`}
                </li>
              );
            })}
          </ul>
        )}
      </Show>
    </Section>
  );
}

const DOCUMENTS = [
  { file: 'score-sheet.xlsx', label: 'Bảng tổng hợp điểm (.xlsx)' },
  { file: 'minutes.pdf', label: 'Biên bản tổng kết (.pdf)' },
  { file: 'minutes.docx', label: 'Biên bản tổng kết (.docx)' },
] as const;

function Documents({ path, blocId, year }: { path: string; blocId: string; year: number }) {
  const [outcome, setOutcome] = useState<Outcome>(null);
  const fetchDocument = async (file: string): Promise<void> => {
    const answer = await download(`${path}/${file}`, `${blocId}-${year}-${file}`);
    setOutcome(
      answer.ok
        ? null
        : { ok: false, text: answer.status === 404 ? 'Chưa có văn bản này trên máy chủ' : answer.message },
    );
  };
  return (
    <Section title="Văn bản" id="documents">
      <ul class="documents">
        {DOCUMENTS.map(({ file, label }) => (
          <li key={file}>
            <button type="button" class="link" onClick={() => void fetchDocument(file)}>
              Tải {label}
            </button>
          </li>
        ))}
      </ul>
      <OutcomeNote outcome={outcome} />
    </Section>
  );
}
