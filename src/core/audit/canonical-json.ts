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
  // The default sort compares UTF-16 code units, which is the order RFC 8785 prescribes.
  const keys = Object.keys(object).sort();
  const record = object as Record<string, unknown>;
  const parts = keys.map((key) => `${JSON.stringify(key)}:${write(record[key], `${path}.${key}`)}`);
  return `{${parts.join(',')}}`;
}
