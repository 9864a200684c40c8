/**
 * The body of POST /api/webhooks: where to POST the events, which types (all when absent),
 * and the secret that signs them (32 to 256 printable ASCII characters, never shown again).
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsString,
  Length,
  Matches,
  ValidateBy,
} from 'class-validator';
import { EVENT_SCHEMA_VERSIONS } from '@app/domain';
import { MAX_WEBHOOK_URL_LENGTH, webhookUrlProblem } from '@app/runtime';
import { Optional } from '../../http/validators.js';

/** Shortest secret: 256 bits of a random base64url string, as AUTH_SECRET asks. */
export const MIN_WEBHOOK_SECRET_LENGTH = 32;
export const MAX_WEBHOOK_SECRET_LENGTH = 256;

/** Every event type the log records, so a typo never registers a webhook that hears nothing. */
export const KNOWN_EVENT_TYPES: readonly string[] = Object.keys(EVENT_SCHEMA_VERSIONS);

const IsWebhookUrl = (): PropertyDecorator =>
  ValidateBy({
    name: 'isWebhookUrl',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && webhookUrlProblem(value) === undefined,
      defaultMessage: (args) =>
        `$property must be an http or https URL: ${typeof args?.value === 'string' ? (webhookUrlProblem(args.value) ?? '') : 'a string'}`,
    },
  });

export class RegisterWebhookDto {
  @ApiProperty({ example: 'https://vpdt.kiengiang.gov.vn/hooks/thi-dua', maxLength: MAX_WEBHOOK_URL_LENGTH })
  @IsString()
  @IsWebhookUrl()
  url!: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['ScoreAwarded', 'ScoringFinalized'],
    description: 'Event types; every type when absent',
  })
  @Optional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsIn(KNOWN_EVENT_TYPES, { each: true, message: 'each of $property must be a known event type' })
  types?: string[];

  @ApiProperty({
    minLength: MIN_WEBHOOK_SECRET_LENGTH,
    maxLength: MAX_WEBHOOK_SECRET_LENGTH,
    description: 'Signs every delivery (X-Signature-256); printable ASCII, no spaces; never shown again',
  })
  @IsString()
  @Length(MIN_WEBHOOK_SECRET_LENGTH, MAX_WEBHOOK_SECRET_LENGTH)
  @Matches(/^[\x21-\x7e]+$/, { message: '$property must be printable ASCII without spaces' })
  secret!: string;
}
