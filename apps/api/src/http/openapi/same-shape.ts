/**
 * The compile-time link between an answer class (what OpenAPI documents) and the read side's
 * type (what the query returns): `sameShape<RankingView, RankingAnswer>()` compiles only when
 * the two are identical types, field for field, optional and nullable alike, so the document
 * cannot drift from the answers without the type check failing.
 */

/** true when A and B are the identical type (TypeScript's own identity, not mere assignability). */
export type SameShape<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** Does nothing at run time; a type argument pair that differs is a compile error. */
export function sameShape<A, B>(..._proof: SameShape<A, B> extends true ? [] : [never]): void {}
