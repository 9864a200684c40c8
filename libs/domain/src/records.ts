/**
 * Reading records keyed by ids and codes that come from the log (unit ids, criterion and
 * content codes). A plain object inherits `constructor`, `toString`, `hasOwnProperty`... from
 * Object.prototype: a unit or criterion with such a name would read inherited members as data.
 * The domain's records are plain objects (state built with computed keys, which define own
 * properties, "__proto__" included), so every read goes through `entryOf`; transient
 * computations use Maps.
 */

/** `record[key]` when it is the record's own entry; undefined otherwise, inherited members included. */
export function entryOf<Value>(record: Readonly<Record<string, Value>>, key: string): Value | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
