/**
 * Walks the log's tamper-evidence hash chain (`npm run audit:verify`) and prints
 * `{ok, checked, brokenAt}`; exits 1 when an event was altered or removed since it was written.
 */
import { loadConfig } from '../../../api/src/config/app.config.js';
import { openEventStore } from '../../../api/src/event-store/event-store.module.js';

const store = await openEventStore(loadConfig(process.env));
try {
  const { ok, checked, brokenAt } = await store.verifyIntegrity();
  console.log(JSON.stringify({ ok, checked, brokenAt: brokenAt ?? null }));
  if (!ok) process.exitCode = 1;
} finally {
  await store.close();
}
