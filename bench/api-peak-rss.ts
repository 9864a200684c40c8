/**
 * Preloaded (`node --import`) into a process the API benchmark runs to its end: writes the
 * process's peak RSS in KiB (getrusage's maxrss, worker threads included) to file descriptor 3
 * as it exits, where the benchmark reads it. Worker threads preload it too: only the main
 * thread writes.
 */
import { writeSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

if (isMainThread) {
  process.once('exit', () => {
    try {
      writeSync(3, `${process.resourceUsage().maxRSS}\n`);
    } catch {
      // Run without a descriptor 3: nobody is listening.
    }
  });
}
