/** The body of POST …/nominations: the unit proposed, the award, and the dossier's documents. */

import { ApiProperty } from '@nestjs/swagger';
import { AWARDS, type Award } from '@app/domain';
import { IsIn } from 'class-validator';
import { IsEntityId } from '../../http/validators.js';
import { IsDossier } from '../dossier.decorator.js';
import type { DossierDocumentDto } from '../dossier-document.dto.js';

export class SubmitNominationDto {
  @ApiProperty({ example: 'lao-dong' })
  @IsEntityId()
  unitId!: string;

  @ApiProperty({ enum: AWARDS, example: 'emulation-flag' })
  @IsIn(AWARDS)
  award!: Award;

  @IsDossier()
  documents!: DossierDocumentDto[];
}
