/**
 * class-validator looks up a class's rules on every object it validates: it filters the rules
 * registered for the class and walks every registered class to find the ones it inherits from
 * (`getTargetValidationMetadatas`), then groups them by property. The rules are fixed once the
 * decorators have run, so the lookup is remembered per class and options here; registering a
 * rule later (a module loaded after the first request) forgets what was remembered.
 */
import { getMetadataStorage } from 'class-validator';

type MetadataStorage = ReturnType<typeof getMetadataStorage>;
type Lookup = MetadataStorage['getTargetValidationMetadatas'];
type Rules = ReturnType<Lookup>;
type Grouped = ReturnType<MetadataStorage['groupByPropertyName']>;

const CACHED = Symbol('validation rules cached');

/** How many times a cached storage has forgotten its lookups: a rule registered after a lookup. */
let version = 0;

/**
 * Changes whenever a storage with cached lookups registers a rule (and forgets what it
 * remembered), so that what is derived from the rules (valid-body-path.ts) can be remembered too.
 */
export function validationRulesVersion(): number {
  return version;
}

/** Remembers class-validator's rule lookups on `storage` (the global one by default); idempotent. */
export function cacheValidationRules(storage: MetadataStorage = getMetadataStorage()): void {
  const marked = storage as MetadataStorage & { [CACHED]?: true };
  if (marked[CACHED] === true) return;
  marked[CACHED] = true;

  let rules = new Map<unknown, Map<string, Rules>>();
  let grouped = new WeakMap<Rules, Grouped>();
  const forget = (): void => {
    rules = new Map();
    grouped = new WeakMap();
    version++;
  };

  const lookup = storage.getTargetValidationMetadatas.bind(storage);
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const options = JSON.stringify([schema, always, strictGroups, groups ?? null]);
    let forTarget = rules.get(target);
    if (forTarget === undefined) rules.set(target, (forTarget = new Map()));
    let found = forTarget.get(options);
    if (found === undefined) forTarget.set(options, (found = lookup(target, schema, always, strictGroups, groups)));
    return found;
  };

  const group = storage.groupByPropertyName.bind(storage);
  storage.groupByPropertyName = (metadata) => {
    let found = grouped.get(metadata);
    if (found === undefined) grouped.set(metadata, (found = group(metadata)));
    return found;
  };

  for (const register of [
    'addValidationMetadata',
    'addConstraintMetadata',
    'addValidationSchema',
  ] as const) {
    const original = storage[register].bind(storage) as (argument: never) => void;
    storage[register] = ((argument: never) => {
      forget();
      original(argument);
    }) as never;
  }
}
