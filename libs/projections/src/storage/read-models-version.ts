/**
 * The version of the read models: the shapes of the projections' documents and the tables of
 * the stores that hold them. Bump it when either changes. A store written by another version is
 * emptied when it opens (SQLite: `PRAGMA user_version`; PostgreSQL: the `read_models_version`
 * table), and the projector rebuilds it from the log: read models are derived data.
 */
export const READ_MODELS_VERSION = 7;
