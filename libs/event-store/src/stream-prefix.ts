/**
 * Stream-prefix filtering. Stream ids are built of `:`-separated segments
 * (`cycle-{blocId}:{year}:{unitId}`), and a prefix selects whole segments: `cycle-a:2017`
 * selects `cycle-a:2017` and `cycle-a:2017:u1` but not `cycle-a:20170`, just as `bloc-k4`
 * must not select `bloc-k40`. A prefix that ends in `:` selects only the streams below it.
 * Every character is literal: adapters must not use LIKE, where `_` and `%` are wildcards.
 */

export const STREAM_SEGMENT_SEPARATOR = ':';

/**
 * The same selection as ranges, for indexes: the stream `exact` itself, and the ids from
 * `childrenFrom` (inclusive) to `childrenBelow` (exclusive) in code point order, which is
 * also the byte order of UTF-8 (`;` is the character after `:`).
 */
export interface StreamPrefixRange {
  readonly exact: string;
  readonly childrenFrom: string;
  readonly childrenBelow: string;
}

export function streamPrefixRange(prefix: string): StreamPrefixRange {
  const childrenFrom = prefix.endsWith(STREAM_SEGMENT_SEPARATOR) ? prefix : prefix + STREAM_SEGMENT_SEPARATOR;
  return { exact: prefix, childrenFrom, childrenBelow: `${childrenFrom.slice(0, -1)};` };
}

export function matchesStreamPrefix(streamId: string, prefix: string): boolean {
  const { exact, childrenFrom } = streamPrefixRange(prefix);
  return streamId === exact || streamId.startsWith(childrenFrom);
}
