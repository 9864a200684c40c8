/**
 * A year's roll-call votes: each with its ballots, tally and result; the leader's side opens
 * and closes them (once scoring is finalized), a member's officer casts its unit's ballot.
 * Every refusal shows the server's Vietnamese message.
 */
import { useState } from 'preact/hooks';
import { post, type Principal } from '../api';
import { CHOICES, VOTE_SUBJECTS } from '../labels';
import { nameOf } from '../pages/bloc-page';
import type { Assignment, Cycle, Vote } from '../types';
import { leadsCycle } from './actions';
import { OutcomeNote, type Outcome, Section, Show, useApi } from './common';

type Subject = Vote['subject'];
const SUBJECTS = Object.keys(VOTE_SUBJECTS) as Subject[];
const CHOICE_LABELS = Object.fromEntries(CHOICES.map(({ choice, label }) => [choice, label]));

function resultOf(vote: Vote): string {
  if (vote.status === 'open') return 'đang biểu quyết';
  return vote.passed === true ? 'đã thông qua' : 'không thông qua';
}

export function Votes({
  path,
  cycle,
  principal,
  version,
  onChanged,
}: {
  path: string;
  cycle: Cycle;
  principal: Principal;
  version: number;
  onChanged: () => void;
}) {
  const [votes, reload] = useApi<Vote[]>(`${path}/votes`, version);
  const [next] = useApi<Assignment>(
    `/blocs/${encodeURIComponent(cycle.blocId)}/leadership/${cycle.year + 1}`,
    version,
  );
  // Only what is still to decide may be put to the vote: the honour once, each election once.
  const elected = next.state === 'ok' && next.body.status === 'elected';
  const open = SUBJECTS.filter((subject) =>
    subject === 'leading-unit' ? cycle.leadingUnit === null : !elected,
  );
  const [outcome, setOutcome] = useState<Outcome>(null);
  const leads = leadsCycle(principal, cycle);
  const ownUnit = principal.role === 'unit' ? principal.unit : undefined;
  const member = ownUnit !== undefined && cycle.members.some((m) => m.unitId === ownUnit);

  const send = async (route: string, body: unknown, done: string): Promise<void> => {
    const answer = await post(route, body);
    setOutcome(answer.ok ? { ok: true, text: done } : { ok: false, text: answer.message });
    if (answer.ok) {
      reload();
      onChanged();
    }
  };
  const cast = (vote: Vote, choice: (typeof CHOICES)[number]['choice']) =>
    send(
      `${path}/votes/${encodeURIComponent(vote.voteId)}/ballots`,
      { unitId: ownUnit, choice },
      `Đã ghi nhận phiếu: ${CHOICE_LABELS[choice]}`,
    );
  const close = (vote: Vote) =>
    send(`${path}/votes/${encodeURIComponent(vote.voteId)}/close`, {}, 'Đã kết thúc biểu quyết');

  return (
    <Section title="Biểu quyết" id="votes">
      {leads && cycle.phase === 'finalized' && open.length > 0 && (
        <OpenVote cycle={cycle} subjects={open} onOpen={send} path={path} />
      )}
      <Show loaded={votes} empty="Chưa có cuộc biểu quyết nào">
        {(list) => (
          <ul class="votes">
            {list.map((vote) => {
              const title = `${VOTE_SUBJECTS[vote.subject] ?? vote.subject}: ${nameOf(cycle.members, vote.candidate)}`;
              const own = vote.ballots.find((ballot) => ballot.unitId === ownUnit);
              return (
                <li key={vote.voteId}>
                  <article aria-label={`Biểu quyết ${title}`}>
                    <h3>
                      {title}{' '}
                      <span class={`badge ${vote.status === 'open' ? 'soft' : vote.passed ? 'ok' : 'warn'}`}>
                        {resultOf(vote)}
                      </span>
                    </h3>
                    <p class="tally">
                      Tán thành <strong>{vote.tally.for}</strong> · Không tán thành{' '}
                      <strong>{vote.tally.against}</strong> · Không biểu quyết{' '}
                      <strong>{vote.tally.abstain}</strong> · Chưa bỏ phiếu{' '}
                      <strong>{vote.tally.notVoted}</strong>
                    </p>
                    <table aria-label={`Phiếu biểu quyết ${title}`}>
                      <thead>
                        <tr>
                          <th scope="col">Đơn vị</th>
                          <th scope="col">Phiếu</th>
                        </tr>
                      </thead>
                      <tbody>
                        {cycle.members.map((m) => {
                          const ballot = vote.ballots.find((b) => b.unitId === m.unitId);
                          return (
                            <tr key={m.unitId}>
                              <th scope="row">{m.name}</th>
                              <td class={ballot === undefined ? 'muted' : undefined}>
                                {ballot === undefined ? 'chưa bỏ phiếu' : CHOICE_LABELS[ballot.choice]}
                              </td>
                            </tr>
                          );
                        })}
                      </tbody>
                    </table>
                    {vote.status === 'open' && member && own === undefined && (
                      <div role="group" aria-label={`Phiếu của đơn vị: ${title}`} class="ballot">
                        {CHOICES.map(({ choice, label }) => (
                          <button type="button" key={choice} onClick={() => void cast(vote, choice)}>
                            {label}
                          </button>
                        ))}
                      </div>
                    )}
                    {own !== undefined && (
                      <p class="muted">Đơn vị đã bỏ phiếu: {CHOICE_LABELS[own.choice]}</p>
                    )}
                    {vote.status === 'open' && leads && (
                      <button type="button" class="secondary" onClick={() => void close(vote)}>
                        Kết thúc biểu quyết
                      </button>
                    )}
                  </article>
                </li>
              );
            })}
          </ul>
        )}
      </Show>
      <OutcomeNote outcome={outcome} />
    </Section>
  );
}

/** The leader's side puts a unit to the vote on a subject. */
function OpenVote({
  cycle,
  subjects,
  path,
  onOpen,
}: {
  cycle: Cycle;
  subjects: readonly Subject[];
  path: string;
  onOpen: (route: string, body: unknown, done: string) => Promise<void>;
}) {
  const [chosen, setSubject] = useState<Subject>(subjects[0]!);
  // A subject decided since it was chosen is no longer offered.
  const subject = subjects.includes(chosen) ? chosen : subjects[0]!;
  const [candidate, setCandidate] = useState(cycle.leadingUnit ?? cycle.members[0]?.unitId ?? '');
  const [busy, setBusy] = useState(false);
  const value = (event: Event): string => (event.currentTarget as HTMLSelectElement).value;
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    await onOpen(
      `${path}/votes`,
      { subject, candidate },
      `Đã mở biểu quyết ${VOTE_SUBJECTS[subject]}: ${nameOf(cycle.members, candidate)}`,
    );
    setBusy(false);
  };
  return (
    <form class="action" onSubmit={submit} aria-labelledby="act-open-vote">
      <h3 id="act-open-vote">Mở biểu quyết</h3>
      <div class="field">
        <label for="vote-subject">Nội dung biểu quyết</label>
        <select id="vote-subject" value={subject} onChange={(e) => setSubject(value(e) as Subject)}>
          {subjects.map((item) => (
            <option key={item} value={item}>
              {VOTE_SUBJECTS[item]}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="vote-candidate">Đơn vị được biểu quyết</label>
        <select id="vote-candidate" value={candidate} onChange={(e) => setCandidate(value(e))}>
          {cycle.members.map((m) => (
            <option key={m.unitId} value={m.unitId}>
              {m.name}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" disabled={busy}>
        Mở biểu quyết
      </button>
    </form>
  );
}
