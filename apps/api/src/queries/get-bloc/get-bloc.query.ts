import { Query } from '@nestjs/cqrs';
import type { BlocView } from '@app/projections';

export class GetBlocQuery extends Query<BlocView> {
  constructor(readonly blocId: string) {
    super();
  }
}
