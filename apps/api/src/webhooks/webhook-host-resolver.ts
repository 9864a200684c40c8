/** Injection token of the resolver the registration checks a target's host with (specs give their own). */
export const WEBHOOK_HOST_RESOLVER = Symbol('WEBHOOK_HOST_RESOLVER');
