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

/** The nearest-rank percentile `p` (0–100) of values sorted in ascending order (NaN for none). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1]!;
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
  const runs = figure.runs.length;
  return `${format(figure.median)} (${format(figure.min)}–${format(figure.max)}, ${runs} run${runs === 1 ? '' : 's'})`;
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

/**
 * A scenario measured in several repeats, each repeat running the code under test and its
 * baseline back to back: `measured[i]` and `baseline[i]` belong together, and their ratio is
 * taken repeat by repeat, so that a drift of the machine between repeats cancels out.
 */
export interface RepeatedRateRow {
  readonly scenario: string;
  /** Rates of the code under test (events or operations per second), one per repeat. */
  readonly measured: readonly number[];
  /** Rates of the baseline, one per repeat, in the same order. */
  readonly baseline: readonly number[];
  /** The ratio measured/baseline the scenario must reach. */
  readonly target: number;
}

/** `14.8k` above ten thousand, `1,234` below: three significant figures are all a noisy rate has. */
export function formatCompactRate(perSecond: number): string {
  return perSecond >= 10_000
    ? `${(perSecond / 1000).toFixed(1)}k`
    : Math.round(perSecond).toLocaleString('en-US');
}

/**
 * Prints the rows with each figure as its median and spread over the repeats, the ratio taken
 * per repeat, and how many repeats met the target; answers whether every row's median ratio
 * met its target.
 */
export function printRepeatedRateTable(
  title: string,
  measuredLabel: string,
  baselineLabel: string,
  rows: readonly RepeatedRateRow[],
): boolean {
  const ratiosOf = (row: RepeatedRateRow): number[] => {
    if (row.measured.length !== row.baseline.length)
      throw new RangeError(`${row.scenario}: ${row.measured.length} measured runs, ${row.baseline.length} baseline runs`);
    return row.measured.map((measured, index) => measured / row.baseline[index]);
  };
  const header = ['scenario', measuredLabel, baselineLabel, 'ratio', 'target', 'runs met', ''];
  const verdicts = rows.map((row) => {
    const ratios = repeated(ratiosOf(row));
    const met = ratios.runs.filter((ratio) => ratio >= row.target).length;
    return { row, ratios, met, ok: ratios.median >= row.target };
  });
  const lines = verdicts.map(({ row, ratios, met, ok }) => [
    row.scenario,
    formatRepeated(repeated(row.measured), formatCompactRate),
    formatRepeated(repeated(row.baseline), formatCompactRate),
    formatRepeated(ratios, (ratio) => `${ratio.toFixed(2)}x`),
    `≥${row.target}x`,
    `${met}/${ratios.runs.length}`,
    ok ? 'ok' : 'MISSED',
  ]);
  const widths = header.map((cell, column) => Math.max(cell.length, ...lines.map((line) => line[column].length)));
  const format = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column])))
      .join('  ')
      .trimEnd();
  console.log(`\n${title}\n`);
  console.log(format(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const line of lines) console.log(format(line));
  console.log('');
  return verdicts.every((verdict) => verdict.ok);
}
