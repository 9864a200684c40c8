/**
 * Signed chain heads. The hash chain shows that no event was altered or removed below the
 * log's head, but anyone who can write the log can also cut its tail or rewrite an event and
 * recompute every later hash with the public formula. So the server signs the head (position
 * and chain hash) with its Ed25519 key and keeps every signed head apart from the log's rows:
 * a later log must still hold each signed head exactly, and each signature must verify with
 * the server's public key. An auditor who saved a head elsewhere (printed minutes) checks it
 * the same way, with the public key alone.
 */
import { createPrivateKey, createPublicKey, hash, sign, verify, type KeyObject } from 'node:crypto';
import type { ChainPoint, ChainWalk, EventStore, IntegrityFailure, IntegrityReport } from './event-store.port.js';

/** One signed head, as stored and as `GET /api/audit/head` answers it. */
export interface SignedHead {
  readonly position: number;
  /** The chain hash (lowercase hex) of the event at `position`. */
  readonly hash: string;
  /** The recordedAt of the event at `position`. */
  readonly recordedAt: string;
  readonly signedAt: string;
  readonly keyId: string;
  /** Base64 Ed25519 signature over the UTF-8 bytes of headMessage(head). */
  readonly signature: string;
}

/** Which kept heads `SignedHeadStore.read` answers. */
export interface SignedHeadRead {
  /** Forwards: the heads at or after this position, in ascending order; backwards: at or before it, descending. */
  readonly from: number;
  readonly direction: 'forwards' | 'backwards';
  /** At most this many (a positive integer). */
  readonly maxCount: number;
}

/** Where the signed heads are kept: apart from the log, so replacing the log keeps them. */
export interface SignedHeadStore {
  /** Keeps a head; a head at a position already kept is ignored (two signers may race). */
  append(head: SignedHead): Promise<void>;
  /** The head with the greatest position, undefined before the first. */
  latest(): Promise<SignedHead | undefined>;
  /** Every kept head, in position order. */
  all(): Promise<SignedHead[]>;
  /**
   * The kept heads nearest a position, nearest first (SignedHeadRead): what checking the
   * events around a few positions needs (signed-spans.ts), without loading every head of a
   * long log.
   */
  read(options: SignedHeadRead): Promise<SignedHead[]>;
  close(): Promise<void>;
}

/** Injection token of the signed-head store. */
export const SIGNED_HEAD_STORE = Symbol('SIGNED_HEAD_STORE');

/** The server's audit key pair and its short id. */
export interface AuditSigningKey {
  readonly keyId: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

/** Injection token of the audit signing key. */
export const AUDIT_SIGNING_KEY = Symbol('AUDIT_SIGNING_KEY');

/** The first 16 hex digits of sha256 over the public key's SPKI DER: names the key in every head. */
export function auditKeyId(publicKey: KeyObject): string {
  return hash('sha256', publicKey.export({ type: 'spki', format: 'der' }), 'hex').slice(0, 16);
}

/** The key pair from an Ed25519 private key (PKCS#8 PEM); refuses any other kind of key. */
export function auditSigningKeyFromPem(privateKeyPem: string): AuditSigningKey {
  const privateKey = createPrivateKey(privateKeyPem);
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new Error(`the audit signing key must be Ed25519, not ${String(privateKey.asymmetricKeyType)}`);
  }
  const publicKey = createPublicKey(privateKey);
  return { keyId: auditKeyId(publicKey), privateKey, publicKey };
}

/** The exact text a head's signature covers. */
export function headMessage(head: Pick<SignedHead, 'position' | 'hash' | 'recordedAt'>): string {
  return `${head.position}:${head.hash}:${head.recordedAt}`;
}

/** Signs the link at `position` now. */
export function signHead(
  link: Pick<SignedHead, 'position' | 'hash' | 'recordedAt'>,
  key: AuditSigningKey,
  signedAt: Date,
): SignedHead {
  const signature = sign(null, Buffer.from(headMessage(link), 'utf8'), key.privateKey).toString('base64');
  return {
    position: link.position,
    hash: link.hash,
    recordedAt: link.recordedAt,
    signedAt: signedAt.toISOString(),
    keyId: key.keyId,
    signature,
  };
}

/** Whether the head's signature verifies with `publicKey` (a malformed head does not). */
export function headSignatureValid(head: SignedHead, publicKey: KeyObject): boolean {
  try {
    return verify(null, Buffer.from(headMessage(head), 'utf8'), publicKey, Buffer.from(head.signature, 'base64'));
  } catch {
    return false;
  }
}

/**
 * The head checks on top of a chain walk, pure: a broken chain is reported as the walk found
 * it; otherwise every kept head must verify with the key and be held by the log exactly, and
 * so must the head an auditor saved, if any. The walk must have kept the heads' positions.
 */
export function checkSignedHeads(
  walk: ChainWalk,
  heads: readonly SignedHead[],
  publicKey: KeyObject,
  saved?: ChainPoint,
): IntegrityReport {
  const { checked, head } = walk;
  const broken = (brokenAt: number | undefined, reason: IntegrityFailure | undefined): IntegrityReport => ({
    ok: false,
    checked,
    brokenAt,
    reason,
    head,
  });
  if (!walk.ok) return broken(walk.brokenAt, walk.reason);
  for (const signed of heads) {
    if (!headSignatureValid(signed, publicKey)) return broken(signed.position, 'bad-signature');
    if (signed.position > head.position) return broken(head.position + 1, 'truncated');
    if (walk.links.get(signed.position)?.hash !== signed.hash) return broken(signed.position, 'head-mismatch');
  }
  if (saved !== undefined && (saved.position > head.position || walk.links.get(saved.position)?.hash !== saved.hash)) {
    return broken(Math.min(saved.position, head.position + 1), 'saved-head-mismatch');
  }
  return { ok: true, checked, head };
}

/** Walks the log once, keeping the signed heads' positions and the saved one's, and checks them. */
export async function verifySignedLog(
  store: EventStore,
  heads: SignedHeadStore,
  publicKey: KeyObject,
  saved?: ChainPoint,
): Promise<IntegrityReport> {
  const kept = await heads.all();
  const keep = kept.map((head) => head.position);
  if (saved !== undefined) keep.push(saved.position);
  const walk = await store.verifyIntegrity({ keep });
  return checkSignedHeads(walk, kept, publicKey, saved);
}
