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

/**
 * A string as JSON writes it: `JSON.stringify(text)`, spared for the usual text that needs no
 * escape (no quote, backslash, control character or surrogate), which is only wrapped in quotes.
 */
export function jsonString(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x20 || unit === 0x22 || unit === 0x5c || (unit >= 0xd800 && unit <= 0xdfff)) return JSON.stringify(text);
  }
  return `"${text}"`;
}

function write(value: unknown, depth: number): string {
  switch (typeof value) {
    case 'string':
      return jsonString(value);
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
  const keys = sortedKeys(record);
  let text = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const member = record[key];
    if (member === undefined) continue;
    try {
      text += (text.length === 1 ? '' : ',') + memberName(key) + write(member, depth + 1);
    } catch (error) {
      if (error instanceof Refusal) error.segments.push(`.${key}`);
      throw error;
    }
  }
  return text + '}';
}

/**
 * The JSON of short member names and its colon (`"unitId":`), kept once made: an application's
 * events use a few hundred names over and over, and looking one up costs half of escaping it and
 * joining the colon, with two strings less to collect for every member. Bounded, so that data
 * with ever new names cannot grow it without end: past the bound names are escaped each time.
 */
const memberNames = new Map<string, string>();
const MEMBER_NAMES_KEPT = 4096;
const MEMBER_NAME_KEPT_LENGTH = 64;

function memberName(key: string): string {
  let name = memberNames.get(key);
  if (name === undefined) {
    name = jsonString(key) + ':';
    if (key.length <= MEMBER_NAME_KEPT_LENGTH && memberNames.size < MEMBER_NAMES_KEPT) memberNames.set(key, name);
  }
  return name;
}

/** Fewer keys than this are sorted in place by insertion, which spares the builtin sort's call. */
const INSERTION_SORT_KEYS = 16;

/** The object's own enumerable keys in UTF-16 code unit order (as `Array.prototype.sort` orders strings). */
function sortedKeys(record: object): string[] {
  const keys = Object.keys(record);
  if (keys.length >= INSERTION_SORT_KEYS) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i];
    let j = i - 1;
    for (; j >= 0 && keys[j] > key; j--) keys[j + 1] = keys[j];
    keys[j + 1] = key;
  }
  return keys;
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
