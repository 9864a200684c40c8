/**
 * `@app/domain/testing`: the reference case, for the demo and for specs. Not part of the
 * domain's public surface (`@app/domain`); the decider-spec helpers beside it stay private to
 * the domain's own specs.
 */
export * from './reference-case.js';
