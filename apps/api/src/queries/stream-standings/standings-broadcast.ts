/**
 * The live standings of the bloc-years someone watches: one loop per watched bloc-year, woken by
 * the projection engine's progress (not by polling per client), reads the standings once and
 * hands every watcher the new JSON when it changed.
 */
import { EventEmitter } from 'node:events';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { PROJECTION_ENGINE, ReadModelDocuments, standingsView } from '@app/projections';

/** What the broadcast needs of the projection engine: how far it is, and a wake-up when it moves on. */
export interface ProjectionProgress {
  reachedPosition(): number;
  waitForPosition(
    position: number,
    timeoutMs: number,
    signal?: AbortSignal,
    options?: { readonly expedite?: boolean },
  ): Promise<void>;
}

/** A watcher: receives the standings JSON each time it changes (first the current one). */
export interface StandingsListener {
  standings(standingsJson: string): void;
  /** The loop failed (the read models are unavailable): the watcher should close and retry. */
  ended(): void;
}

interface Channel {
  readonly listeners: Set<StandingsListener>;
  readonly stop: AbortController;
  last?: string;
}

/** Emits `closed` with the bloc-year's key once its last watcher has left and its loop stopped. */
@Injectable()
export class StandingsBroadcast extends EventEmitter implements OnModuleDestroy {
  private readonly logger = new Logger(StandingsBroadcast.name);
  private readonly channels = new Map<string, Channel>();

  constructor(
    @Inject(PROJECTION_ENGINE) private readonly progress: ProjectionProgress,
    private readonly documents: ReadModelDocuments,
  ) {
    super();
  }

  /** Starts handing `listener` the bloc-year's standings; the function returned stops it. */
  subscribe(blocId: string, year: number, listener: StandingsListener): () => void {
    const key = channelKey(blocId, year);
    let channel = this.channels.get(key);
    if (channel === undefined) {
      channel = { listeners: new Set(), stop: new AbortController() };
      this.channels.set(key, channel);
      void this.follow(key, blocId, year, channel);
    } else if (channel.last !== undefined) {
      listener.standings(channel.last);
    }
    channel.listeners.add(listener);
    const joined = channel;
    return () => {
      joined.listeners.delete(listener);
      if (joined.listeners.size === 0 && this.channels.get(key) === joined) {
        this.channels.delete(key);
        joined.stop.abort();
      }
    };
  }

  /** How many watchers a bloc-year has (0 when none). */
  watchers(blocId: string, year: number): number {
    return this.channels.get(channelKey(blocId, year))?.listeners.size ?? 0;
  }

  /** Ends every watcher's stream before the HTTP server closes, which waits for open connections. */
  onModuleDestroy(): void {
    const channels = [...this.channels.values()];
    this.channels.clear();
    for (const channel of channels) {
      channel.stop.abort();
      for (const listener of channel.listeners) listener.ended();
    }
  }

  private async follow(key: string, blocId: string, year: number, channel: Channel): Promise<void> {
    const { signal } = channel.stop;
    let seen: number | undefined;
    try {
      while (!signal.aborted) {
        // Woken by the projector's next commit at its own pace: a watcher is no query waiting
        // for its write, and expediting would keep the pacing off while any stream is open.
        if (seen !== undefined)
          await this.progress.waitForPosition(seen + 1, Number.POSITIVE_INFINITY, signal, {
            expedite: false,
          });
        seen = this.progress.reachedPosition();
        const json = JSON.stringify(standingsView(await this.documents.standingsDocument(blocId, year)));
        if (signal.aborted || json === channel.last) continue;
        channel.last = json;
        for (const listener of channel.listeners) listener.standings(json);
      }
    } catch (error) {
      if (!signal.aborted) this.logger.error(`standings stream ${key}: ${String(error)}`);
    } finally {
      // A loop that failed ends its watchers' streams; their EventSources reconnect and start a new one.
      if (this.channels.get(key) === channel) this.channels.delete(key);
      if (!signal.aborted) for (const listener of channel.listeners) listener.ended();
      this.emit('closed', key);
    }
  }
}

export function channelKey(blocId: string, year: number): string {
  return `${blocId}:${year}`;
}
