/**
 * A child process running one of the applications from its TypeScript sources (through
 * ts-loader.mjs), with its output kept for inspection: what the multi-process specs start,
 * wait on and kill.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TS_LOADER = new URL('./ts-loader.mjs', import.meta.url).href;
/** Starting a process compiles its sources on the fly: generous on a busy two-core machine. */
export const START_TIMEOUT_MS = 60_000;

export class ChildApp {
  private output = '';
  private readonly exited: Promise<NodeJS.Signals | number | null>;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    const record = (chunk: Buffer): void => {
      this.output += chunk.toString('utf8');
    };
    child.stdout!.on('data', record);
    child.stderr!.on('data', record);
    // The signal that ended the process, else its exit code; once its output is all read.
    this.exited = new Promise((resolve) => child.once('close', (code, signal) => resolve(signal ?? code)));
  }

  /** Starts `entry` (a path from the repository's root) with exactly `env`, and `args` after it. */
  static start(name: string, entry: string, env: NodeJS.ProcessEnv, args: readonly string[] = []): ChildApp {
    const child = spawn(process.execPath, ['--import', TS_LOADER, entry, ...args], {
      cwd: ROOT,
      env,
      stdio: 'pipe',
    });
    return new ChildApp(name, child);
  }

  /**
   * Resolves with the first match of `pattern` in the output so far or to come: checked each
   * time the process prints, and refused when it exits first or stays silent past the timeout.
   */
  waitFor(pattern: RegExp, timeoutMs = START_TIMEOUT_MS): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const match = pattern.exec(this.output);
        if (match !== null) finish(() => resolve(match));
      };
      const fail = (): void =>
        finish(() =>
          reject(
            new Error(`${this.name} never printed ${pattern} (exit ${this.child.exitCode}):\n${this.output}`),
          ),
        );
      const timer = setTimeout(fail, timeoutMs);
      const finish = (settle: () => void): void => {
        clearTimeout(timer);
        this.child.stdout!.off('data', check);
        this.child.stderr!.off('data', check);
        this.child.off('close', onClose);
        settle();
      };
      // The output is recorded by the listeners added first, so it is complete when check runs.
      const onClose = (): void => (pattern.test(this.output) ? check() : fail());
      this.child.stdout!.on('data', check);
      this.child.stderr!.on('data', check);
      this.child.once('close', onClose);
      if (this.child.exitCode !== null || this.child.signalCode !== null) onClose();
      else check();
    });
  }

  /** The last lines the process printed, to explain a failure. */
  tail(lines = 40): string {
    return `--- ${this.name} ---\n${this.output.trimEnd().split('\n').slice(-lines).join('\n')}`;
  }

  /** The first whole line of output that matches `pattern`, if any. */
  lineMatching(pattern: RegExp): string | undefined {
    return this.output.split('\n').find((line) => pattern.test(line));
  }

  says(pattern: RegExp): boolean {
    return pattern.test(this.output);
  }

  /** Resolves how the process ended (the signal that ended it, else its exit code), once it has. */
  ended(): Promise<NodeJS.Signals | number | null> {
    return this.exited;
  }

  /** Sends `signal` unless the process has ended; resolves how it ended. */
  async kill(signal: NodeJS.Signals): Promise<NodeJS.Signals | number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }
}
