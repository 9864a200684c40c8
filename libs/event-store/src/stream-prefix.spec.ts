import { describe, expect, it } from '@jest/globals';
import { matchesStreamPrefix, streamPrefixRange } from './stream-prefix.js';

describe('stream prefixes', () => {
  it.each([
    ['cycle-a:2017', 'cycle-a:2017', true],
    ['cycle-a:2017:u1', 'cycle-a:2017', true],
    ['cycle-a:20170', 'cycle-a:2017', false],
    ['cycle-a:2017', 'cycle-a:2017:', false],
    ['cycle-a:2017:u1', 'cycle-a:2017:', true],
    ['bloc-k40', 'bloc-k4', false],
    ['cycle-a:2017', 'cycle_a', false],
    ['x%:1', 'x%', true],
    ['xy:1', 'x%', false],
  ])('%s under %s: %s', (streamId, prefix, expected) => {
    expect(matchesStreamPrefix(streamId, prefix)).toBe(expected);
  });

  it('turns a prefix into the stream itself and a range of its children', () => {
    expect(streamPrefixRange('cycle-a:2017')).toEqual({ exact: 'cycle-a:2017', childrenFrom: 'cycle-a:2017:', childrenBelow: 'cycle-a:2017;' });
    expect(streamPrefixRange('cycle-a:')).toEqual({ exact: 'cycle-a:', childrenFrom: 'cycle-a:', childrenBelow: 'cycle-a;' });
  });

  it('has a range that holds exactly the children in code point order', () => {
    const { childrenFrom, childrenBelow } = streamPrefixRange('khối-4');
    const inRange = (id: string): boolean => id >= childrenFrom && id < childrenBelow;
    expect(['khối-4:2017', 'khối-4:', 'khối-4:🏆'].every(inRange)).toBe(true);
    expect(['khối-4', 'khối-40:2017', 'khối-4;', 'khối-4-a:1'].some(inRange)).toBe(false);
  });
});
