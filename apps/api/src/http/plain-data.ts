/**
 * The validated DTO as plain JSON data. Validation yields class instances, and the event
 * store refuses class instances in event data (they do not round-trip through JSON).
 */
export function plainData<T extends object>(dto: T): T {
  return JSON.parse(JSON.stringify(dto)) as T;
}
