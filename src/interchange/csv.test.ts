import { describe, expect, it } from 'vitest';
import { csvChunks, csvField, csvRow, formatCsv, parseCsv } from './csv.js';

describe('CSV writer', () => {
  it('quotes fields with a comma, a quote, CR or LF, doubling the quotes, and ends lines with CRLF', () => {
    expect(csvRow(['plain', 'a,b', 'say "hi"', 'two\nlines', 'cr\rhere', 'crlf\r\nhere'])).toBe(
      'plain,"a,b","say ""hi""","two\nlines","cr\rhere","crlf\r\nhere"\r\n',
    );
  });

  it('writes null and undefined as empty fields, numbers as plain decimals, booleans as true/false', () => {
    expect(csvRow([null, undefined, 0, 1234567.125, 0.1, true, false])).toBe(
      ',,0,1234567.125,0.1,true,false\r\n',
    );
    expect(() => csvField(Number.NaN)).toThrow(RangeError);
  });

  it('quotes text with leading or trailing spaces so that no reader trims them', () => {
    expect(csvRow([' left', 'right ', 'in side'])).toBe('" left","right ",in side\r\n');
  });

  it('guards text that a spreadsheet would run as a formula with a leading apostrophe', () => {
    // =HYPERLINK(…) or =cmd|… in a donor name would run when the file is opened in a spreadsheet.
    expect(csvField('=HYPERLINK("http://evil.example","x")')).toBe(
      '"\'=HYPERLINK(""http://evil.example"",""x"")"',
    );
    expect(csvField('+1-555')).toBe("'+1-555");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\t=1')).toBe("'\t=1");
    expect(csvField('\r=1')).toBe('"\'\r=1"');
    // Only the first character counts, and numbers stay numbers: a negative figure is not text.
    expect(csvField('a=b')).toBe('a=b');
    expect(csvField('#item +code')).toBe('#item +code');
    expect(csvField(-5)).toBe('-5');
    expect(csvField('=1', { formulaGuard: false })).toBe('=1');
  });

  it('keeps Unicode as it is: Cyrillic, accents, emoji and combining marks', () => {
    const text = ['Київська область', 'Œuvre « spéciale »', 'генератор ⚡ 🔋', 'e\u0301'];
    const csv = csvRow(text);
    expect(csv).toBe('Київська область,Œuvre « spéciale »,генератор ⚡ 🔋,e\u0301\r\n');
    expect(parseCsv(csv)).toEqual([text]);
  });

  it('streams one chunk per batch of rows and skips empty batches', async () => {
    async function* batches() {
      yield [['a', 1]];
      yield [];
      yield [
        ['b', 2],
        ['c,d', 3],
      ];
    }
    const chunks: string[] = [];
    for await (const chunk of csvChunks(batches())) chunks.push(chunk);
    expect(chunks).toEqual(['a,1\r\n', 'b,2\r\n"c,d",3\r\n']);
  });

  it('formats a table with the field names as header', () => {
    const columns = [
      { field: 'name', value: (r: { name: string; n: number }) => r.name },
      { field: 'n', value: (r: { name: string; n: number }) => r.n },
    ];
    expect(formatCsv(columns, [{ name: '=x', n: 1 }])).toBe("name,n\r\n'=x,1\r\n");
  });
});

describe('CSV reader', () => {
  it('reads back what the writer writes, whatever the text holds', () => {
    const rows = [
      ['id', 'text', 'empty', 'n'],
      ['1', 'comma, "quote", CRLF\r\nand LF\n', '', '2.5'],
      ['2', ' spaced ', '', ''],
    ];
    const text = rows.map((row) => csvRow(row, { formulaGuard: false })).join('');
    expect(parseCsv(text)).toEqual(rows);
  });

  it('accepts LF line ends and a missing final line end, and refuses broken quoting', () => {
    expect(parseCsv('a,b\nc,"d"')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(parseCsv('a,\r\n')).toEqual([['a', '']]);
    expect(parseCsv('')).toEqual([]);
    expect(() => parseCsv('"open')).toThrow(/never closed/);
    expect(() => parseCsv('"a"b')).toThrow(/after a closing quote/);
  });
});
