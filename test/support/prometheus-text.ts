/**
 * A strict reader of Prometheus' text exposition format (version 0.0.4), for the metrics specs:
 * every line is a HELP, a TYPE or a sample of a declared family, names and labels are well
 * formed, values are numbers, and a histogram's buckets never decrease and end with +Inf equal
 * to its count. prom-client writes the format but has no reader; this refuses what Prometheus
 * would refuse.
 */

export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface Family {
  readonly name: string;
  readonly type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
  readonly help: string;
  readonly samples: Sample[];
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL = '[a-zA-Z_][a-zA-Z0-9_]*';
// Prometheus reads values with Go's ParseFloat, which takes NaN and Inf in any case (prom-client
// writes `Nan` for an event-loop mean not yet measured).
const VALUE =
  '(?:[+-]?(?:\\d+\\.?\\d*(?:[eE][+-]?\\d+)?|\\.\\d+(?:[eE][+-]?\\d+)?)|[+-]?[iI][nN][fF]|[nN][aA][nN])';
const HELP_LINE = new RegExp(`^# HELP (${NAME}) (.*)$`);
const TYPE_LINE = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`);
const SAMPLE_LINE = new RegExp(`^(${NAME})(?:\\{(.*)\\})? (${VALUE})(?: -?\\d+)?$`);
const LABEL_PAIR = new RegExp(`^(${LABEL})="((?:[^"\\\\\\n]|\\\\[\\\\"n])*)"(?:,|$)`);

const SUFFIXES: Record<Family['type'], readonly string[]> = {
  counter: ['', '_total'],
  gauge: [''],
  untyped: [''],
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['', '_sum', '_count'],
};

function parseLabels(text: string, line: number): Record<string, string> {
  const labels: Record<string, string> = {};
  let rest = text;
  while (rest.length > 0) {
    const match = LABEL_PAIR.exec(rest);
    if (match === null) throw new Error(`line ${line}: malformed labels {${text}}`);
    if (match[1]! in labels) throw new Error(`line ${line}: label ${match[1]} twice`);
    labels[match[1]!] = match[2]!.replace(/\\n/g, '\n').replace(/\\(["\\])/g, '$1');
    rest = rest.slice(match[0].length);
  }
  return labels;
}

function parseValue(text: string): number {
  if (/^\+?inf$/i.test(text)) return Infinity;
  if (/^-inf$/i.test(text)) return -Infinity;
  if (/^nan$/i.test(text)) return NaN;
  return Number(text);
}

/** The families of an exposition, by name; throws on the first line Prometheus would refuse. */
export function parsePrometheusText(text: string): Map<string, Family> {
  if (!text.endsWith('\n')) throw new Error('the exposition must end with a newline');
  const families = new Map<string, Family>();
  const helps = new Map<string, string>();
  text
    .slice(0, -1)
    .split('\n')
    .forEach((line, index) => {
      const number = index + 1;
      if (line === '') return;
      const help = HELP_LINE.exec(line);
      if (help !== null) return void helps.set(help[1]!, help[2]!);
      const type = TYPE_LINE.exec(line);
      if (type !== null) {
        if (families.has(type[1]!)) throw new Error(`line ${number}: TYPE of ${type[1]} twice`);
        families.set(type[1]!, {
          name: type[1]!,
          type: type[2] as Family['type'],
          help: helps.get(type[1]!) ?? '',
          samples: [],
        });
        return;
      }
      if (line.startsWith('#')) return;
      const sample = SAMPLE_LINE.exec(line);
      if (sample === null) throw new Error(`line ${number}: not a sample: ${line}`);
      const [, name, labelText, valueText] = sample;
      const family = [...families.values()].find((candidate) =>
        SUFFIXES[candidate.type].some((suffix) => `${candidate.name}${suffix}` === name),
      );
      if (family === undefined) throw new Error(`line ${number}: ${name} has no TYPE before it`);
      family.samples.push({
        name: name!,
        labels: parseLabels(labelText ?? '', number),
        value: parseValue(valueText!),
      });
    });
  for (const family of families.values()) if (family.type === 'histogram') checkHistogram(family);
  return families;
}

/** Buckets per label set: never decreasing, ending with +Inf, which equals the count. */
function checkHistogram(family: Family): void {
  const series = new Map<string, { buckets: Sample[]; count?: number }>();
  const keyOf = (labels: Readonly<Record<string, string>>) =>
    JSON.stringify(
      Object.entries(labels)
        .filter(([label]) => label !== 'le')
        .sort(),
    );
  for (const sample of family.samples) {
    const entry = series.get(keyOf(sample.labels)) ?? { buckets: [] };
    series.set(keyOf(sample.labels), entry);
    if (sample.name.endsWith('_bucket')) {
      if (sample.labels.le === undefined) throw new Error(`${family.name}: a bucket without le`);
      entry.buckets.push(sample);
    } else if (sample.name.endsWith('_count')) entry.count = sample.value;
  }
  for (const [key, { buckets, count }] of series) {
    const bounds = buckets.map((bucket) => parseValue(bucket.labels.le!));
    if (bounds.at(-1) !== Infinity) throw new Error(`${family.name}${key}: no +Inf bucket`);
    buckets.forEach((bucket, i) => {
      if (i > 0 && (bounds[i]! <= bounds[i - 1]! || bucket.value < buckets[i - 1]!.value)) {
        throw new Error(`${family.name}${key}: buckets out of order`);
      }
    });
    if (buckets.at(-1)!.value !== count)
      throw new Error(`${family.name}${key}: +Inf bucket is not the count`);
  }
}

/** The value of the sample `name` with exactly these labels among its own, 0 when absent. */
export function sampleValue(
  families: Map<string, Family>,
  name: string,
  labels: Readonly<Record<string, string>> = {},
): number {
  for (const family of families.values()) {
    const found = family.samples.find(
      (sample) =>
        sample.name === name &&
        Object.entries(labels).every(([label, value]) => sample.labels[label] === value),
    );
    if (found !== undefined) return found.value;
  }
  return 0;
}
