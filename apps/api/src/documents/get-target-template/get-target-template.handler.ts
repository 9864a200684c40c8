/** Answers GetTargetTemplateQuery: the template with the cycle's members and criteria, for those who set targets. */
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ApiError } from '../../http/api.error.js';
import { BlocYearDocuments } from '../bloc-year-documents.js';
import { GetTargetTemplateQuery } from './get-target-template.query.js';

@QueryHandler(GetTargetTemplateQuery)
export class GetTargetTemplateHandler implements IQueryHandler<GetTargetTemplateQuery> {
  constructor(private readonly documents: BlocYearDocuments) {}

  async execute({ blocId, year, reader }: GetTargetTemplateQuery): Promise<Buffer> {
    const record = await this.documents.record(blocId, year);
    // Those who set targets: the board, or an officer of the year's leader or deputy unit.
    const setsTargets =
      reader.role === 'board' ||
      (reader.role === 'unit' && (reader.unit === record.leader || reader.unit === record.deputy));
    if (!setsTargets)
      throw ApiError.forbidden(`only the board, the leader and the deputy import ${year} targets`);
    // Imported on first use, as the other renderers are (render-document.ts).
    const { renderTargetTemplate } = await import('../rendering/target-template.xlsx.js');
    return renderTargetTemplate(record);
  }
}
