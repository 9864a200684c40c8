import { setFlagsFromString } from 'node:v8';

/**
 * The V8 flags the API's process runs with: `npm start`, the container's CMD and the API
 * benchmark's server start it with these, so that what is measured is what is deployed
 * (node-flags.spec.ts holds package.json and the Dockerfile to this list).
 *
 * `--max-semi-space-size=16` (MiB): the young generation's two semi-spaces at 16 MiB, pinned so
 * that the API's memory does not move with the Node.js version's default (16 MiB on Node 20 on
 * this machine; later V8s size it by the heap). From the fourth pass to the fourteenth the flag
 * said 32 (24 until the tenth, which V8 rounds up to 32): fewer scavenges under load (the main
 * thread's GC pauses 2.6–3.7% of a busy-bloc run against 3.9–7.0%), for 32 MiB more resident at
 * the peak, where the young generation is fully grown. On the 1M-event log that peak was then
 * 288–326 MiB against the 300 MiB goal, and 257–302 MiB with 16 (bench/FIGURES.md, "Figures, 2026-12-06
 * (issue 17, fifteenth pass)"); what 16 costs is about 1.5% of the loop in GC pauses (6.4–6.8%
 * of a 50-blocs run against 4.7–5.3%), within the noise of the rates.
 *
 * The flag is the process's, not the main thread's: see confineNodeFlagsToMainThread.
 */
export const API_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=16'];

/**
 * The environment the API's process starts with, beside its flags (`npm start`, the container's
 * ENV, the API benchmark's server; node-flags.spec.ts holds them to this list).
 *
 * `MALLOC_ARENA_MAX=2`: glibc's malloc gives each thread that allocates an arena of its own, up
 * to eight per core, and memory freed in one arena serves only that one. The API allocates
 * natively on its main thread, the store's threads (the log's writer, the read models' writer,
 * the verifier, the checkpointer), libuv's pool and V8's helper threads; with two arenas they
 * share, the 1M-event log's peak was 277–283 MiB against 285–287 MiB, and the empty log's
 * 273–275 against 284–289, rates within the noise (bench/FIGURES.md, "Figures, 2026-12-06 (issue 17,
 * sixteenth pass)"). glibc reads it when the process starts, so it cannot be set from inside;
 * an operator's own value in the environment is kept.
 */
export const API_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2' };

/**
 * Leaves API_NODE_FLAGS to the main thread. V8's flags belong to the process: every worker
 * thread started later would take the main thread's `--max-semi-space-size` too, and V8 lets that
 * flag override a worker's own `resourceLimits` (the SQLite store's threads ask for a young
 * generation of 4–8 MiB). Under the busy bloc the chain verifier's thread, asking for 4 MiB, had
 * a young generation of 64 MiB, 46 MiB of it resident (bench/FIGURES.md, "Figures, 2026-12-05 (issue 17,
 * tenth pass)"). V8 reads the flag when it sizes a heap, that is when an isolate starts: the main
 * thread's heap keeps the size it started with, and the threads started after this call size
 * their heaps by their own limits (V8's default for a thread that sets none). createApp calls it
 * before it starts any thread.
 */
export function confineNodeFlagsToMainThread(): void {
  setFlagsFromString('--max-semi-space-size=0');
}
