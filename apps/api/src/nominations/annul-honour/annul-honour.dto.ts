/** The body of POST /api/nominations/:id/annulment: the annulling decision's number and its reason. */

import { ApiProperty } from '@nestjs/swagger';
import { IsMultilineText, IsText } from '../../http/validators.js';

export class AnnulHonourDto {
  @ApiProperty({ example: '88/QĐ-UBND' })
  @IsText(100)
  decisionNo!: string;

  @ApiProperty({ example: 'Kê khai thành tích không trung thực' })
  @IsMultilineText()
  reason!: string;
}
