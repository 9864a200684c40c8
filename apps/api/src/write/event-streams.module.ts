import { Module } from '@nestjs/common';
import { EventStreams } from './event-streams.js';

/** One EventStreams per application: its fold cache and per-stream turns are shared by all slices. */
@Module({ providers: [EventStreams], exports: [EventStreams] })
export class EventStreamsModule {}
