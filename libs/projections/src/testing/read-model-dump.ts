import { documentProjections } from '../read-model-projections.js';
import type { AuditEntry, ReadModelStore, StoredDocument } from '../storage/read-model-store.port.js';

export interface ReadModelDump {
  readonly documents: StoredDocument[];
  readonly audit: AuditEntry[];
}

/** Every document of every projection and the whole audit index, for comparing two runs. */
export async function dumpReadModels(readModels: ReadModelStore): Promise<ReadModelDump> {
  const documents: StoredDocument[] = [];
  for (const projection of documentProjections)
    documents.push(...(await readModels.listDocuments(projection.name)));
  const audit: AuditEntry[] = [];
  for (let after = 0; ;) {
    const page = await readModels.searchAudit({ after, limit: 1000 });
    audit.push(...page);
    if (page.length < 1000) break;
    after = page[page.length - 1].position;
  }
  return { documents, audit };
}
