/**
 * Sends commands to a running API over HTTP, each as its principal with a bearer token signed by
 * the server's own secret, and tells a first write from an idempotent replay.
 */
import type { Actor } from '@app/domain';
import { signToken } from '../auth/token.signer.js';
import { IDEMPOTENCY_KEY_HEADER, IDEMPOTENT_REPLAY_HEADER } from '../idempotency/idempotency-hooks.js';
import type { SendCommand } from './reference-case-script.js';

/** Sends commands over HTTP to the API at `url`, with tokens signed by the server's secret. */
export function httpCommandSender(url: string, authSecret: string): SendCommand {
  const tokens = new Map<string, Promise<string>>();
  const tokenOf = (principal: Actor): Promise<string> => {
    let token = tokens.get(principal.sub);
    if (token === undefined) {
      token = signToken(authSecret, principal);
      tokens.set(principal.sub, token);
    }
    return token;
  };
  return async (principal, path, body, idempotencyKey) => {
    const response = await fetch(`${url}/api${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await tokenOf(principal)}`,
        'content-type': 'application/json',
        [IDEMPOTENCY_KEY_HEADER]: idempotencyKey,
      },
      body: JSON.stringify(body),
    });
    const answer = await response.text();
    if (response.status !== 201) {
      throw new Error(`POST ${path} as ${principal.sub}: ${response.status} ${answer}`);
    }
    return {
      replayed: response.headers.get(IDEMPOTENT_REPLAY_HEADER) === 'true',
      answer: JSON.parse(answer) as unknown,
    };
  };
}
