import { setFlagsFromString } from 'node:v8';

/**
 * The V8 flags the API's process runs with: `npm start`, the container's CMD and the API
 * benchmark's server start it with these, so that what is measured is what is deployed
 * (node-flags.spec.ts holds package.json and the Dockerfile to this list).
 *
 * `--max-semi-space-size=32` (MiB; Node 20's default is 16 on this machine): a request lives a
 * few milliseconds, but at thousands of commands a second a 16 MiB semi-space fills every few
 * tens of milliseconds, and every scavenge copies whatever requests are in flight then, promoting
 * some of them to the old generation. More room means fewer scavenges and less copied. Measured
 * under the busy bloc (bench:api, issue 17): the main thread's GC pauses took 2.6–3.7% of the run
 * with 24 or 32 MiB against 3.9–7.0% with the default, and with 32 MiB the rate with projections
 * off rose from 0.160x to 0.181–0.199x of the GET ceiling (two interleaved pairs). The cost is
 * memory: the young generation may take three semi-spaces under load, and on the 1M-event log
 * the API's peak rose by 45–50 MiB (README "Figures, 2026-12-05 (issue 17, fourth pass)").
 * Until the tenth pass the flag said 24: V8 rounds a semi-space up to a power of two, so 24 was
 * 32 (the same young generation, 64 MiB, which is why "24 and 32 peaked alike"); it now says
 * what it is.
 *
 * The flag is the process's, not the main thread's: see confineNodeFlagsToMainThread.
 */
export const API_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=32'];

/**
 * Leaves API_NODE_FLAGS to the main thread. V8's flags belong to the process: every worker
 * thread started later would take the main thread's `--max-semi-space-size` too, and V8 lets that
 * flag override a worker's own `resourceLimits` (the SQLite store's threads ask for a young
 * generation of 4–8 MiB). Under the busy bloc the chain verifier's thread, asking for 4 MiB, had
 * a young generation of 64 MiB, 46 MiB of it resident (README, "Figures, 2026-12-05 (issue 17,
 * tenth pass)"). V8 reads the flag when it sizes a heap, that is when an isolate starts: the main
 * thread's heap keeps the size it started with, and the threads started after this call size
 * their heaps by their own limits (V8's default for a thread that sets none). createApp calls it
 * before it starts any thread.
 */
export function confineNodeFlagsToMainThread(): void {
  setFlagsFromString('--max-semi-space-size=0');
}
