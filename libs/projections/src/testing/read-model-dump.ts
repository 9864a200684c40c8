/**
 * Dumps every read-model document and the audit index's answers
 * to the filters the documents suggest, to compare two runs.
 */

import { EVENT_SCHEMA_VERSIONS } from '@app/domain';
import type { BlocDocument } from '../blocs/blocs.projection.js';
import { documentProjections } from '../document-projections.js';
import type { AuditFilter, ReadModelStore, StoredDocument } from '../storage/read-model-store.port.js';

export interface ReadModelDump {
  readonly documents: StoredDocument[];
  /** What the audit index answers to every probe: the probe, as JSON, to the positions found. */
  readonly audit: Record<string, number[]>;
}

/**
 * Every document of every projection, and the audit index's answers to every filter the
 * documents suggest (each bloc, bloc-year, year, member and event type, and no filter at
 * all), for comparing two runs.
 */
export async function dumpReadModels(readModels: ReadModelStore): Promise<ReadModelDump> {
  const documents: StoredDocument[] = [];
  for (const projection of documentProjections)
    documents.push(...(await readModels.listDocuments(projection.name)));

  const probes: Omit<AuditFilter, 'limit' | 'after'>[] = [{}];
  for (const type of Object.keys(EVENT_SCHEMA_VERSIONS)) probes.push({ types: [type] });
  const years = new Set<number>();
  for (const { body } of documents.filter((document) => document.projection === 'blocs')) {
    const bloc = body as BlocDocument;
    probes.push({ blocId: bloc.id }, ...bloc.members.map((member) => ({ unitId: member.unitId })));
    for (const year of bloc.years) {
      years.add(year);
      probes.push({ blocId: bloc.id, year });
    }
  }
  for (const year of years) probes.push({ year });

  const audit: Record<string, number[]> = {};
  for (const probe of probes) {
    const found: number[] = [];
    for (let after = 0; ;) {
      const page = await readModels.searchAudit({ ...probe, after, limit: 1000 });
      found.push(...page);
      if (page.length < 1000) break;
      after = page[page.length - 1];
    }
    audit[JSON.stringify(probe)] = found;
  }
  return { documents, audit };
}
