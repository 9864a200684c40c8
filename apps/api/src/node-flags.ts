/**
 * The V8 flags the API's process runs with: `npm start`, the container's CMD and the API
 * benchmark's server start it with these, so that what is measured is what is deployed
 * (node-flags.spec.ts holds package.json and the Dockerfile to this list).
 *
 * `--max-semi-space-size=24` (MiB; Node 20's default is 16 on this machine): a request lives a
 * few milliseconds, but at thousands of commands a second a 16 MiB semi-space fills every few
 * tens of milliseconds, and every scavenge copies whatever requests are in flight then, promoting
 * some of them to the old generation. More room means fewer scavenges and less copied. Measured
 * under the busy bloc (bench:api, issue 17): the main thread's GC pauses took 2.6–3.7% of the run
 * with 24 or 32 MiB against 3.9–7.0% with the default, and with 32 MiB the rate with projections
 * off rose from 0.160x to 0.181–0.199x of the GET ceiling (two interleaved pairs). The cost is
 * memory: the young generation may take three semi-spaces under load, and on the 1M-event log
 * the API's peak rose by 45–50 MiB (README "Figures, 2026-12-05 (issue 17, fourth pass)");
 * 24 MiB, not more, keeps it under issue 17's 300 MiB.
 */
export const API_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=24'];
