/** The `documents` of a submission or resubmission: at least one, each a DossierDocumentDto. */

import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsObject, ValidateNested } from 'class-validator';
import { DossierDocumentDto, MAX_DOSSIER_DOCUMENTS } from './dossier-document.dto.js';

export const IsDossier = (): PropertyDecorator =>
  applyDecorators(
    ApiProperty({ type: [DossierDocumentDto], description: 'The dossier: at least one document' }),
    IsArray(),
    ArrayMinSize(1),
    ArrayMaxSize(MAX_DOSSIER_DOCUMENTS),
    IsObject({ each: true }),
    ValidateNested({ each: true }),
    Type(() => DossierDocumentDto),
  );
