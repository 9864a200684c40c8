/**
 * GET /api/blocs/:blocId/cycles/:year/standings/stream: the live standings as server-sent
 * events (`standings`, the standings JSON, whenever they change), for whoever may read the
 * standings. The token may come as `?access_token=` (EventSource sets no headers).
 */
import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/domain';
import type { FastifyReply } from 'fastify';
import { AcceptsQueryToken, CurrentActor } from '../../auth/auth.decorators.js';
import { CyclePath } from '../../http/paths.dto.js';
import { assertBlocReader } from '../bloc-readers.js';
import { ApiQueryResponses } from '../query-responses.decorator.js';
import { ReadYourWrites } from '../read-your-writes.js';
import { StandingsBroadcast } from './standings-broadcast.js';
import { openEventStream } from './event-stream.js';

@ApiTags('cycles')
@Controller('blocs')
export class StreamStandingsController {
  constructor(
    private readonly readYourWrites: ReadYourWrites,
    private readonly broadcast: StandingsBroadcast,
  ) {}

  @Get(':blocId/cycles/:year/standings/stream')
  @AcceptsQueryToken()
  @ApiOperation({
    summary:
      'The live standings: `text/event-stream` of `standings` events; the token also as `?access_token=`',
  })
  @ApiQueryResponses(
    {
      contentTypes: ['text/event-stream'],
      description: 'event: standings, data: the standings JSON (as GET …/standings answers), on every change',
    },
    [403, 404, 503],
  )
  async streamStandings(
    @Param() { blocId, year }: CyclePath,
    @CurrentActor() reader: Actor,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    // Refusals (403, 404, 503) are answered as JSON before the stream opens.
    const documents = await this.readYourWrites.readModelsCaughtUp();
    await assertBlocReader(reader, documents, blocId, year);
    await documents.standingsDocument(blocId, year);
    const stream = openEventStream(reply);
    const unsubscribe = this.broadcast.subscribe(blocId, year, {
      standings: (json) => stream.send('standings', json),
      ended: () => stream.end(),
    });
    stream.onClose(unsubscribe);
  }
}
