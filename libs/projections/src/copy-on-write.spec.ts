import { describe, expect, it } from '@jest/globals';
import type { DomainEvent } from '@app/domain';
import { CopyOnWrite, copyOnWriteEvolve } from './copy-on-write.js';

interface Tally {
  readonly name: string;
  readonly byUnit: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly notes: Readonly<Record<string, readonly string[]>>;
}

const frozenTally = (): Tally =>
  deepFreeze({ name: 'tally', byUnit: { a: { x: 1 } }, notes: { a: ['first'] } }) as Tally;

describe('CopyOnWrite', () => {
  it('changes a copy of what it is handed, never the original', () => {
    const tally = frozenTally();
    const copies = new CopyOnWrite();
    const changed = copies.setIn(tally, ['byUnit', 'a', 'x'], 2);
    expect(changed).toEqual({ name: 'tally', byUnit: { a: { x: 2 } }, notes: { a: ['first'] } });
    expect(tally.byUnit.a.x).toBe(1);
    // What the change did not reach is shared, not copied.
    expect(changed.notes).toBe(tally.notes);
  });

  it('copies each object once per run, and changes its copy in place after that', () => {
    const copies = new CopyOnWrite();
    const once = copies.setIn(frozenTally(), ['byUnit', 'a', 'x'], 2);
    const twice = copies.setIn(once, ['byUnit', 'a', 'y'], 3);
    expect(twice).toBe(once);
    expect(twice.byUnit.a).toEqual({ x: 2, y: 3 });
    // Another run starts from copies again: the first run's document stays as it is.
    const other = new CopyOnWrite().setIn(twice, ['byUnit', 'a', 'y'], 4);
    expect(other).not.toBe(twice);
    expect(twice.byUnit.a.y).toBe(3);
  });

  it('makes an entry missing on the way an empty record, and keys named like Object.prototype members own entries', () => {
    const copies = new CopyOnWrite();
    const tally = copies.setIn(
      copies.setIn(frozenTally(), ['byUnit', '__proto__', 'constructor'], 5),
      ['byUnit', 'toString', '__proto__'],
      6,
    );
    expect(Object.getPrototypeOf(tally.byUnit)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(tally.byUnit))).toEqual({
      a: { x: 1 },
      ['__proto__']: { constructor: 5 },
      toString: { ['__proto__']: 6 },
    });
  });

  it('hands `updateIn` what is at the path, undefined where nothing is', () => {
    const seen: (readonly string[] | undefined)[] = [];
    const copies = new CopyOnWrite();
    const note = (tally: Tally, unitId: string, text: string): Tally =>
      copies.updateIn(tally, ['notes', unitId], (notes) => {
        seen.push(notes === undefined ? undefined : [...notes]);
        return copies.push(notes ?? [], text);
      });
    const tally = note(note(frozenTally(), 'a', 'second'), 'constructor', 'new');
    expect(seen).toEqual([['first'], undefined]);
    expect(tally.notes).toEqual({ a: ['first', 'second'], constructor: ['new'] });
  });

  it('filters and extends a list it was handed into a copy, and its own copy in place', () => {
    const copies = new CopyOnWrite();
    const handed = Object.freeze(['a', 'b', 'c']);
    const own = copies.filter(handed, (item) => item !== 'b');
    expect(own).toEqual(['a', 'c']);
    expect(handed).toEqual(['a', 'b', 'c']);
    expect(copies.push(own, 'd')).toBe(own);
    expect(copies.filter(own, (item) => item !== 'a')).toBe(own);
    expect(own).toEqual(['c', 'd']);
    const extended = copies.push(handed, 'e');
    expect(extended).not.toBe(handed);
    expect(extended).toEqual(['a', 'b', 'c', 'e']);
  });
});

describe('copyOnWriteEvolve', () => {
  const scored = (unitId: string, criterion: string, points: number): DomainEvent => ({
    type: 'ScoreAwarded',
    data: { blocId: 'b', year: 2017, unitId, criterion, points },
  });
  const { evolve, evolveAll } = copyOnWriteEvolve<Tally>((tally, event, copies) => {
    if (tally === undefined || event.type !== 'ScoreAwarded') return tally;
    const { unitId, criterion, points } = event.data;
    return copies.setIn(tally, ['byUnit', unitId, criterion], points);
  });

  it('folds a run as event by event, without changing the document it starts from', () => {
    const events = [scored('a', 'x', 2), scored('b', 'x', 1), scored('a', 'y', 3), scored('a', 'x', 4)];
    const start = frozenTally();
    let expected: Tally | undefined = start;
    for (const event of events) expected = evolve(expected, event);
    expect(evolveAll(start, events)).toEqual(expected);
    expect(expected?.byUnit).toEqual({ a: { x: 4, y: 3 }, b: { x: 1 } });
    expect(start.byUnit).toEqual({ a: { x: 1 } });
  });

  it('leaves no document where the evolve makes none', () => {
    expect(evolveAll(undefined, [scored('a', 'x', 1)])).toBeUndefined();
    expect(evolve(undefined, scored('a', 'x', 1))).toBeUndefined();
  });
});

function deepFreeze<Value>(value: Value): Value {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<string | symbol, unknown>)[key]);
  return value;
}
