/**
 * The read models' writer thread (sqlite-read-model-writer.ts): owns a write connection to the
 * read models' file (WAL, synchronous=NORMAL, checked on open) and the audit index's writer
 * with its caches, and runs the commits it is sent, one at a time, answering each. Its
 * connection checkpoints the write-ahead log by itself, in this thread.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { AuditEntryBuffer } from '../../audit/audit-entry-buffer.js';
import { SqliteAuditIndex } from './audit-index/sqlite-audit-index.js';
import {
  failureOnWire,
  type WriterAnswer,
  type WriterRequest,
  type WriterThreadData,
} from './sqlite-read-model-writer.js';
import { SqliteReadModelWrites, StatementCache, syncNormally } from './sqlite-read-model-writes.js';

const port = parentPort;
if (!port) throw new Error('sqlite-read-model-writer.worker runs as a worker thread');
const { file, auditShard, cacheMiB, listsEmpty } = workerData as WriterThreadData;
// A commit waits up to 5 s for another connection's write lock, as the store's own does.
const db = new Database(file, { fileMustExist: true, timeout: 5_000 });
syncNormally(db);
db.pragma(`cache_size = ${-1024 * cacheMiB}`);
const statements = new StatementCache(db);
const audit = new SqliteAuditIndex(db, statements.statement, auditShard);
if (listsEmpty) audit.cleared();
/** The fault a test asked for in the commit under way. */
let fault: string | undefined;
// A test's fault stops the thread where a crash would: no answer, no clean close.
const writes = new SqliteReadModelWrites(db, statements.statement, audit, () => {
  if (fault === 'exit-before-commit') process.exit(1);
});
const answer = (message: WriterAnswer): void => port.postMessage(message);

port.on('message', (request: WriterRequest) => {
  if (request.kind === 'close') {
    db.close();
    port.close();
    return;
  }
  fault = request.fault;
  try {
    writes.commit({
      checkpoints: request.checkpoints,
      documents: request.documents,
      auditEntries: new AuditEntryBuffer(request.audit),
    });
  } catch (error) {
    answer({ kind: 'failed', ...failureOnWire(error) });
    return;
  }
  if (fault === 'exit-after-commit') process.exit(1);
  answer({ kind: 'committed' });
});
answer({ kind: 'ready' });
