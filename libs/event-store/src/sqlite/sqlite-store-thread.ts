/**
 * Starts one of the SQLite store's worker threads (the writer, the chain verifier): its module
 * lies beside this one, compiled (.js) in a build and TypeScript under the specs, which need the
 * repository's loader.
 */
import { type ResourceLimits, Worker } from 'node:worker_threads';

export function startStoreThread(
  module: 'sqlite-writer.worker' | 'sqlite-verifier.worker',
  workerData: unknown,
  execArgv?: readonly string[],
  resourceLimits?: ResourceLimits,
): Worker {
  const typescript = import.meta.url.endsWith('.ts');
  const argv =
    execArgv ??
    (typescript ? ['--import', new URL('../../../../test/support/ts-loader.mjs', import.meta.url).href] : []);
  return new Worker(new URL(`./${module}${typescript ? '.ts' : '.js'}`, import.meta.url), {
    workerData,
    execArgv: [...argv],
    ...(resourceLimits === undefined ? {} : { resourceLimits }),
  });
}
