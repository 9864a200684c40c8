/**
 * Maps a row of the SQL heads stores' `signed_heads` table to the signed head it keeps, and a
 * head to the values its row is inserted with; the table's columns, in that order.
 */
import type { SignedHead, SignedHeadRead } from './signed-head.js';

/** The columns of a signed head, in the order `headValues` gives them. */
export const HEAD_COLUMNS = 'position, hash, recorded_at, signed_at, key_id, signature';

/** A head's row; PostgreSQL hands its bigint position back as text, SQLite as a number. */
export interface HeadRow {
  position: number | string;
  hash: string;
  recorded_at: string;
  signed_at: string;
  key_id: string;
  signature: string;
}

export function toSignedHead(row: HeadRow): SignedHead {
  return {
    position: Number(row.position),
    hash: row.hash,
    recordedAt: row.recorded_at,
    signedAt: row.signed_at,
    keyId: row.key_id,
    signature: row.signature,
  };
}

/** The values of a head's row, in the order of HEAD_COLUMNS. */
export function headValues(head: SignedHead): [number, string, string, string, string, string] {
  return [head.position, head.hash, head.recordedAt, head.signedAt, head.keyId, head.signature];
}

/** The read's options, checked: a store answers a bad one with a RangeError, not a SQL error. */
export function assertSignedHeadRead(options: SignedHeadRead): SignedHeadRead {
  const { from, direction, maxCount } = options;
  if (!Number.isSafeInteger(from)) throw new RangeError(`from must be an integer, not ${String(from)}`);
  if (direction !== 'forwards' && direction !== 'backwards')
    throw new RangeError(`direction must be forwards or backwards, not ${String(direction)}`);
  if (!Number.isSafeInteger(maxCount) || maxCount < 1)
    throw new RangeError(`maxCount must be a positive integer, not ${String(maxCount)}`);
  return options;
}
