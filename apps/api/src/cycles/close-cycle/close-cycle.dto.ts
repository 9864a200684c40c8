/** Closing carries no data: the body is `{}`. */
export class CloseCycleDto {}
