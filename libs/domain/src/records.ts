/**
 * Records keyed by ids and codes that come from the log (unit ids, criterion and content
 * codes). A plain object inherits `constructor`, `toString`, `hasOwnProperty`... from
 * Object.prototype, and `record["__proto__"] = x` replaces its prototype: a unit or criterion
 * with such a name would read inherited members as data, or write onto the global Object.
 * Records that are stored or sent as JSON stay plain objects (a Map does not survive JSON), so
 * every read goes through `entryOf` and every write through `setEntry`; transient computations
 * use Maps.
 */

/** `record[key]` when it is the record's own entry; undefined otherwise, inherited members included. */
export function entryOf<Value>(record: Readonly<Record<string, Value>>, key: string): Value | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * Sets `record[key]` as an own property, also when the key is "__proto__" (which an assignment
 * would take for the prototype): record keys here are ids and codes from the log.
 */
export function setEntry<Value>(record: Record<string, Value>, key: string, value: Value): void {
  if (key === '__proto__') {
    Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    record[key] = value;
  }
}
