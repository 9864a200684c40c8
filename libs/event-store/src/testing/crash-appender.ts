/**
 * Child process of the crash test in `sqlite/sqlite-event-store.spec.ts` (not part of the store).
 * Appends forever to the file given as first argument, with eight concurrent appenders
 * writing batches of 1 to 4 events, and prints one JSON line per acknowledged append:
 * `{"stream", "revision", "ids"}`. The test kills it with SIGKILL at an arbitrary moment.
 */
import { randomUUID } from 'node:crypto';
import type { NewEvent } from '../event-store.port.js';
import { SqliteEventStore } from '../sqlite/sqlite-event-store.js';

const APPENDERS = 8;

const file = process.argv[2];
if (!file) throw new Error('usage: crash-appender.ts <database file>');
const store = await SqliteEventStore.open({ file });

async function appendForever(appender: number): Promise<never> {
  const stream = `crash-${appender}`;
  let revision = -1;
  for (let append = 0; ; append++) {
    const size = 1 + ((appender + append) % 4);
    const batch = randomUUID();
    const events: NewEvent[] = Array.from({ length: size }, (_, index) => ({
      id: randomUUID(),
      type: 'CrashTested',
      data: { batch, index, size, note: 'Sở Khoa học và Công nghệ' },
      metadata: { actor: { sub: 'crash-test', role: 'system' }, correlationId: batch, causationId: batch },
    }));
    const result = await store.append(stream, events, { expectedRevision: revision < 0 ? 'no_stream' : revision });
    revision = result.nextExpectedRevision;
    // Writes to a pipe are synchronous on Linux: once printed, the line reaches the test even if
    // the process dies on the next instruction.
    process.stdout.write(`${JSON.stringify({ stream, revision, ids: events.map((event) => event.id) })}\n`);
  }
}

await Promise.all(Array.from({ length: APPENDERS }, (_, appender) => appendForever(appender)));
