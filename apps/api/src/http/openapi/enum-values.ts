/**
 * The values of a string union, for an OpenAPI `enum`, checked complete at compile time:
 * `enumValues<CyclePhase>()('signing', …)` fails to compile while a member is missing or extra.
 */
import type { SameShape } from './same-shape.js';

export function enumValues<Union extends string>() {
  return <const Values extends readonly Union[]>(
    ...values: SameShape<Values[number], Union> extends true ? Values : never
  ): Values => values;
}
