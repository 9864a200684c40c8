/**
 * The body of POST …/review: the date of the year-end review meeting and, optionally, its venue.
 */

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsCalendarDate, IsText, Optional } from '../../http/validators.js';

export class OpenReviewDto {
  @ApiProperty({
    example: '2018-01-12',
    format: 'date',
    description: 'Date of the year-end review meeting, YYYY-MM-DD',
  })
  @IsCalendarDate()
  meetingDate!: string;

  @ApiPropertyOptional({ example: 'Hội trường Sở Y tế' })
  @Optional()
  @IsText(200)
  venue?: string;
}
