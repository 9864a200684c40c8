/** Renders a cycle's final ranking as a plain-text table for the terminal. */
import type { RankingView } from '@app/projections';

const points = (value: number): string => value.toFixed(2);

const INDICATOR_COLUMNS = ['assigned', 'reported', 'met', 'exceeded'] as const;

/** The final ranking as a table: totals, each content's subtotal and the indicator counts. */
export function rankingTable(ranking: RankingView): string {
  const contents = Object.keys(ranking.units[0]?.byContent ?? {});
  const nameWidth = Math.max(4, ...ranking.units.map((row) => row.name.length));
  const header = [
    'rank',
    'unit'.padEnd(nameWidth),
    '  total',
    ...contents.map((code) => `content ${code}`),
    ...INDICATOR_COLUMNS,
  ].join('  ');
  const lines = ranking.units.map((row) =>
    [
      String(row.rank).padStart(4),
      row.name.padEnd(nameWidth),
      points(row.total).padStart(7),
      ...contents.map((code) => points(row.byContent[code] ?? 0).padStart(`content ${code}`.length)),
      ...INDICATOR_COLUMNS.map((column) => String(row.indicators[column]).padStart(column.length)),
    ].join('  '),
  );
  return [header, ...lines].join('\n');
}
