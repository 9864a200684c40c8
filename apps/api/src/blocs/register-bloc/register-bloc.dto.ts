/**
 * The body of POST /api/blocs: the bloc's id, name, province and members, and its leadership
 * policy (rotation, no consecutive leader, tie-break chain).
 */

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsObject,
  Matches,
  ValidateNested,
} from 'class-validator';
import { IsEntityId, IsName, Optional } from '../../http/validators.js';
import { MemberDto } from '../member.dto.js';

const TIE_BREAK_STEP = /^(content:[A-Za-z0-9][A-Za-z0-9._-]{0,31}|indicatorsExceeded)$/;

/** How the bloc's votes pass (`policy.vote`). */
export class VoteRuleDto {
  @ApiProperty({
    enum: ['members', 'present'],
    example: 'members',
    description: "Votes for counted against all the cycle's members, or those who cast a ballot",
  })
  @IsIn(['members', 'present'])
  of!: 'members' | 'present';

  @ApiProperty({
    enum: ['majority', 'two-thirds'],
    example: 'majority',
    description: 'More than half, or at least two thirds',
  })
  @IsIn(['majority', 'two-thirds'])
  ratio!: 'majority' | 'two-thirds';
}

export class LeadershipPolicyDto {
  @ApiPropertyOptional({
    enum: ['strict', 'none'],
    default: 'strict',
    description: 'Round-robin rotation of the leader',
  })
  @Optional()
  @IsIn(['strict', 'none'])
  rotation?: 'strict' | 'none';

  @ApiPropertyOptional({ default: true, description: "This year's leader cannot lead next year" })
  @Optional()
  @IsBoolean()
  noConsecutiveLeader?: boolean;

  @ApiPropertyOptional({
    type: [String],
    example: ['content:1', 'indicatorsExceeded'],
    description: 'Tie-break chain applied before units share a rank',
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(10)
  @Matches(TIE_BREAK_STEP, {
    each: true,
    message: 'each step of $property must be content:<code> or indicatorsExceeded',
  })
  tieBreak?: (`content:${string}` | 'indicatorsExceeded')[];

  @ApiPropertyOptional({ type: VoteRuleDto, description: 'How votes pass; default members/majority' })
  @Optional()
  @IsObject()
  @ValidateNested()
  @Type(() => VoteRuleDto)
  vote?: VoteRuleDto;
}

export class RegisterBlocDto {
  @ApiProperty({ example: 'kg-khoi-4' })
  @IsEntityId()
  id!: string;

  @ApiProperty({ example: 'Khối thi đua số 4 - tỉnh Kiên Giang' })
  @IsName(200)
  name!: string;

  @ApiPropertyOptional({ example: 'Kiên Giang' })
  @Optional()
  @IsName(200)
  province?: string;

  @ApiProperty({ type: [MemberDto], example: [{ unitId: 'y-te', name: 'Sở Y tế' }] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  // An array is no object: ValidateNested alone would validate its items and pass it on.
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => MemberDto)
  members!: MemberDto[];

  @ApiPropertyOptional({ type: LeadershipPolicyDto })
  @Optional()
  @IsObject()
  @ValidateNested()
  @Type(() => LeadershipPolicyDto)
  policy?: LeadershipPolicyDto;
}
