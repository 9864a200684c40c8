/** The body of POST /api/nominations/:id/decision: the chairman's decision number, date and signatory. */

import { ApiProperty } from '@nestjs/swagger';
import { IsCalendarDate, IsName, IsText } from '../../http/validators.js';

export class ConferHonourDto {
  @ApiProperty({ example: '512/QĐ-UBND' })
  @IsText(100)
  decisionNo!: string;

  @ApiProperty({ example: '2018-03-15', format: 'date', description: 'Date of the decision, YYYY-MM-DD' })
  @IsCalendarDate()
  decidedOn!: string;

  @ApiProperty({ example: 'Chủ tịch UBND tỉnh Kiên Giang' })
  @IsName()
  signedBy!: string;
}
