/**
 * Canonical JSON: object keys sorted by UTF-16 code units, no whitespace, strings and numbers
 * written as `JSON.stringify` writes them (the same rules as RFC 8785 for the values we admit).
 * Two equal values always give the same text, so the text can be hashed, and the text is also
 * what the store keeps: the bytes that were hashed are the bytes that are read back.
 *
 * It refuses, rather than silently changes, what JSON cannot carry: `undefined` in place of a
 * value, functions, symbols, BigInt, NaN and ±Infinity, class instances (a Date or a Map would
 * be flattened to a string or to `{}`), cycles, and nesting deeper than MAX_JSON_DEPTH. An
 * object property whose value is `undefined` is left out, as `JSON.stringify` does, because
 * optional fields (`reason?: string`) are written that way all over the domain.
 */

/** Deeper nesting is refused: it only ever comes from a bug, and recursion must stay bounded. */
export const MAX_JSON_DEPTH = 256;

/** The value is not plain JSON data; `path` locates the offending part (`$.scores[2]`). */
export class NotJsonError extends TypeError {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`${path}: ${reason}`);
    this.name = 'NotJsonError';
  }
}

export function canonicalJson(value: unknown): string {
  try {
    return write(value, 0);
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    // A cycle shows up as nesting past the bound; say which it was.
    const cycle = error.reason === TOO_DEEP ? findCycle(value) : undefined;
    return cycle !== undefined ? refuse(cycle, 'circular reference') : refuse(error.segments.reverse().join(''), error.reason);
  }
}

const TOO_DEEP = `nested deeper than ${MAX_JSON_DEPTH} levels`;

/**
 * Thrown inside the walk, which keeps no path and no set of visited objects on its fast path:
 * each container adds its own segment while the refusal unwinds.
 */
class Refusal {
  readonly segments: string[] = [];
  constructor(readonly reason: string) {}
}

function refuse(path: string, reason: string): never {
  throw new NotJsonError(`$${path}`, reason);
}

function write(value: unknown, depth: number): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new Refusal(`${value} is not a JSON number`);
      // The JSON form of a finite number is its ECMAScript string form (and -0 becomes 0).
      return `${value}`;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      if (depth >= MAX_JSON_DEPTH) throw new Refusal(TOO_DEEP);
      return Array.isArray(value) ? writeArray(value, depth) : writeObject(value, depth);
    case 'undefined':
      throw new Refusal('undefined is not a JSON value');
    default:
      throw new Refusal(`a ${typeof value} is not a JSON value`);
  }
}

function writeArray(array: readonly unknown[], depth: number): string {
  let text = '[';
  for (let i = 0; i < array.length; i++) {
    try {
      text += (i === 0 ? '' : ',') + write(array[i], depth + 1);
    } catch (error) {
      if (error instanceof Refusal) error.segments.push(`[${i}]`);
      throw error;
    }
  }
  return text + ']';
}

function writeObject(object: object, depth: number): string {
  const proto: unknown = Object.getPrototypeOf(object);
  if (proto !== Object.prototype && proto !== null) {
    const kind = (object as { constructor?: { name?: string } }).constructor?.name ?? 'object';
    throw new Refusal(`a ${kind} instance is not plain JSON data`);
  }
  const record = object as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let text = '{';
  for (const key of keys) {
    const member = record[key];
    if (member === undefined) continue;
    try {
      text += (text.length === 1 ? '' : ',') + JSON.stringify(key) + ':' + write(member, depth + 1);
    } catch (error) {
      if (error instanceof Refusal) error.segments.push(`.${key}`);
      throw error;
    }
  }
  return text + '}';
}

/**
 * The path of the first reference back to an enclosing object or array, if there is one
 * within the depth bound (a cycle that made the walk refuse the value always is).
 */
function findCycle(value: unknown, path = '', ancestors = new Set<object>()): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  if (ancestors.has(value)) return path;
  if (ancestors.size > MAX_JSON_DEPTH) return undefined;
  ancestors.add(value);
  const entries: Array<[string, unknown]> = Array.isArray(value)
    ? value.map((item, i) => [`[${i}]`, item])
    : Object.keys(value).map((key) => [`.${key}`, (value as Record<string, unknown>)[key]]);
  for (const [segment, member] of entries) {
    const cycle = findCycle(member, path + segment, ancestors);
    if (cycle !== undefined) return cycle;
  }
  ancestors.delete(value);
  return undefined;
}
