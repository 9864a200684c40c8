/** Which bloc-year a command is for: the cycle stream `cycle-{blocId}:{year}`. */
export interface CycleKey {
  readonly blocId: string;
  readonly year: number;
}
