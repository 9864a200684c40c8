/**
 * Events are never rewritten, so an event stored under an older data schema is brought to the
 * current shape when it is read. Each event's current version is in EVENT_SCHEMA_VERSIONS;
 * the writer records it in `metadata.schemaVersion` (absent means 1).
 */
import { type DomainEvent, type DomainEventType, EVENT_SCHEMA_VERSIONS } from './events.js';

type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;

/** upcasters[type][v] turns version v of the type's data into version v + 1. */
const upcasters: Partial<Record<DomainEventType, Readonly<Record<number, Upcaster>>>> = {
  PactSigned: {
    // v1 recorded only the signatory's title, as a string.
    1: ({ signatory, ...rest }) => ({ ...rest, signatory: { title: signatory } }),
  },
};

export function isDomainEventType(type: string): type is DomainEventType {
  return Object.hasOwn(EVENT_SCHEMA_VERSIONS, type);
}

/** The event's data in the current shape of its type. */
export function upcast(type: DomainEventType, schemaVersion: number, data: unknown): unknown {
  const current = EVENT_SCHEMA_VERSIONS[type];
  if (!Number.isInteger(schemaVersion) || schemaVersion < 1 || schemaVersion > current) {
    throw new Error(`${type} has no schema version ${schemaVersion} (current: ${current})`);
  }
  let upcast = data as Record<string, unknown>;
  for (let version = schemaVersion; version < current; version += 1) {
    const step = upcasters[type]?.[version];
    if (step === undefined) throw new Error(`No upcaster for ${type} from version ${version}`);
    upcast = step(upcast);
  }
  return upcast;
}

/** A stored event (from either side of the log) as the domain event it records. */
export function toDomainEvent(stored: {
  readonly type: string;
  readonly data: unknown;
  readonly metadata?: { readonly schemaVersion?: number };
}): DomainEvent {
  if (!isDomainEventType(stored.type)) throw new Error(`Unknown event type ${stored.type}`);
  const data = upcast(stored.type, stored.metadata?.schemaVersion ?? 1, stored.data);
  return { type: stored.type, data } as DomainEvent;
}
