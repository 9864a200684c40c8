/** Finalizing carries no data: the body is `{}`. */
export class FinalizeScoringDto {}
