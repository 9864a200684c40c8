/**
 * Writing the read models' records keyed by ids and codes that come from the log (unit ids,
 * criterion codes). They stay plain objects, since they are stored as JSON (a Map does not
 * survive JSON), and `record["__proto__"] = x` would replace such an object's prototype
 * instead of adding an entry: every write with a key from the log goes through `setEntry`.
 */

/**
 * Sets `record[key]` as an own property, also when the key is "__proto__" (which an assignment
 * would take for the prototype).
 */
export function setEntry<Value>(record: Record<string, Value>, key: string, value: Value): void {
  if (key === '__proto__') {
    Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    record[key] = value;
  }
}
