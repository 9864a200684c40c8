/**
 * The votes projection: a bloc-year's roll-call votes, each with its ballots in the order cast,
 * its running tally and, once closed, whether it passed, in one document.
 */
import type { BallotChoice, DomainEvent, VoteSubject } from '@app/domain';
import { cycleKey, type DocumentProjection } from '../projection.js';

export interface VoteTally {
  readonly for: number;
  readonly against: number;
  readonly abstain: number;
  readonly notVoted: number;
}

/** One roll-call vote as the read side shows it; `passed` is null while it is open. */
export interface VoteView {
  readonly voteId: string;
  readonly subject: VoteSubject;
  readonly candidate: string;
  readonly status: 'open' | 'closed';
  readonly ballots: readonly { readonly unitId: string; readonly choice: BallotChoice }[];
  readonly tally: VoteTally;
  readonly passed: boolean | null;
}

/** One bloc-year's votes, in the order opened. */
export interface VotesDocument {
  readonly blocId: string;
  readonly year: number;
  readonly votes: readonly VoteView[];
}

export const votesProjection: DocumentProjection<VotesDocument> = {
  name: 'votes',

  keyOf(event) {
    switch (event.type) {
      case 'VoteOpened':
      case 'BallotCast':
      case 'VoteClosed':
        return cycleKey(event.data.blocId, event.data.year);
      default:
        return undefined;
    }
  },

  evolve(document, event: DomainEvent) {
    switch (event.type) {
      case 'VoteOpened': {
        const { blocId, year, voteId, subject, unitId, electorate } = event.data;
        const held = document ?? { blocId, year, votes: [] };
        if (held.votes.some((vote) => vote.voteId === voteId)) return held;
        const opened: VoteView = {
          voteId,
          subject,
          candidate: unitId,
          status: 'open',
          ballots: [],
          tally: { for: 0, against: 0, abstain: 0, notVoted: electorate.length },
          passed: null,
        };
        return { ...held, votes: [...held.votes, opened] };
      }
      case 'BallotCast': {
        const { voteId, unitId, choice } = event.data;
        return withVote(document, voteId, (vote) =>
          vote.ballots.some((ballot) => ballot.unitId === unitId)
            ? vote
            : {
                ...vote,
                ballots: [...vote.ballots, { unitId, choice }],
                tally: { ...vote.tally, [choice]: vote.tally[choice] + 1, notVoted: vote.tally.notVoted - 1 },
              },
        );
      }
      case 'VoteClosed': {
        const { voteId, for: votesFor, against, abstain, notVoted, passed } = event.data;
        return withVote(document, voteId, (vote) => ({
          ...vote,
          status: 'closed',
          tally: { for: votesFor, against, abstain, notVoted },
          passed,
        }));
      }
      default:
        return document;
    }
  },
};

function withVote(
  document: VotesDocument | undefined,
  voteId: string,
  change: (vote: VoteView) => VoteView,
): VotesDocument | undefined {
  if (document === undefined) return undefined;
  return { ...document, votes: document.votes.map((vote) => (vote.voteId === voteId ? change(vote) : vote)) };
}
