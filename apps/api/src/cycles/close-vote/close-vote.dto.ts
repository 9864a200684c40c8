/** Closing a vote carries no data: the body is `{}`. */
export class CloseVoteDto {}
