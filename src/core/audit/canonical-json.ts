/**
 * Canonical JSON in the manner of RFC 8785 (JCS): object keys sorted by UTF-16 code units, no
 * whitespace, numbers as ECMAScript prints them (shortest round-trip form, -0 as 0), strings escaped
 * as JSON.stringify escapes them. The same JSON data always gives the same text, whatever the key
 * order it was built or stored in (PostgreSQL jsonb reorders keys), so a hash over it is stable.
 *
 * Only JSON data is accepted (what JSON.parse returns): undefined, functions, symbols, bigints,
 * non-finite numbers and objects other than plain objects and arrays are refused, not silently
 * dropped or converted, because a value that would not survive storage must not be hashed.
 */
export function canonicalJson(value: unknown): string {
  return write(value, '$');
}

function write(value: unknown, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${path}: ${value} is not a JSON number`);
      // ECMAScript Number-to-string is exactly the JCS number form; it prints -0 as "0".
      return JSON.stringify(value);
    case 'object':
      return Array.isArray(value) ? writeArray(value, path) : writeObject(value, path);
    default:
      throw new TypeError(`${path}: a ${typeof value} is not JSON data`);
  }
}

function writeArray(items: readonly unknown[], path: string): string {
  const parts: string[] = [];
  for (let index = 0; index < items.length; index++) parts.push(write(items[index], `${path}[${index}]`));
  return `[${parts.join(',')}]`;
}

function writeObject(object: object, path: string): string {
  const prototype = Object.getPrototypeOf(object);
  if (prototype !== Object.prototype && prototype !== null) {
    throw new TypeError(`${path}: a ${prototype?.constructor?.name ?? 'non-plain'} object is not JSON data`);
  }
  const record = object as Record<string, unknown>;
  const { sorted, quoted } = orderOf(Object.keys(object));
  let text = '{';
  for (let k = 0; k < sorted.length; k++) {
    const key = sorted[k] as string;
    if (k > 0) text += ',';
    const item = record[key];
    // Strings, the commonest value, without the recursive call (and its path).
    text += `${quoted[k]}:${typeof item === 'string' ? JSON.stringify(item) : write(item, `${path}.${key}`)}`;
  }
  return `${text}}`;
}

interface KeyOrder {
  readonly keys: readonly string[];
  readonly sorted: readonly string[];
  readonly quoted: readonly string[];
}

/**
 * The keys sorted (the default sort compares UTF-16 code units, the order RFC 8785 prescribes) and
 * quoted. Objects hashed in bulk share a few shapes (an audit entry, the entity in it), so the last
 * orders are kept and reused when an object's keys come in the same order.
 */
const orders: KeyOrder[] = [];
const ORDERS_KEPT = 8;

function orderOf(keys: string[]): KeyOrder {
  search: for (const order of orders) {
    if (order.keys.length !== keys.length) continue;
    for (let k = 0; k < keys.length; k++) if (order.keys[k] !== keys[k]) continue search;
    return order;
  }
  const sorted = [...keys].sort();
  const order = { keys, sorted, quoted: sorted.map((key) => JSON.stringify(key)) };
  orders.unshift(order);
  if (orders.length > ORDERS_KEPT) orders.pop();
  return order;
}

/**
 * The canonical JSON of each value as it will read back from storage, in one native pass each:
 * `canonicalJson(JSON.parse(JSON.stringify(value)))` without the round trip. JSON.stringify given
 * a list of keys writes every object's keys in the list's order (ECMA-262 SerializeJSONObject), so
 * the sorted union of the keys of every object in the batch gives each one its keys sorted; what
 * JSON.stringify does to values JSON cannot hold (toJSON, undefined dropped, NaN as null) is what
 * storing them did. `undefined` and `null` give null (no value).
 */
export function canonicalStoredJson(values: readonly unknown[]): (string | null)[] {
  const keys = new Set<string>();
  const collect = (value: unknown): void => {
    if (typeof value !== 'object' || value === null) return;
    const json = (value as { toJSON?: unknown }).toJSON;
    if (typeof json === 'function') {
      collect((value as { toJSON: () => unknown }).toJSON());
      return;
    }
    if (Array.isArray(value)) {
      for (const item of value) collect(item);
      return;
    }
    for (const key of Object.keys(value)) {
      keys.add(key);
      collect((value as Record<string, unknown>)[key]);
    }
  };
  for (const value of values) collect(value);
  const order = [...keys].sort();
  return values.map((value) => (value === null || value === undefined ? null : JSON.stringify(value, order)));
}
