import { describe, expect, it } from 'vitest';
import { recordsToCsv } from './listCsv.js';

describe('recordsToCsv', () => {
  it('writes one column per field in the order first seen, nested values as JSON, empty for null', () => {
    const csv = recordsToCsv([
      { id: 'a', name: 'Kyiv hub, north', quantity: 3 },
      {
        id: 'b',
        name: '=HYPERLINK("x")',
        quantity: -2,
        eta: null,
        value: { amount: '10.00', currency: 'EUR' },
      },
    ]);
    expect(csv).toBe(
      'id,name,quantity,eta,value\r\n' +
        'a,"Kyiv hub, north",3,,\r\n' +
        `b,"'=HYPERLINK(""x"")",-2,,"{""amount"":""10.00"",""currency"":""EUR""}"\r\n`,
    );
  });

  it('writes an empty header row for a list without records', () => {
    expect(recordsToCsv([])).toBe('\r\n');
  });
});
