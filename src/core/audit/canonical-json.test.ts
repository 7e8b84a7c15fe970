import { describe, expect, it } from 'vitest';
import { canonicalJson, canonicalStoredJson } from './canonical-json.js';

describe('canonicalJson', () => {
  it('prints the RFC 8785 sample (section 3.2.2) as the RFC does', () => {
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
        ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",' +
        ' "literals": [null, true, false]}',
    );
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('sorts keys by UTF-16 code units (RFC 8785 section 3.2.3), at every depth', () => {
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    expect(canonicalJson(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
        '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
    expect(canonicalJson({ b: { z: 1, a: [{ y: 2, x: 1 }] }, a: null })).toBe(
      '{"a":null,"b":{"a":[{"x":1,"y":2}],"z":1}}',
    );
  });

  it('gives the same text whatever order the keys were inserted in', () => {
    expect(canonicalJson({ a: 1, b: { c: 2, d: 3 } })).toBe(canonicalJson({ b: { d: 3, c: 2 }, a: 1 }));
  });

  it('prints numbers in shortest round-trip form, -0 as 0, integers without a fraction', () => {
    expect(
      canonicalJson([-0, 0, 1, 1.5, 100, 1e21, 1e-7, 2 ** 53 + 2, 1.7976931348623157e308, -5e-324]),
    ).toBe('[0,0,1,1.5,100,1e+21,1e-7,9007199254740994,1.7976931348623157e+308,-5e-324]');
  });

  it('keeps numeric strings as strings and escapes control characters and quotes', () => {
    expect(canonicalJson({ amount: '85000.00', note: 'line\nnext\t"q"\u0001' })).toBe(
      '{"amount":"85000.00","note":"line\\nnext\\t\\"q\\"\\u0001"}',
    );
  });

  it('writes non-ASCII characters as themselves, not as escapes', () => {
    expect(canonicalJson({ name: 'Київ – Łódź 😀' })).toBe('{"name":"Київ – Łódź 😀"}');
  });

  it('prints empty containers and top-level scalars', () => {
    expect(canonicalJson({})).toBe('{}');
    expect(canonicalJson([])).toBe('[]');
    expect(canonicalJson('x')).toBe('"x"');
    expect(canonicalJson(true)).toBe('true');
    expect(canonicalJson(null)).toBe('null');
  });

  it('refuses what is not JSON data, naming where it is', () => {
    expect(() => canonicalJson({ a: [1, Number.NaN] })).toThrow('$.a[1]: NaN is not a JSON number');
    expect(() => canonicalJson({ a: Number.POSITIVE_INFINITY })).toThrow('not a JSON number');
    expect(() => canonicalJson({ a: undefined })).toThrow('$.a: a undefined is not JSON data');
    expect(() => canonicalJson({ a: 1n })).toThrow('a bigint is not JSON data');
    expect(() => canonicalJson({ when: new Date(0) })).toThrow('$.when: a Date object is not JSON data');
    expect(() => canonicalJson([() => 1])).toThrow('a function is not JSON data');
  });

  it('accepts objects without a prototype', () => {
    const bare = Object.create(null) as Record<string, unknown>;
    bare.b = 2;
    bare.a = 1;
    expect(canonicalJson(bare)).toBe('{"a":1,"b":2}');
  });
});

describe('canonicalStoredJson', () => {
  it('writes each value as canonicalJson writes it once stored: dates as text, undefined dropped', () => {
    const values: unknown[] = [
      { b: 1, a: { z: [3, { y: undefined, x: new Date(0) }], c: -0 }, d: undefined },
      {
        when: new Date('2026-12-07T23:00:00.123Z'),
        Київ: 'ü',
        '\u20ac': 1.5,
        n: Number.NaN,
        list: [undefined],
      },
      [{ b: 2, a: 1 }, null, 'x'],
      { a: null, b: {} },
      null,
      undefined,
    ];
    expect(canonicalStoredJson(values)).toEqual(
      values.map((value) =>
        value === null || value === undefined ? null : canonicalJson(JSON.parse(JSON.stringify(value))),
      ),
    );
  });
});
