import { describe, expect, it } from 'vitest';
import { checkCsvAgainstSchema, type TableSchema } from './table-check.js';

const schema: TableSchema = {
  fields: [
    { name: 'id', type: 'string', constraints: { required: true, unique: true } },
    { name: 'quantity', type: 'number' },
    { name: 'needed_by', type: 'date' },
    { name: 'synthetic', type: 'boolean' },
  ],
  primaryKey: ['id'],
  missingValues: [''],
};
const header =
  'id,quantity,needed_by,synthetic\r\n#meta +id,#targeted +num,#date +deadline,#meta +synthetic\r\n';

describe('checkCsvAgainstSchema', () => {
  it('accepts a table whose cells fit their fields, below two header rows', () => {
    const csv = `${header}a,12.5,2022-12-15,false\r\nb,,,true\r\n`;
    expect(checkCsvAgainstSchema(csv, schema, { headerRows: [1, 2] })).toEqual([]);
  });

  it('names each cell that does not fit, a missing key, a repeated key and a short row', () => {
    const csv = `${header}a,many,2022-02-30,yes\r\n,1,2022-01-01,true\r\na,1,2022-01-01,true\r\nc,1\r\n`;
    expect(checkCsvAgainstSchema(csv, schema, { headerRows: [1, 2] })).toEqual([
      'row 3: quantity "many" is not a number',
      'row 3: needed_by "2022-02-30" is not a date',
      'row 3: synthetic "yes" is not a boolean',
      'row 4: id is required',
      'row 5: id "a" repeats',
      'row 6: 2 cells for 4 fields',
    ]);
  });

  it('reads the hashtag row as data when the dialect does not declare it a header row', () => {
    const problems = checkCsvAgainstSchema(`${header}a,1,2022-01-01,true\r\n`, schema);
    expect(problems).toContain('row 2: quantity "#targeted +num" is not a number');
  });

  it('refuses a header that is not the schema fields', () => {
    const problems = checkCsvAgainstSchema('id,qty\r\n', schema);
    expect(problems[0]).toMatch(/^header/);
  });
});
