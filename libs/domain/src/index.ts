export * from './decider.js';
export * from './domain.error.js';
export * from './events.js';
export * from './streams.js';
