/**
 * The province of each bloc, read once from its BlocRegistered
 * event and remembered, for the province scope.
 */

import { Inject, Injectable } from '@nestjs/common';
import { blocStream } from '@app/domain';
import { EVENT_STORE, type EventStore } from '@app/event-store';

/** Blocs remembered; past it the oldest learnt is forgotten (and read again when asked). */
const REMEMBERED_BLOCS = 10_000;

/**
 * The province of each bloc, as its BlocRegistered event recorded it (NFC). A bloc's province
 * never changes after registration, so it is read from the log once and remembered: the
 * answer is authoritative at once, without waiting for the read models to catch up.
 */
@Injectable()
export class BlocProvinces {
  private readonly known = new Map<string, string>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** The bloc's province ('' when registered without one), or undefined for an unknown bloc. */
  async provinceOf(blocId: string): Promise<string | undefined> {
    const known = this.known.get(blocId);
    if (known !== undefined) return known;
    const [registered] = await this.store.readStream(blocStream(blocId), { maxCount: 1 });
    if (registered?.type !== 'BlocRegistered') return undefined;
    const { province } = registered.data as { province?: unknown };
    const normalised = (typeof province === 'string' ? province : '').normalize('NFC');
    this.known.set(blocId, normalised);
    if (this.known.size > REMEMBERED_BLOCS) this.known.delete(this.known.keys().next().value as string);
    return normalised;
  }
}
