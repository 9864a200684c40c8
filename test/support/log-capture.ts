/** Collects what pino writes, line by line (an e2e app's `logDestination`). */
import { Writable } from 'node:stream';

export class LogCapture extends Writable {
  text = '';

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }

  lines(): Record<string, unknown>[] {
    return this.text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  /** The one line per request (request-log.ts). */
  requestLines(): Record<string, unknown>[] {
    return this.lines().filter((line) => line.msg === 'request' || line.msg === 'request failed');
  }
}
