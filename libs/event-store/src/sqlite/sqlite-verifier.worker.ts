/**
 * The SQLite store's chain verifier thread (sqlite-verifier.ts): walks the hash chain on a
 * read-only connection of its own and answers each walk it is asked for, one at a time.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { verifyChain } from '../hash-chain.js';
import { chainPages } from './sqlite-log-file.js';
import type { VerifierAnswer, VerifierRequest } from './sqlite-verifier.js';

const port = parentPort;
if (!port) throw new Error('sqlite-verifier.worker runs as a worker thread');
const { file } = workerData as { file: string };
const db = new Database(file, { readonly: true, fileMustExist: true });
const pages = chainPages(db);
const answer = (message: VerifierAnswer): void => port.postMessage(message);

// One walk at a time, in the order asked: a walk is synchronous between its pages.
let walks = Promise.resolve();
port.on('message', (request: VerifierRequest) => {
  if (request.kind === 'close') {
    void walks.then(() => {
      db.close();
      port.close();
    });
    return;
  }
  walks = walks.then(async () => {
    try {
      const walk = await verifyChain(pages, request.options);
      answer({ kind: 'walked', id: request.id, walk });
    } catch (error) {
      answer({ kind: 'failed', id: request.id, message: error instanceof Error ? error.message : String(error) });
    }
  });
});
answer({ kind: 'ready' });
