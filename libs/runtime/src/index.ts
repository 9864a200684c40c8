export * from './config/app.config.js';
export * from './config/config.module.js';
export * from './event-store.module.js';
export * from './projection-engine.module.js';
export * from './signed-heads.js';
