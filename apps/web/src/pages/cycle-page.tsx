/**
 * A bloc's year: its phase as a timeline, deadlines, the live standings board, the final
 * ranking (and the tie-break that separated equal totals), next year's leadership, votes,
 * nominations, documents, the regulation in force, and the signed-in person's actions.
 */
import { useState } from 'preact/hooks';
import { download, type Principal } from '../api';
import { CycleActions } from '../components/actions';
import { Link, OutcomeNote, type Outcome, Section, Show, useApi } from '../components/common';
import { Deadlines } from '../components/deadlines';
import { Nominations } from '../components/nominations';
import { StandingsBoard } from '../components/standings-board';
import { Votes } from '../components/votes';
import { formatNumber } from '../format';
import { PHASES, phaseLabel, policyLines, STATUS_LABELS } from '../labels';
import { tieBreakExplanations } from '../tie-break';
import type { Assignment, Bloc, Cycle, Member, Ranking } from '../types';
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
        const tieBreak = found.policy.tieBreak;
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
              <Votes path={path} cycle={found} principal={principal} version={version} onChanged={changed} />
              <Deadlines path={path} members={members} version={version} />
              <Nominations blocId={blocId} year={year} members={members} version={version} />
              <Documents path={path} blocId={blocId} year={year} />
              <Section title={`Quy chế áp dụng năm ${year}`} id="policy">
                <ul>
                  {policyLines(found.policy).map((line) => (
                    <li key={line}>{line}</li>
                  ))}
                </ul>
              </Section>
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
