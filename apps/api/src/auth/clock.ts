/** Injection token of the clock that token checks read. */
export const CLOCK = Symbol('CLOCK');

/** Now, in milliseconds since the epoch. Specs inject a hand-moved one instead of sleeping. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();
