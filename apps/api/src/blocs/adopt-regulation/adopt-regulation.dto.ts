/**
 * The body of POST /api/blocs/:blocId/regulations: the year the regulation is for, its title,
 * the day it was adopted, and the policy it sets (fields left out keep the year's rules).
 */
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsObject, ValidateNested } from 'class-validator';
import { IsCalendarDate, IsMultilineText, IsYear } from '../../http/validators.js';
import { LeadershipPolicyDto } from '../register-bloc/register-bloc.dto.js';

export class AdoptRegulationDto {
  @ApiProperty({ example: 2018, description: 'The year it applies from' })
  @IsYear()
  year!: number;

  @ApiProperty({ example: 'Quy chế hoạt động Khối thi đua số 4 năm 2018' })
  @IsMultilineText(300)
  title!: string;

  @ApiProperty({ example: '2018-03-15', format: 'date', description: 'Date it was adopted, YYYY-MM-DD' })
  @IsCalendarDate()
  adoptedOn!: string;

  @ApiProperty({ type: LeadershipPolicyDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => LeadershipPolicyDto)
  policy!: LeadershipPolicyDto;
}
