import { describe, expect, it } from 'vitest';
import { CsvParser } from './csv-source.js';

/** Feeds the text in pieces of `size` characters, as a stream would deliver it. */
function parse(text: string, size = 3) {
  const parser = new CsvParser();
  const records = [];
  for (let i = 0; i < text.length; i += size) records.push(...parser.feed(text.slice(i, i + size)));
  records.push(...parser.end());
  return records;
}

describe('CSV records from a stream', () => {
  it('reads quoted fields with doubled quotes, delimiters and line breaks, whatever the chunking', () => {
    const text = 'a,b,c\r\n"x, ""y""",2,"line\nbreak"\n3,,\n';
    for (const size of [1, 2, 5, 1000]) {
      expect(parse(text, size)).toEqual([
        { line: 1, fields: ['a', 'b', 'c'] },
        { line: 2, fields: ['x, "y"', '2', 'line\nbreak'] },
        { line: 4, fields: ['3', '', ''] },
      ]);
    }
  });

  it('keeps ragged rows as they are and reports broken quoting on its record', () => {
    expect(parse('a,b\n1\n1,2,3\n"open,4\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1'] },
      { line: 3, fields: ['1', '2', '3'] },
      { line: 4, fields: ['open,4\n'], error: 'a quoted field is never closed' },
    ]);
    expect(parse('"a"b,c\n')).toEqual([
      { line: 1, fields: ['ab', 'c'], error: 'text after the closing quote of a field' },
    ]);
  });

  it('reads a million-character cell', () => {
    const big = 'y'.repeat(1_000_000);
    const records = parse(`a,b\n1,"${big}"\n2,${big}\n`, 65_536);
    expect(records.map((r) => r.fields[1]?.length)).toEqual([1, 1_000_000, 1_000_000]);
  });
});
