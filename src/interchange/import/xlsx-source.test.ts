import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { sniffSource } from './csv-source.js';
import { decimalText, readXlsxRecords, SheetNotFound } from './xlsx-source.js';

describe('numbers from workbook cells', () => {
  it('writes decimals without binary noise or exponent notation', () => {
    expect(decimalText(0.1 + 0.2)).toBe('0.3');
    expect(decimalText(1234.5)).toBe('1234.5');
    expect(decimalText(-0.000001)).toBe('-0.000001');
    expect(decimalText(1e21)).toBe('1000000000000000000000');
    expect(decimalText(1_500_000)).toBe('1500000');
    expect(decimalText(0)).toBe('0');
    expect(decimalText(2.675)).toBe('2.675');
    expect(decimalText(100)).toBe('100');
  });
});

describe('rows of a workbook', () => {
  it('streams the chosen sheet: header width padding, empty rows skipped, hyperlinks, errors, booleans', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'aidgrid-xlsx-unit-'));
    const book = new ExcelJS.Workbook();
    book.addWorksheet('First').addRow(['ignored']);
    const sheet = book.addWorksheet('Data');
    sheet.addRow(['a', 'b', 'c', 'd']);
    sheet.addRow([]);
    sheet.addRow([{ text: 'site', hyperlink: 'https://example.org' }, true, null, null]);
    sheet.addRow([{ error: '#N/A' }, 'x']);
    sheet.mergeCells('A5:B5');
    sheet.getCell('A5').value = 'merged';
    const file = path.join(dir, 'book.xlsx');
    await book.xlsx.writeFile(file);
    expect(await sniffSource(file)).toBe('xlsx');
    const records = [];
    for await (const r of readXlsxRecords(file, { sheet: 'Data' })) records.push(r);
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b', 'c', 'd'] },
      { line: 3, fields: ['site', 'true', '', ''] },
      {
        line: 4,
        fields: ['', 'x', '', ''],
        cellProblems: [{ column: 'a', reason: 'A4: the cell is an error (#N/A)' }],
      },
      { line: 5, fields: ['merged', '', '', ''] },
    ]);
    const first = [];
    for await (const r of readXlsxRecords(file)) first.push(r.fields);
    expect(first).toEqual([['ignored']]);
    await expect(async () => {
      for await (const _ of readXlsxRecords(file, { sheet: 'Nope' })) {
        // nothing
      }
    }).rejects.toBeInstanceOf(SheetNotFound);
  });
});
