/**
 * What `npm run -s documents -- minutes|score-sheet --bloc B --year Y --out FILE [--format pdf|docx]`
 * does: renders the bloc-year's document offline from the configured store's log (DATA_DIR,
 * EVENT_STORE, DATABASE_URL), exactly as the API renders it, its events and anchor checked as
 * the API checks them (between the deployment's signed heads), and writes it to FILE.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { DocumentKind } from '@app/domain';
import { createSignedHeadStore } from '@app/event-store';
import {
  auditSigningKeyOf,
  type Environment,
  loadConfig,
  openEventStore,
  signedHeadStoreConfig,
} from '@app/runtime';
import { readBlocYearRecord } from '../documents/bloc-year-record.js';
import { renderDocument } from '../documents/rendering/render-document.js';

export const USAGE =
  'usage: documents -- minutes|score-sheet --bloc BLOC --year YYYY --out FILE [--format pdf|docx]';

export interface DocumentRequest {
  readonly kind: DocumentKind;
  readonly blocId: string;
  readonly year: number;
  readonly out: string;
}

/** The request the arguments make; throws with the usage line when they make none. */
export function documentRequest(args: readonly string[]): DocumentRequest {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      bloc: { type: 'string' },
      year: { type: 'string' },
      out: { type: 'string' },
      format: { type: 'string' },
    },
  });
  const [what, ...rest] = positionals;
  const { bloc, year, out, format } = values;
  if (
    rest.length > 0 ||
    bloc === undefined ||
    year === undefined ||
    out === undefined ||
    !/^\d{4}$/.test(year)
  ) {
    throw new Error(USAGE);
  }
  let kind: DocumentKind;
  if (what === 'score-sheet' && (format === undefined || format === 'xlsx')) kind = 'score-sheet';
  else if (what === 'minutes' && (format === undefined || format === 'pdf')) kind = 'minutes-pdf';
  else if (what === 'minutes' && format === 'docx') kind = 'minutes-docx';
  else throw new Error(USAGE);
  return { kind, blocId: bloc, year: Number(year), out };
}

/** Writes the document; returns the bytes written. */
export async function writeDocument(request: DocumentRequest, env: Environment): Promise<Buffer> {
  const config = loadConfig(env);
  const store = await openEventStore(config);
  try {
    const heads = await createSignedHeadStore(signedHeadStoreConfig(config));
    try {
      const record = await readBlocYearRecord(store, request.blocId, request.year, {
        heads,
        publicKey: auditSigningKeyOf(config).publicKey,
      });
      const bytes = await renderDocument(record, request.kind);
      await writeFile(request.out, bytes);
      return bytes;
    } finally {
      await heads.close();
    }
  } finally {
    await store.close();
  }
}
