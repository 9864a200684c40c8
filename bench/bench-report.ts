/**
 * Printing for the benchmarks: a plain-text table of rates against a baseline measured in the
 * same run, so that the ratios, not the absolute numbers, carry from one machine to another.
 */

export interface RateRow {
  readonly scenario: string;
  /** Events per second of the code under test. */
  readonly measured: number;
  /** Events per second of the baseline. */
  readonly baseline: number;
  /** The ratio measured/baseline the scenario must reach. */
  readonly target: number;
}

export function formatRate(perSecond: number): string {
  return `${Math.round(perSecond).toLocaleString('en-US')}/s`;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Repeated measurements of one figure: the median printed, with the spread beside it. */
export interface Repeated {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: readonly number[];
}

export function repeated(runs: readonly number[]): Repeated {
  if (runs.length === 0) throw new RangeError('no runs to summarise');
  return { median: median(runs), min: Math.min(...runs), max: Math.max(...runs), runs };
}

/** `1,234/s (1,100–1,300/s, 3 runs)`, with the figure's own formatting. */
export function formatRepeated(figure: Repeated, format: (value: number) => string): string {
  return `${format(figure.median)} (${format(figure.min)}–${format(figure.max)}, ${figure.runs.length} runs)`;
}

/** Prints the rows as a table and answers whether every row met its target. */
export function printRateTable(title: string, measuredLabel: string, baselineLabel: string, rows: readonly RateRow[]): boolean {
  const header = ['scenario', measuredLabel, baselineLabel, 'ratio', 'target', ''];
  const lines = rows.map((row) => {
    const ratio = row.measured / row.baseline;
    return [row.scenario, formatRate(row.measured), formatRate(row.baseline), `${ratio.toFixed(2)}x`, `≥${row.target}x`, ratio >= row.target ? 'ok' : 'MISSED'];
  });
  const widths = header.map((cell, column) => Math.max(cell.length, ...lines.map((line) => line[column].length)));
  const format = (cells: readonly string[]): string =>
    cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ').trimEnd();
  console.log(`\n${title}\n`);
  console.log(format(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const line of lines) console.log(format(line));
  console.log('');
  return rows.every((row) => row.measured / row.baseline >= row.target);
}
