/** The body of POST …/signatures: the signing unit and its signatory's title and name. */

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsObject, ValidateNested } from 'class-validator';
import { IsEntityId, IsMultilineText, IsName, Optional } from '../../http/validators.js';

export class SignatoryDto {
  @ApiProperty({ example: 'Giám đốc' })
  @IsMultilineText(200)
  title!: string;

  @ApiPropertyOptional({ example: 'Nguyễn Văn A' })
  @Optional()
  @IsName(200)
  name?: string;
}

export class SignPactDto {
  @ApiProperty({ example: 'y-te', description: 'The signing unit: a unit officer signs for their own unit' })
  @IsEntityId()
  unitId!: string;

  @ApiProperty({ type: SignatoryDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => SignatoryDto)
  signatory!: SignatoryDto;
}
