import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.js';
import {
  allHxlColumns,
  CUSTOM_ATTRIBUTES,
  gapColumns,
  headerRows,
  NEED_COLUMNS,
  PLEDGE_COLUMNS,
  parseHxlTag,
} from './hxl.js';

/** A copy of the HXL core schema tables kept beside this test (see hxl-reference/README.md). */
const referenceDir = fileURLToPath(new URL('./hxl-reference/', import.meta.url));

/** The HXL core schema table (one row of hashtags, then one row per token): token → status. */
function readSchema(file: string): Map<string, string> {
  const path = `${referenceDir}${file}`;
  if (!existsSync(path)) {
    throw new Error(
      `The HXL reference ${path} is missing: the HXL tag test needs the core schema tables ` +
        'in src/interchange/hxl-reference/.',
    );
  }
  const [header, ...rows] = parseCsv(readFileSync(path, 'utf8'));
  const statusColumn = header?.indexOf('#status') ?? -1;
  if (statusColumn < 0) throw new Error(`${path} is not the HXL core schema table`);
  return new Map(rows.map((row) => [(row[0] ?? '').trim(), (row[statusColumn] ?? '').trim()]));
}

describe('HXL columns against the HXL core schema', () => {
  const hashtags = readSchema('core-hashtag.hxl.csv');
  const attributes = readSchema('core-attribute.hxl.csv');
  const columns = allHxlColumns();
  const tags = columns.map((column) => ({ field: column.field, ...parseHxlTag(column.tag) }));

  it('reads the reference tables', () => {
    expect(hashtags.get('#access')).toBe('Released');
    expect(hashtags.get('#delivery')).toBe('Rejected');
    expect(attributes.get('+code')).toBe('Released');
  });

  it('uses only released core hashtags', () => {
    const unknown = tags.filter((tag) => hashtags.get(tag.hashtag) !== 'Released');
    expect(unknown.map((tag) => `${tag.field}: ${tag.hashtag}`)).toEqual([]);
  });

  it('uses core attributes that are not deprecated, or documented custom ones', () => {
    const problems: string[] = [];
    for (const tag of tags) {
      for (const attribute of tag.attributes) {
        const status = attributes.get(attribute);
        if (status === undefined && !(attribute in CUSTOM_ATTRIBUTES))
          problems.push(`${tag.field}: ${attribute} is neither core nor documented`);
        if (status === 'Deprecated') problems.push(`${tag.field}: ${attribute} is deprecated`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('documents only custom attributes that are used and really are not core', () => {
    const used = new Set(tags.flatMap((tag) => tag.attributes));
    for (const attribute of Object.keys(CUSTOM_ATTRIBUTES)) {
      expect(attributes.has(attribute), `${attribute} is core`).toBe(false);
      expect(used.has(attribute), `${attribute} is unused`).toBe(true);
      expect(attribute).toMatch(/^\+[a-z][_0-9a-z]*$/);
    }
  });

  it('writes tags in HXL syntax, lower case, and explains every column', () => {
    for (const column of columns) {
      expect(column.tag).toMatch(/^#[a-z][_0-9a-z]*( \+[a-z][_0-9a-z]*)*$/);
      expect(column.note.length, column.field).toBeGreaterThan(5);
    }
  });

  it('gives each column of one export its own field name and its own tag', () => {
    for (const set of [
      NEED_COLUMNS,
      PLEDGE_COLUMNS,
      ...(['category', 'item', 'region', 'donor'] as const).map(gapColumns),
    ]) {
      expect(new Set(set.map((c) => c.field)).size).toBe(set.length);
      expect(new Set(set.map((c) => c.tag)).size).toBe(set.length);
    }
  });
});

describe('HXL tag syntax', () => {
  it('splits a tag into its hashtag and attributes and refuses anything else', () => {
    expect(parseHxlTag('#org +funder +name')).toEqual({ hashtag: '#org', attributes: ['+funder', '+name'] });
    expect(parseHxlTag('#Adm1+Code')).toEqual({ hashtag: '#adm1', attributes: ['+code'] });
    expect(() => parseHxlTag('org +name')).toThrow();
    expect(() => parseHxlTag('#org +in-service')).toThrow();
  });

  it('writes the hashtag row only when asked', () => {
    expect(headerRows(NEED_COLUMNS, true)).toHaveLength(2);
    expect(headerRows(NEED_COLUMNS, false)).toEqual([NEED_COLUMNS.map((c) => c.field)]);
  });
});
