/** One document of a nomination's dossier, referenced by its SHA-256. */

import { ApiProperty } from '@nestjs/swagger';
import { DOSSIER_DOCUMENT_KINDS, type DossierDocumentKind } from '@app/domain';
import { IsIn, Matches } from 'class-validator';
import { IsMultilineText } from '../http/validators.js';

/** Documents a dossier may list: the submission, minutes, report and score sheet, and a few more. */
export const MAX_DOSSIER_DOCUMENTS = 50;

export class DossierDocumentDto {
  @ApiProperty({ enum: DOSSIER_DOCUMENT_KINDS, example: 'minutes' })
  @IsIn(DOSSIER_DOCUMENT_KINDS)
  kind!: DossierDocumentKind;

  @ApiProperty({ example: 'Biên bản hội nghị tổng kết năm 2017' })
  @IsMultilineText(500)
  title!: string;

  @ApiProperty({ example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' })
  @Matches(/^[0-9a-f]{64}$/, { message: '$property must be 64 lowercase hex digits' })
  sha256!: string;
}
