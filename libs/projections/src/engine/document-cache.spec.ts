import { describe, expect, it } from '@jest/globals';
import { DocumentCache } from './document-cache.js';

describe('DocumentCache', () => {
  it('drops the least recently used document first, reading counting as use', () => {
    // Given a cache of two, holding a and b, a read since
    const cache = new DocumentCache(2);
    cache.set('standings', 'a', { points: 1 });
    cache.set('standings', 'b', { points: 2 });
    cache.get('standings', 'a');
    // When a third document comes in
    cache.set('standings', 'c', { points: 3 });
    // Then b, the least recently used, is gone
    expect(cache.get('standings', 'b')).toBeUndefined();
    expect(cache.get('standings', 'a')).toEqual({ points: 1 });
    expect(cache.get('standings', 'c')).toEqual({ points: 3 });
  });

  it('keeps the same key of two projections apart, and a null document as null', () => {
    const cache = new DocumentCache(10);
    cache.set('standings', 'khoi4:2017', { points: 1 });
    cache.set('cycles', 'khoi4:2017', null);
    expect(cache.get('standings', 'khoi4:2017')).toEqual({ points: 1 });
    expect(cache.get('cycles', 'khoi4:2017')).toBeNull();
  });

  it('forgets everything on clear', () => {
    const cache = new DocumentCache(10);
    cache.set('standings', 'a', { points: 1 });
    cache.clear();
    expect(cache.get('standings', 'a')).toBeUndefined();
  });
});
