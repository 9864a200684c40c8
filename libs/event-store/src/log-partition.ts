/**
 * A split of the log into `parts` disjoint parts by a key of each event's stream (say, the
 * bloc a stream belongs to), so that readers of different parts can replay them side by side:
 * every event of one key lands in the same part, in log order.
 */
export interface LogPartition {
  readonly parts: number;
  /** Which part, 0 ≤ part < parts. */
  readonly part: number;
  /** The key of a stream; streams with the same key are in the same part. */
  keyOf(streamId: string): string;
}

/** The part of `key` among `parts`: FNV-1a over its UTF-16 code units, modulo `parts`. */
export function partOf(key: string, parts: number): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < key.length; index++) {
    hash ^= key.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % parts;
}

export function assertLogPartition(partition: LogPartition): void {
  const { parts, part } = partition;
  if (!Number.isInteger(parts) || parts < 1 || !Number.isInteger(part) || part < 0 || part >= parts) {
    throw new RangeError(`a log partition needs 0 ≤ part < parts, got part ${part} of ${parts}`);
  }
}
