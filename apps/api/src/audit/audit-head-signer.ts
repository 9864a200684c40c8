/**
 * Runs the HeadSigner inside the API process (whatever PROJECTIONS says: the API is what
 * writes the log): one pass about every second, so a grown log's head is signed within 5 s,
 * and a head at least every 1,000 events (HEAD_EVERY_EVENTS). Passes never overlap; closing
 * the application waits for the running pass and leaves no timer behind.
 */
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import {
  AUDIT_SIGNING_KEY,
  EVENT_STORE,
  HeadSigner,
  SIGNED_HEAD_STORE,
  type AuditSigningKey,
  type EventStore,
  type SignedHead,
  type SignedHeadStore,
} from '@app/event-store';

/** Injection token of the clock that stamps `signedAt`. */
export const AUDIT_CLOCK = Symbol('AUDIT_CLOCK');

const SIGNING_INTERVAL_MS = 1000;

@Injectable()
export class AuditHeadSigner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('AuditHeadSigner');
  private readonly signer: HeadSigner;
  private timer?: NodeJS.Timeout;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(SIGNED_HEAD_STORE) heads: SignedHeadStore,
    @Inject(AUDIT_SIGNING_KEY) key: AuditSigningKey,
    @Inject(AUDIT_CLOCK) now: () => Date,
  ) {
    this.signer = new HeadSigner({ store, heads, key, now, refused: (why) => this.logger.error(why) });
  }

  onApplicationBootstrap(): void {
    this.schedule();
  }

  /** Signs the log's new heads now, after any pass already running; answers the heads signed. */
  signNow(): Promise<SignedHead[]> {
    const pass = this.running.then(() => (this.stopped ? [] : this.signer.signNewHeads()));
    this.running = pass.catch(() => undefined);
    return pass;
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.signNow()
        .catch((error: unknown) => this.logger.error(`signing the log's head failed: ${String(error)}`))
        .finally(() => this.schedule());
    }, SIGNING_INTERVAL_MS);
  }
}
