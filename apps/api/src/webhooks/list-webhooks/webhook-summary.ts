/** A webhook as the list shows it: never its secret. */
export interface WebhookSummary {
  readonly id: string;
  readonly url: string;
  /** null: every type. */
  readonly types: readonly string[] | null;
  /** Position of its registration: it receives the events after it. */
  readonly position: number;
  readonly registeredAt: string;
  readonly registeredBy: string;
}
