/** The path parameter of the routes on one webhook: its id, a UUID the server gave it. */
import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

/** `/webhooks/:id` */
export class WebhookPath {
  @ApiProperty({ example: '0b9e4c1e-8d4f-4a53-9a51-3c8f1f1e2a77' })
  @IsUUID()
  id!: string;
}
