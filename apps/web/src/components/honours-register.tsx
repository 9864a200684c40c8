/**
 * The honours register of a bloc's units: the province's decisions (GET /api/honours), the
 * annulled ones kept and marked, as the register keeps them.
 */
import { formatDate } from '../format';
import { AWARDS } from '../labels';
import type { Honour, Member } from '../types';
import { Section, Show, useApi } from './common';

export function HonoursRegister({ blocId, members }: { blocId: string; members: readonly Member[] }) {
  const [honours] = useApi<Honour[]>('/honours');
  return (
    <Section title="Sổ khen thưởng" id="honours">
      <Show loaded={honours} empty="Chưa có quyết định khen thưởng nào">
        {(all) => {
          // The register is filtered by province, year and unit; a bloc's page keeps its own.
          const own = all.filter((honour) => honour.blocId === blocId);
          if (own.length === 0) return <p class="muted">Chưa có quyết định khen thưởng nào</p>;
          return (
            <table aria-label="Sổ khen thưởng">
              <thead>
                <tr>
                  <th scope="col">Năm</th>
                  <th scope="col">Đơn vị</th>
                  <th scope="col">Hình thức</th>
                  <th scope="col">Quyết định</th>
                </tr>
              </thead>
              <tbody>
                {own.map((honour) => (
                  <tr key={honour.nominationId} class={honour.annulled ? 'annulled' : undefined}>
                    <td>{honour.year}</td>
                    <th scope="row">
                      {members.find((member) => member.unitId === honour.unitId)?.name ?? honour.unitName}
                    </th>
                    <td>{AWARDS[honour.award] ?? honour.award}</td>
                    <td>
                      Số {honour.decisionNo}, ngày {formatDate(honour.decidedOn)}
                      {honour.annulled && <span class="badge warn">Đã hủy</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          );
        }}
      </Show>
    </Section>
  );
}
