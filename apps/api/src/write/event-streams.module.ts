/**
 * One EventStreams per application: its fold cache and per-stream turns are shared by all slices.
 */

import { Module } from '@nestjs/common';
import { EventStreams } from './event-streams.js';

@Module({ providers: [EventStreams], exports: [EventStreams] })
export class EventStreamsModule {}
