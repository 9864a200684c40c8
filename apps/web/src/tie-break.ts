/** Says in words which tie-break step separated units with equal totals in a ranking. */
import { formatNumber } from './format';
import { tieBreakStepLabel } from './labels';
import type { StandingRow, TieBreakStep } from './types';

function stepValue(row: StandingRow, step: TieBreakStep): number {
  return step === 'indicatorsExceeded'
    ? row.indicators.exceeded
    : (row.byContent[step.slice('content:'.length)] ?? 0);
}

/** One sentence per pair of neighbours with equal totals, in rank order. */
export function tieBreakExplanations(rows: readonly StandingRow[], steps: readonly TieBreakStep[]): string[] {
  const sentences: string[] = [];
  for (let index = 1; index < rows.length; index += 1) {
    const above = rows[index - 1]!;
    const below = rows[index]!;
    if (above.total !== below.total) continue;
    const total = formatNumber(above.total);
    const decisive = steps.find((step) => stepValue(above, step) !== stepValue(below, step));
    if (decisive === undefined) {
      sentences.push(
        `${above.name} và ${below.name} bằng tổng điểm (${total}) và bằng nhau ở mọi tiêu chí phụ: đồng hạng ${below.rank}.`,
      );
      continue;
    }
    sentences.push(
      `${above.name} xếp trên ${below.name} dù cùng ${total} điểm, vì ${tieBreakStepLabel(decisive)} cao hơn (${formatNumber(
        stepValue(above, decisive),
      )} so với ${formatNumber(stepValue(below, decisive))}).`,
    );
  }
  return sentences;
}
