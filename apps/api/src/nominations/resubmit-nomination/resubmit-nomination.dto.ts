/** The body of POST /api/nominations/:id/resubmission: the dossier's new documents and a note. */

import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsMultilineText, Optional } from '../../http/validators.js';
import { IsDossier } from '../dossier.decorator.js';
import type { DossierDocumentDto } from '../dossier-document.dto.js';

export class ResubmitNominationDto {
  @IsDossier()
  documents!: DossierDocumentDto[];

  @ApiPropertyOptional({ example: 'Bổ sung biên bản hội nghị' })
  @Optional()
  @IsMultilineText()
  note?: string;
}
