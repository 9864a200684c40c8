/** The body of POST /api/nominations/:id/appraisal: forward the dossier to the council or return it, with a reason. */

import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { IsMultilineText } from '../../http/validators.js';

export class AppraiseNominationDto {
  @ApiProperty({ enum: ['forwarded', 'returned'], example: 'returned' })
  @IsIn(['forwarded', 'returned'])
  outcome!: 'forwarded' | 'returned';

  @ApiProperty({ example: 'Hồ sơ thiếu biên bản hội nghị tổng kết' })
  @IsMultilineText()
  reason!: string;
}
