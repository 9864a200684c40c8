/**
 * Exclusive sections within one process: enough where the process is the only writer, as the
 * API on the embedded store.
 */
import type { ExclusiveSections } from './exclusive-sections.port.js';
import { KeyedMutex } from './keyed-mutex.js';

export class InProcessExclusiveSections implements ExclusiveSections {
  private readonly mutex = new KeyedMutex();

  run<T>(name: string, work: () => Promise<T>): Promise<T> {
    return this.mutex.run(name, work);
  }

  close(): Promise<void> {
    return this.mutex.idle();
  }
}
