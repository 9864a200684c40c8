import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';
import { IsText } from '../../http/validators.js';

export class OpenReviewDto {
  @ApiProperty({ example: '2018-01-12', description: 'ISO-8601 date of the year-end review meeting' })
  @IsISO8601({ strict: true, strictSeparator: true })
  meetingDate!: string;

  @ApiPropertyOptional({ example: 'Hội trường Sở Y tế' })
  @IsOptional()
  @IsText(200)
  venue?: string;
}
