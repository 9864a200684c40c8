/**
 * The SQLite store's writer thread (sqlite-writer.ts): owns a write connection to the events
 * file (WAL, synchronous=FULL, checked on open) and runs the group commits it is sent, one at a
 * time, answering each with its appends' outcomes.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openEventsDatabase } from './sqlite-database.js';
import { SqliteGroupCommit } from './sqlite-group-commit.js';
import { injectFault } from './sqlite-writer.js';
import { toWire, unflattenGroup, type WriterAnswer, type WriterRequest } from './sqlite-writer-wire.js';

const port = parentPort;
if (!port) throw new Error('sqlite-writer.worker runs as a worker thread');
const { file } = workerData as { file: string };
const db = openEventsDatabase(file);
const groupCommit = new SqliteGroupCommit(db);
const answer = (message: WriterAnswer): void => port.postMessage(message);
// A test's fault stops the thread where a crash would: no answer, no clean close.
const exit = (): never => process.exit(1);

port.on('message', (request: WriterRequest) => {
  if (request.kind === 'close') {
    db.close();
    port.close();
    return;
  }
  const { fault } = request;
  try {
    const outcomes = groupCommit.write(
      unflattenGroup(request.group),
      fault && ((stage) => injectFault(fault, stage, exit)),
    );
    answer({ kind: 'written', outcomes: outcomes.map(toWire) });
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    answer({
      kind: 'failed',
      message: error instanceof Error ? error.message : String(error),
      ...(typeof code === 'string' ? { code } : {}),
    });
  }
});
answer({ kind: 'ready' });
