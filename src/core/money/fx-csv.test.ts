import { describe, expect, it } from 'vitest';
import { parseFxCsv, splitCsvLine } from './fx-csv.js';

const HEADER = 'currency,date,eur_per_unit,source';

describe('parseFxCsv', () => {
  it('reads every line of a valid file, trimming cells and skipping blank lines', () => {
    const text = [
      HEADER,
      'USD,2022-11-29,0.9612,ECB reference rate',
      '',
      ' GBP , 2022-11-29 , 1.1601 , "Bank of England, spot" ',
      'JPY,2022-11-29,0.0069590000,ECB',
      '',
    ].join('\r\n');
    const { rates, problems } = parseFxCsv(`\uFEFF${text}`);
    expect(problems).toEqual([]);
    expect(rates).toEqual([
      { currency: 'USD', rate_on: '2022-11-29', eur_per_unit: '0.9612', source: 'ECB reference rate' },
      { currency: 'GBP', rate_on: '2022-11-29', eur_per_unit: '1.1601', source: 'Bank of England, spot' },
      { currency: 'JPY', rate_on: '2022-11-29', eur_per_unit: '0.0069590000', source: 'ECB' },
    ]);
  });

  it('accepts the columns in another order', () => {
    const { rates, problems } = parseFxCsv('source,eur_per_unit,date,currency\nECB,0.97,2022-12-01,USD\n');
    expect(problems).toEqual([]);
    expect(rates).toEqual([{ currency: 'USD', rate_on: '2022-12-01', eur_per_unit: '0.97', source: 'ECB' }]);
  });

  it('reports every bad line with its line number and the column at fault', () => {
    const text = [
      HEADER,
      'USD,2022-11-29,0.9612,ECB', // 2: fine
      'usd,2022-11-29,0.96,ECB', // 3: currency
      'EUR,2022-11-29,1,ECB', // 4: base currency
      'GBP,2022-02-30,1.16,ECB', // 5: impossible date
      'GBP,2022-11-29,abc,ECB', // 6: not a number
      'GBP,2022-11-30,0,ECB', // 7: zero
      'GBP,2022-12-01,-1.2,ECB', // 8: negative
      'GBP,2022-12-02,1e-3,ECB', // 9: exponent
      'GBP,2022-12-03,1.12345678901,ECB', // 10: 11 decimals
      'GBP,2022-12-04,12345678901,ECB', // 11: 11 integer digits
      'GBP,2022-12-05,1.16,  ', // 12: blank source
      'GBP,2022-12-06,1.16', // 13: 3 fields
      'GBP,2022-12-07,1.16,"unclosed', // 14: quote
      'USD,2022-11-29,0.9700,ECB', // 15: repeats line 2
      'xx,nodate,,', // 16: several problems on one line
    ].join('\n');
    const { problems } = parseFxCsv(text);
    expect(problems).toEqual([
      { field: 'line 3: currency', message: '"usd" is not an ISO 4217 code such as USD' },
      { field: 'line 4: currency', message: 'EUR is the base currency; its rate is 1 by definition' },
      { field: 'line 5: date', message: 'must be a real date YYYY-MM-DD' },
      { field: 'line 6: eur_per_unit', message: '"abc" is not a decimal number such as 0.9712' },
      { field: 'line 7: eur_per_unit', message: 'must be greater than zero' },
      { field: 'line 8: eur_per_unit', message: '"-1.2" is not a decimal number such as 0.9712' },
      { field: 'line 9: eur_per_unit', message: '"1e-3" is not a decimal number such as 0.9712' },
      { field: 'line 10: eur_per_unit', message: 'must have at most 10 decimals' },
      { field: 'line 11: eur_per_unit', message: 'must have at most 10 digits before the point' },
      { field: 'line 12: source', message: 'must not be blank' },
      { field: 'line 13', message: 'has 3 fields; expected 4' },
      {
        field: 'line 14',
        message: 'a quoted field is not closed (quoted fields cannot span lines)',
      },
      { field: 'line 15', message: 'repeats the rate of USD 2022-11-29 from line 2' },
      { field: 'line 16: currency', message: '"xx" is not an ISO 4217 code such as USD' },
      { field: 'line 16: date', message: 'must be a real date YYYY-MM-DD' },
      { field: 'line 16: eur_per_unit', message: '"" is not a decimal number such as 0.9712' },
      { field: 'line 16: source', message: 'must not be blank' },
    ]);
  });

  it('refuses a missing or wrong header, an empty file and a file without rates', () => {
    expect(parseFxCsv('USD,2022-11-29,0.96,ECB\n').problems[0]?.field).toBe('line 1');
    expect(parseFxCsv('currency,date,rate,source\n').problems[0]?.message).toContain('header');
    expect(parseFxCsv('currency,date,eur_per_unit,source,extra\n').problems).toHaveLength(1);
    expect(parseFxCsv('currency,currency,eur_per_unit,source\n').problems).toHaveLength(1);
    expect(parseFxCsv('').problems).toEqual([
      {
        field: 'line 1',
        message: 'the file is empty; it needs the header currency,date,eur_per_unit,source',
      },
    ]);
    expect(parseFxCsv(`${HEADER}\n\n`).problems).toEqual([
      { field: 'line 2', message: 'the file has a header but no rates' },
    ]);
  });
});

describe('splitCsvLine', () => {
  it('splits on commas outside quotes and unescapes doubled quotes', () => {
    expect(splitCsvLine('a,"b, c","say ""hi""",')).toEqual(['a', 'b, c', 'say "hi"', '']);
    expect(splitCsvLine('"x"y,z')).toEqual({ error: 'text after a closing quote at column 4' });
  });
});
