/**
 * How the audit index writes its terms and chunks as SQLite values: a term as one text (its
 * kind, value and year apart), a chunk's positions and times as blobs of float64s.
 */

/**
 * Kinds of terms. A term's text starts with its kind: a unit and a bloc may share a name. A
 * bloc's list holds only its events of no year; its bloc-year lists hold the rest.
 */
export const TermKind = {
  /** The list of every indexed event, with times (its one value is ''). */
  all: '*',
  bloc: 'b',
  year: 'y',
  blocYear: 'by',
  unit: 'u',
  actor: 'a',
  type: 't',
} as const;
export type TermKind = (typeof TermKind)[keyof typeof TermKind];

/** Between a term's kind, value and year; below every character a value holds. */
const SEPARATOR = '\u001f';
/** The character after SEPARATOR: the first text past every term that extends a prefix with SEPARATOR. */
const PAST_SEPARATOR = '\u0020';

/** A term's text in `audit_terms`: `kind␟value`, and `␟year` for a bloc-year. */
export function termText(kind: TermKind, value: string | number, year?: number): string {
  const text = kind + SEPARATOR + value;
  return year === undefined ? text : text + SEPARATOR + year;
}

/**
 * The texts of every term of `kind` and `value` with a year (a bloc's bloc-years): strictly
 * between `above` and `below`.
 */
export function termsWithYear(
  kind: TermKind,
  value: string | number,
): { readonly above: string; readonly below: string } {
  const text = termText(kind, value);
  return { above: text + SEPARATOR, below: text + PAST_SEPARATOR };
}

/** Bytes of one encoded position or time. */
export const BYTES_PER_VALUE = Float64Array.BYTES_PER_ELEMENT;

/** `values[start..end)` as a blob of float64s (positions, or epoch milliseconds). */
export function encode(values: ArrayLike<number>, start: number, end: number): Buffer {
  const array = new Float64Array(end - start);
  for (let index = start; index < end; index++) array[index - start] = values[index];
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}

export function decode(blob: Buffer): Float64Array {
  // A Float64Array needs an offset that is a multiple of 8: copy the bytes when it is not.
  if (blob.byteOffset % 8 === 0) return new Float64Array(blob.buffer, blob.byteOffset, blob.length / 8);
  return new Float64Array(Uint8Array.from(blob).buffer);
}
