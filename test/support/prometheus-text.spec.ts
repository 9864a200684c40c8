import { describe, expect, it } from '@jest/globals';
import { parsePrometheusText, sampleValue } from './prometheus-text.js';

const GOOD = `# HELP jobs_total Jobs done
# TYPE jobs_total counter
jobs_total{kind="a",note="say \\"hi\\""} 3
# TYPE wait_seconds histogram
wait_seconds_bucket{le="0.1"} 1
wait_seconds_bucket{le="+Inf"} 2
wait_seconds_sum 0.35
wait_seconds_count 2
# TYPE mean gauge
mean Nan
`;

describe('parsePrometheusText', () => {
  it('reads families, labels (escapes included) and values', () => {
    const families = parsePrometheusText(GOOD);
    expect(families.get('jobs_total')).toMatchObject({ type: 'counter', help: 'Jobs done' });
    expect(sampleValue(families, 'jobs_total', { kind: 'a', note: 'say "hi"' })).toBe(3);
    expect(sampleValue(families, 'wait_seconds_count')).toBe(2);
    expect(sampleValue(families, 'mean')).toBeNaN();
  });

  it.each([
    ['a sample without its TYPE', 'lost 1\n'],
    ['a malformed label', '# TYPE x gauge\nx{a=1} 1\n'],
    ['a value that is not a number', '# TYPE x gauge\nx one\n'],
    [
      'a histogram whose +Inf bucket is not its count',
      GOOD.replace('wait_seconds_count 2', 'wait_seconds_count 3'),
    ],
    ['buckets that decrease', GOOD.replace('le="0.1"} 1', 'le="0.1"} 5')],
    ['no final newline', GOOD.trimEnd()],
  ])('refuses %s', (_, text) => {
    expect(() => parsePrometheusText(text)).toThrow();
  });
});
