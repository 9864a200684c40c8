/**
 * A bloc: its members, the regulation it was registered with, its years, its leadership
 * history and the honours register of its units.
 */
import { Link, Section, Show, useApi } from '../components/common';
import { HonoursRegister } from '../components/honours-register';
import { policyLines, STATUS_LABELS } from '../labels';
import type { Bloc, Leadership, Member } from '../types';

export function nameOf(members: readonly Member[], unitId: string | null): string {
  if (unitId === null) return 'chưa xác định';
  return members.find((member) => member.unitId === unitId)?.name ?? unitId;
}

export function BlocPage({ blocId }: { blocId: string }) {
  const path = `/blocs/${encodeURIComponent(blocId)}`;
  const [bloc] = useApi<Bloc>(path);
  const [leadership] = useApi<Leadership>(`${path}/leadership`);

  return (
    <Show loaded={bloc} empty="Không tìm thấy khối thi đua này">
      {(found) => (
        <>
          <nav aria-label="Vị trí" class="crumbs">
            <Link href="/">Các khối</Link> › {found.name}
          </nav>
          <h1>{found.name}</h1>
          <p class="muted">{found.province}</p>
          <div class="grid">
            <Section title="Các năm thi đua" id="years">
              {found.years.length === 0 ? (
                <p class="muted">Chưa có</p>
              ) : (
                <ul class="years">
                  {[...found.years].reverse().map((year) => (
                    <li key={year}>
                      <Link href={`${path}/cycles/${year}`}>Năm {year}</Link>
                    </li>
                  ))}
                </ul>
              )}
            </Section>
            <Section title="Đơn vị thành viên" id="members">
              <ol>
                {found.members.map((member) => (
                  <li key={member.unitId}>{member.name}</li>
                ))}
              </ol>
            </Section>
            <Section title="Quy chế hoạt động" id="regulation">
              <ul>
                {policyLines(found.policy).map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
              <p class="muted">
                Quy chế khi thành lập khối. Quy chế ban hành sau áp dụng từ năm của nó: xem mục “Quy chế áp
                dụng” của từng năm.
              </p>
            </Section>
            <Section title="Lịch sử khối trưởng, khối phó" id="leadership">
              <Show loaded={leadership}>
                {(history) => (
                  <>
                    <table>
                      <caption class="sr-only">Khối trưởng và khối phó theo năm</caption>
                      <thead>
                        <tr>
                          <th scope="col">Năm</th>
                          <th scope="col">Khối trưởng</th>
                          <th scope="col">Khối phó</th>
                        </tr>
                      </thead>
                      <tbody>
                        {history.history.map((term) => (
                          <tr key={term.year}>
                            <th scope="row">{term.year}</th>
                            <td>{nameOf(found.members, term.leader)}</td>
                            <td>{nameOf(found.members, term.deputy)}</td>
                          </tr>
                        ))}
                        {history.next !== null && (
                          <tr>
                            <th scope="row">{history.next.year}</th>
                            <td>
                              {nameOf(found.members, history.next.leader)} (
                              {STATUS_LABELS[history.next.status]})
                            </td>
                            <td>
                              {nameOf(found.members, history.next.deputy)} (
                              {STATUS_LABELS[history.next.status]})
                            </td>
                          </tr>
                        )}
                      </tbody>
                    </table>
                  </>
                )}
              </Show>
            </Section>
            <HonoursRegister blocId={found.id} members={found.members} />
          </div>
        </>
      )}
    </Show>
  );
}
