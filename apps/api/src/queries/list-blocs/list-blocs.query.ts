import { Query } from '@nestjs/cqrs';
import type { BlocSummary } from '@app/projections';

export class ListBlocsQuery extends Query<BlocSummary[]> {}
