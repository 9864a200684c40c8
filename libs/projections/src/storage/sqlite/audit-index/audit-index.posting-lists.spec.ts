import { describe, expect, it } from '@jest/globals';
import { AnyOf, leapfrog, type PostingList } from './audit-index.posting-lists.js';

/** A posting list held in memory, counting its seeks. */
function listOf(...positions: number[]): PostingList & { seeks: number } {
  return {
    seeks: 0,
    seek(position) {
      this.seeks++;
      return positions.find((candidate) => candidate >= position);
    },
  };
}

describe('posting lists', () => {
  it('leapfrogs to the smallest position every list holds, from a candidate on', () => {
    const lists = [listOf(1, 4, 9, 12, 20), listOf(2, 9, 20), listOf(3, 9, 11, 20)];
    expect(leapfrog(lists, 1)).toBe(9);
    expect(leapfrog(lists, 10)).toBe(20);
    expect(leapfrog(lists, 21)).toBeUndefined();
  });

  it('reads the union of lists as one list', () => {
    const union = new AnyOf([listOf(5, 30), listOf(7, 8), listOf()]);
    expect([1, 6, 8, 9, 31].map((position) => union.seek(position))).toEqual([5, 7, 8, 30, undefined]);
    expect(leapfrog([union, listOf(8, 30)], 1)).toBe(8);
  });

  it('seeks each list only as far as the others require', () => {
    const rare = listOf(500);
    const common = listOf(...Array.from({ length: 1_000 }, (_, index) => index + 1));
    expect(leapfrog([rare, common], 1)).toBe(500);
    expect(rare.seeks + common.seeks).toBe(2);
  });
});
