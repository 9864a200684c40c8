import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { auditSigningKeyFromPem, type ChainWalk, type EventStore, type SignedHead, type SignedHeadStore } from '@app/event-store';
import { AuditHeadSigner } from './audit-head-signer.js';

const key = auditSigningKeyFromPem(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
const link = { position: 3, hash: 'a'.repeat(64), recordedAt: '2018-01-12T08:30:00.000Z' };

/** A log of three events whose walk resolves only when `release` is called. */
function fakes() {
  let release!: () => void;
  const walked = new Promise<void>((resolve) => (release = resolve));
  const kept: SignedHead[] = [];
  const store = {
    headPosition: async () => 3,
    verifyIntegrity: async (): Promise<ChainWalk> => {
      await walked;
      return { ok: true, checked: 3, head: link, links: new Map([[3, link]]) };
    },
  } as unknown as EventStore;
  const heads = {
    latest: async () => kept.at(-1),
    append: async (head: SignedHead) => void kept.push(head),
  } as unknown as SignedHeadStore;
  return { store, heads, kept, release };
}

describe('AuditHeadSigner', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('signs about every second from bootstrap, stamping signedAt with the injected clock', async () => {
    jest.useFakeTimers();
    const { store, heads, kept, release } = fakes();
    const signer = new AuditHeadSigner(store, heads, key, () => new Date('2018-01-12T09:00:00.000Z'));
    signer.onApplicationBootstrap();
    release();
    await jest.advanceTimersByTimeAsync(1000);
    expect(kept).toEqual([expect.objectContaining({ position: 3, signedAt: '2018-01-12T09:00:00.000Z', keyId: key.keyId })]);
    await signer.onModuleDestroy();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('on close waits for the running pass, then signs nothing and leaves no timer', async () => {
    jest.useFakeTimers();
    const { store, heads, kept, release } = fakes();
    const signer = new AuditHeadSigner(store, heads, key, () => new Date());
    signer.onApplicationBootstrap();
    const running = signer.signNow();
    await jest.advanceTimersByTimeAsync(0); // the pass is now inside its walk of the log
    let closed = false;
    const closing = signer.onModuleDestroy().then(() => (closed = true));
    await jest.advanceTimersByTimeAsync(0);
    expect(closed).toBe(false);
    release();
    await closing;
    expect(await running).toHaveLength(1);
    expect(await signer.signNow()).toEqual([]);
    await jest.advanceTimersByTimeAsync(5000);
    expect(kept).toHaveLength(1);
    expect(jest.getTimerCount()).toBe(0);
  });
});
