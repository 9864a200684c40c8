/**
 * Copy-on-write changes to JSON documents, for folding a run of events: the first change to an
 * object or array copies it (shallow), and later changes in the same run go to that copy, in
 * place. Nothing a run is handed, nor anything reachable from it, is ever changed, so a stored
 * or cached document can start the next run as it is; and a run of one key's events (a replay
 * hands over long ones: a review awards a unit's criteria one after the other) copies each
 * object it changes once, instead of once per event.
 */
import type { DomainEvent } from '@app/domain';
import type { DocumentProjection } from './projection.js';
import { setEntry } from './records.js';

/**
 * One run's changes. Each method hands back the changed object: the one it was given when this
 * run made it, else a copy. A value put into a document must stand in one place only (a later
 * change in place would show in both).
 */
export class CopyOnWrite {
  /** The objects and arrays this run made: its own to change in place. */
  private readonly owned = new Set<object>();

  /**
   * `document` with the value at `path` set to `value`. Keys are own entries, whatever their
   * name (see records.ts); a record entry missing on the way is made an empty record.
   */
  setIn<Document extends object, K1 extends keyof Document & string>(
    document: Document,
    path: readonly [K1],
    value: Document[K1],
  ): Document;
  setIn<Document extends object, K1 extends keyof Document & string, K2 extends keyof Document[K1] & string>(
    document: Document,
    path: readonly [K1, K2],
    value: Document[K1][K2],
  ): Document;
  setIn<
    Document extends object,
    K1 extends keyof Document & string,
    K2 extends keyof Document[K1] & string,
    K3 extends keyof Document[K1][K2] & string,
  >(document: Document, path: readonly [K1, K2, K3], value: Document[K1][K2][K3]): Document;
  setIn<Document extends object>(document: Document, path: readonly string[], value: unknown): Document {
    return this.changeIn(document, path, 0, value, undefined);
  }

  /**
   * `document` with the value at `path` (undefined where it is missing) replaced by what
   * `change` makes of it; the same rules as `setIn`.
   */
  updateIn<Document extends object, K1 extends keyof Document & string>(
    document: Document,
    path: readonly [K1],
    change: (value: Document[K1] | undefined) => Document[K1],
  ): Document;
  updateIn<
    Document extends object,
    K1 extends keyof Document & string,
    K2 extends keyof Document[K1] & string,
  >(
    document: Document,
    path: readonly [K1, K2],
    change: (value: Document[K1][K2] | undefined) => Document[K1][K2],
  ): Document;
  updateIn<Document extends object>(
    document: Document,
    path: readonly string[],
    change: (value: never) => unknown,
  ): Document {
    return this.changeIn(document, path, 0, undefined, change);
  }

  /** `list` with only the items `keep` accepts, in order. */
  filter<Item>(list: readonly Item[], keep: (item: Item) => boolean): readonly Item[] {
    if (!this.owned.has(list)) return this.made(list.filter(keep));
    const items = list as Item[];
    let kept = 0;
    for (const item of items) if (keep(item)) items[kept++] = item;
    items.length = kept;
    return items;
  }

  /** `list` with `item` added at its end. */
  push<Item>(list: readonly Item[], item: Item): readonly Item[] {
    if (!this.owned.has(list)) return this.made([...list, item]);
    (list as Item[]).push(item);
    return list;
  }

  /**
   * `target` with the value at `path[depth]` and below changed: set to `value` at the end of
   * the path, or to what `change` makes of what is there.
   */
  private changeIn<Target extends object>(
    target: Target,
    path: readonly string[],
    depth: number,
    value: unknown,
    change: ((value: never) => unknown) | undefined,
  ): Target {
    const key = path[depth];
    const last = depth + 1 === path.length;
    // The run's own target takes a value as it is: nothing below it to copy, nothing to compare.
    if (last && change === undefined && this.owned.has(target)) {
      setEntry(target as Record<string, unknown>, key, value);
      return target;
    }
    const entries = target as Readonly<Record<string, unknown>>;
    const current = Object.hasOwn(entries, key) ? entries[key] : undefined;
    let changed: unknown;
    if (!last) {
      const next = current === undefined ? this.made({}) : (current as object);
      changed = this.changeIn(next, path, depth + 1, value, change);
    } else {
      changed = change === undefined ? value : change(current as never);
    }
    // Changed in place (the run's own copy): the target holds it already.
    if (changed === current && this.owned.has(target)) return target;
    const own = this.own(target);
    setEntry(own as Record<string, unknown>, key, changed);
    return own;
  }

  /** `value` itself when this run made it, else a shallow copy that this run makes its own. */
  private own<Value extends object>(value: Value): Value {
    if (this.owned.has(value)) return value;
    // A shallow copy of a JSON object or array has the type of what it copies.
    return this.made((Array.isArray(value) ? value.slice() : { ...value }) as Value);
  }

  private made<Value extends object>(value: Value): Value {
    this.owned.add(value);
    return value;
  }
}

/** An evolve that makes its changes through a CopyOnWrite. */
export type CopyOnWriteEvolve<Document> = (
  document: Document | undefined,
  event: DomainEvent,
  copies: CopyOnWrite,
) => Document | undefined;

/**
 * A projection's `evolve` and `evolveAll` from one evolve written with CopyOnWrite: an event on
 * its own copies what it changes, as a spread would; the events of a run share one
 * CopyOnWrite, so each object is copied once for the whole run.
 */
export function copyOnWriteEvolve<Document>(
  evolve: CopyOnWriteEvolve<Document>,
): Required<Pick<DocumentProjection<Document>, 'evolve' | 'evolveAll'>> {
  return {
    evolve: (document, event) => evolve(document, event, new CopyOnWrite()),
    evolveAll(document, events) {
      const copies = new CopyOnWrite();
      let current = document;
      for (const event of events) current = evolve(current, event, copies) ?? current;
      return current;
    },
  };
}
