/**
 * Decider specifications that read as the rule they check:
 *   given([events]).when(command).then([events])   or   .thenThrows('CODE')
 * For specs only; not exported from the library's index.
 */
import { expect } from '@jest/globals';
import type { Decider } from '../decider.js';
import { DomainError, type DomainErrorCode } from '../domain.error.js';

export interface DeciderSpec<Command, Event> {
  given(events: readonly Event[]): {
    when(command: Command): {
      then(expected: readonly Event[]): void;
      thenThrows(code: DomainErrorCode): void;
    };
  };
}

export function specOf<Command, Event, State>(
  decider: Decider<Command, Event, State>,
): DeciderSpec<Command, Event> {
  return {
    given(events) {
      const state = events.reduce((s, e) => decider.evolve(s, e), decider.initialState());
      return {
        when(command) {
          return {
            then(expected) {
              const decided = decider.decide(command, state);
              expect(decided).toEqual(expected);
              // What was decided must also be something the state can evolve over.
              expect(() => decided.reduce((s, e) => decider.evolve(s, e), state)).not.toThrow();
            },
            thenThrows(code) {
              expect(thrownCode(() => decider.decide(command, state))).toBe(code);
            },
          };
        },
      };
    },
  };
}

/** The code of the DomainError the action throws, undefined when it throws none. */
export function thrownCode(action: () => unknown): DomainErrorCode | undefined {
  try {
    action();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  return undefined;
}

/** A command of the union without its metadata (distributes over the union's members). */
export type Unsigned<Command> = Command extends unknown ? Omit<Command, 'metadata'> : never;
