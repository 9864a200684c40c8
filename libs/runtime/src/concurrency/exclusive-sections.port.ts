/**
 * Work that must not overlap other work of the same name, wherever in the deployment it runs:
 * a read of one stream and an append to another that must not interleave with another such
 * pair, say, when no single stream's expected revision covers both.
 */

/** Injection token of the application's exclusive sections. */
export const EXCLUSIVE_SECTIONS = Symbol('EXCLUSIVE_SECTIONS');

export interface ExclusiveSections {
  /**
   * Runs `work` once no other work named `name` runs, in this process or, where the
   * implementation is shared, in any other; work of other names runs meanwhile. The answer is
   * `work`'s (its error too), and the section is free again once `work` has settled.
   */
  run<T>(name: string, work: () => Promise<T>): Promise<T>;
  /** Lets the work started or queued so far finish, then lets go of what the sections hold. */
  close(): Promise<void>;
}
