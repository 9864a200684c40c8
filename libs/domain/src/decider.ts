/**
 * The decider shape: three pure functions over plain data. A decider never reads a clock,
 * generates an id or does I/O; time and the actor arrive in the command's metadata.
 */
export interface Decider<Command, Event, State> {
  initialState(): State;
  evolve(state: State, event: Event): State;
  /** The events the command causes; throws DomainError when a rule refuses it. */
  decide(command: Command, state: State): readonly Event[];
}

/** The authenticated principal behind a command. */
export interface Actor {
  readonly sub: string;
  readonly name?: string;
  /** `system`: the deadline process manager, never a token's role. */
  readonly role: 'board' | 'unit' | 'auditor' | 'system';
  readonly unit?: string;
  /** The province a board or auditor principal is scoped to (NFC); absent: national. */
  readonly province?: string;
}

export interface CommandMetadata {
  readonly actor: Actor;
  /** When the command was received (ISO-8601). */
  readonly at: string;
  /** Why, where the command carries a reason (score revisions, withdrawals). */
  readonly reason?: string;
}

type CommandShape<T extends string, D> = {
  readonly type: T;
  readonly data: Readonly<D>;
  readonly metadata: CommandMetadata;
};
export type { CommandShape };

/** Ends an exhaustive switch over a union: the compiler proves the call unreachable. */
export function unreachable(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
