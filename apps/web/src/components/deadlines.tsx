/**
 * A year's deadlines and where each member stands: done, done late, pending, or late (the
 * deadline passed with nothing done). The review and the nomination are the bloc's to do, so
 * every member shows the bloc's progress there.
 */
import { formatDateTime } from '../format';
import { DEADLINE_KINDS } from '../labels';
import { nameOf } from '../pages/bloc-page';
import type { Deadline, Member } from '../types';
import { Section, Show, useApi } from './common';

type UnitProgress = Deadline['units'][number];

/**
 * Whether the due is behind us: recorded as passed, or past on this screen's clock before the
 * server's next look at the time records it (a due moved into the past, a page opened meanwhile).
 */
function overdue(deadline: Deadline, now: number): boolean {
  return deadline.status === 'passed' || Date.parse(deadline.due) <= now;
}

function progressLabel({ done, late }: UnitProgress, pastDue: boolean): { text: string; tone: string } {
  if (done) return late ? { text: 'đã xong, trễ hạn', tone: 'warn' } : { text: 'đã xong', tone: 'ok' };
  return late || pastDue
    ? { text: 'quá hạn, chưa xong', tone: 'late' }
    : { text: 'chưa xong', tone: 'pending' };
}

function titleOf(deadline: Deadline): string {
  const kind = DEADLINE_KINDS[deadline.kind] ?? deadline.kind;
  return deadline.period === null ? kind : `${kind} kỳ ${deadline.period}`;
}

export function Deadlines({
  path,
  members,
  version,
}: {
  path: string;
  members: readonly Member[];
  version: number;
}) {
  const [deadlines] = useApi<Deadline[]>(`${path}/deadlines`, version);
  return (
    <Section title="Thời hạn" id="deadlines">
      <Show loaded={deadlines} empty="Chưa có thời hạn nào">
        {(list) => (
          <ul class="deadlines">
            {list.map((deadline) => {
              const title = titleOf(deadline);
              const done = deadline.units.filter((unit) => unit.done).length;
              const pastDue = overdue(deadline, Date.now());
              return (
                <li key={`${deadline.kind}-${deadline.period ?? ''}`}>
                  <h3>
                    {title}{' '}
                    <span class={`badge ${pastDue ? 'warn' : 'soft'}`}>
                      {pastDue ? 'đã qua hạn' : 'còn hạn'}
                    </span>
                  </h3>
                  <p class="muted">
                    Hạn {formatDateTime(deadline.due)} · đã xong {done}/{deadline.units.length} đơn vị
                  </p>
                  <table aria-label={`Tiến độ: ${title}`}>
                    <tbody>
                      {deadline.units.map((unit) => {
                        const { text, tone } = progressLabel(unit, pastDue);
                        return (
                          <tr key={unit.unitId}>
                            <th scope="row">{nameOf(members, unit.unitId)}</th>
                            <td class={`progress ${tone}`}>{text}</td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                </li>
              );
            })}
          </ul>
        )}
      </Show>
    </Section>
  );
}
