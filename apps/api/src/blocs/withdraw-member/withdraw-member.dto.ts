/** The body of POST …/members/:unitId/withdraw: the reason the unit leaves the bloc. */

import { ApiProperty } from '@nestjs/swagger';
import { IsMultilineText } from '../../http/validators.js';

export class WithdrawMemberDto {
  @ApiProperty({ example: 'Merged into Sở Văn hóa, Thể thao và Du lịch (2025 reorganisation)' })
  @IsMultilineText(1000)
  reason!: string;
}
