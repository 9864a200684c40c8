/**
 * The live standings board, for the projector at the review meeting: fed by the server-sent
 * `standings` events of …/standings/stream, no reload, no polling.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { standingsStreamUrl } from '../api';
import { formatDateTime, formatNumber } from '../format';
import type { Framework, Standings } from '../types';

type Connection = 'connecting' | 'live' | 'retrying';

const CONNECTION_LABELS: Readonly<Record<Connection, string>> = {
  connecting: 'Đang kết nối…',
  live: 'Trực tiếp',
  retrying: 'Mất kết nối, đang thử lại…',
};

export function StandingsBoard({
  blocId,
  year,
  framework,
}: {
  blocId: string;
  year: number;
  framework: Framework;
}) {
  const [standings, setStandings] = useState<Standings | null>(null);
  const [connection, setConnection] = useState<Connection>('connecting');
  const [changed, setChanged] = useState<ReadonlySet<string>>(new Set());
  const [updatedAt, setUpdatedAt] = useState<string | null>(null);
  const previous = useRef<Standings | null>(null);
  const section = useRef<HTMLElement>(null);
  const present = (): void => void section.current?.requestFullscreen?.().catch(() => undefined);

  useEffect(() => {
    const source = new EventSource(standingsStreamUrl(blocId, year));
    source.onopen = () => setConnection('live');
    source.onerror = () => setConnection('retrying');
    source.addEventListener('standings', (event) => {
      const next = JSON.parse((event as MessageEvent<string>).data) as Standings;
      const before = previous.current;
      if (before !== null) {
        const totals = new Map(before.units.map((row) => [row.unitId, row.total]));
        setChanged(
          new Set(next.units.filter((row) => totals.get(row.unitId) !== row.total).map((row) => row.unitId)),
        );
      }
      previous.current = next;
      setStandings(next);
      setConnection('live');
      setUpdatedAt(new Date().toISOString());
    });
    return () => source.close();
  }, [blocId, year]);

  return (
    <section aria-labelledby="board-title" class="card board" ref={section}>
      <div class="board-head">
        <h2 id="board-title">Bảng điểm trực tiếp</h2>
        <p class={`live ${connection}`} role="status" aria-live="polite">
          {CONNECTION_LABELS[connection]}
          {standings !== null && (standings.provisional ? ' · tạm tính' : ' · đã chốt')}
          {updatedAt !== null && ` · cập nhật ${formatDateTime(updatedAt)}`}
        </p>
        <button type="button" class="secondary" onClick={present}>
          Trình chiếu toàn màn hình
        </button>
      </div>
      {standings === null ? (
        <p class="muted">Đang tải bảng điểm…</p>
      ) : (
        <div class="scroll">
          <table aria-label="Bảng điểm trực tiếp">
            <thead>
              <tr>
                <th scope="col">Hạng</th>
                <th scope="col">Đơn vị</th>
                <th scope="col" class="num">
                  Tổng điểm
                </th>
                {framework.contents.map((content) => (
                  <th scope="col" class="num wide-only" key={content.code} title={content.title}>
                    Nội dung {content.code}
                  </th>
                ))}
                <th scope="col" class="num wide-only">
                  Chỉ tiêu vượt
                </th>
                <th scope="col" class="num wide-only">
                  Báo cáo trễ hạn
                </th>
              </tr>
            </thead>
            <tbody>
              {standings.units.map((row) => (
                <tr key={row.unitId} class={changed.has(row.unitId) ? 'changed' : undefined}>
                  <td class="rank">{row.rank}</td>
                  <th scope="row">{row.name}</th>
                  <td class="num total">{formatNumber(row.total)}</td>
                  {framework.contents.map((content) => (
                    <td class="num wide-only" key={content.code}>
                      {formatNumber(row.byContent[content.code] ?? 0)}
                    </td>
                  ))}
                  <td class="num wide-only">
                    {row.indicators.exceeded}/{row.indicators.assigned}
                  </td>
                  <td class={`num wide-only${row.lateReports > 0 ? ' late' : ''}`}>{row.lateReports}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
