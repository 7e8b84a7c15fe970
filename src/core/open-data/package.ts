import { createHash } from 'node:crypto';
import type { Snapshot, SnapshotCsv } from './snapshot.js';

export const LICENSE = {
  name: 'CC-BY-4.0',
  path: 'https://creativecommons.org/licenses/by/4.0/',
  title: 'Creative Commons Attribution 4.0 International',
} as const;

export const ATTRIBUTION =
  'Source: aidgrid open data (coordination of aid), licensed CC BY 4.0. Figures count only records ' +
  'published as public at the release date; synthetic demo records are marked synthetic=true.';

/** A file of a release: its name, media type and bytes. */
export interface ReleaseFile {
  readonly name: string;
  readonly media_type: string;
  readonly content: Buffer;
  readonly sha256: string;
}

export function sha256(content: Buffer | string): string {
  return createHash('sha256').update(content).digest('hex');
}

function file(name: string, media_type: string, text: string): ReleaseFile {
  const content = Buffer.from(text, 'utf8');
  return { name, media_type, content, sha256: sha256(content) };
}

export type FieldType = 'string' | 'number' | 'integer' | 'date' | 'boolean';

/**
 * The type of each column, by name (a name means one thing in every table of a release). Columns
 * not listed are strings. Numbers are written as plain decimals (csv.ts), dates as YYYY-MM-DD.
 */
const FIELD_TYPES: Readonly<Record<string, FieldType>> = {
  quantity: 'number',
  committed: 'number',
  allocated: 'number',
  shipped: 'number',
  delivered: 'number',
  in_service: 'number',
  needed: 'number',
  pledged: 'number',
  value: 'number',
  value_eur: 'number',
  price_list_eur: 'number',
  needed_eur: 'number',
  pledged_eur: 'number',
  committed_eur: 'number',
  delivered_eur: 'number',
  unmet_eur: 'number',
  coverage_announced_pct: 'number',
  coverage_committed_pct: 'number',
  needed_by: 'date',
  announced_on: 'date',
  available_from: 'date',
  fx_rate_on: 'date',
  starts_on: 'date',
  ends_on: 'date',
  synthetic: 'boolean',
};

export function fieldTypeOf(field: string): FieldType {
  return FIELD_TYPES[field] ?? 'string';
}

/** The Table Schema (v2) of one CSV: a field per column with its type and HXL hashtag. */
export function tableSchemaOf(csv: SnapshotCsv) {
  return {
    $schema: 'https://datapackage.org/profiles/2.0/tableschema.json',
    fields: csv.columns.map((column) => ({
      name: column.field,
      type: fieldTypeOf(column.field),
      description: `HXL: ${column.tag}`,
      ...(column.field === csv.key ? { constraints: { required: true, unique: true } } : {}),
    })),
    primaryKey: [csv.key],
    missingValues: [''],
  };
}

/** The files of a release: a CSV per table, the JSON of all tables, and datapackage.json last. */
export function packageFiles(
  snapshot: Snapshot,
  release: { number: number; published_at: string; data_as_of: string; changelog: unknown },
): ReleaseFile[] {
  const csvFiles = snapshot.csv.map((csv) => ({ csv, file: file(`${csv.name}.csv`, 'text/csv', csv.text) }));
  const json = file(
    'aidgrid.json',
    'application/json',
    `${JSON.stringify(
      {
        release: release.number,
        published_at: release.published_at,
        data_as_of: release.data_as_of,
        license: LICENSE,
        attribution: ATTRIBUTION,
        changelog: release.changelog,
        ...snapshot.tables,
      },
      null,
      2,
    )}\n`,
  );
  const iati = snapshot.iati === null ? null : file('iati-activities.xml', 'application/xml', snapshot.iati);
  const descriptor = {
    $schema: 'https://datapackage.org/profiles/2.0/datapackage.json',
    name: 'aidgrid-open-data',
    title: `aidgrid open data, release ${release.number}`,
    description: ATTRIBUTION,
    version: `${release.number}.0.0`,
    created: release.published_at,
    licenses: [LICENSE],
    keywords: ['humanitarian', 'aid', 'needs', 'pledges', 'HXL'],
    resources: [
      ...csvFiles.map(({ csv, file: f }) => ({
        $schema: 'https://datapackage.org/profiles/2.0/dataresource.json',
        name: csv.name,
        title: csv.title,
        type: 'table',
        path: f.name,
        format: 'csv',
        mediatype: 'text/csv',
        encoding: 'utf-8',
        bytes: f.content.length,
        hash: `sha256:${f.sha256}`,
        // Row 1 is the header, row 2 the HXL hashtags (a second header row), data from row 3.
        dialect: {
          $schema: 'https://datapackage.org/profiles/2.0/tabledialect.json',
          header: true,
          headerRows: [1, 2],
          headerJoin: ' ',
          delimiter: ',',
          lineTerminator: '\r\n',
          quoteChar: '"',
          doubleQuote: true,
        },
        schema: tableSchemaOf(csv),
        licenses: [LICENSE],
      })),
      {
        $schema: 'https://datapackage.org/profiles/2.0/dataresource.json',
        name: 'aidgrid',
        title: 'All tables and the changelog in one JSON document',
        path: json.name,
        format: 'json',
        mediatype: 'application/json',
        encoding: 'utf-8',
        bytes: json.content.length,
        hash: `sha256:${json.sha256}`,
        licenses: [LICENSE],
      },
      ...(iati === null
        ? []
        : [
            {
              $schema: 'https://datapackage.org/profiles/2.0/dataresource.json',
              name: 'iati-activities',
              title: 'The public pledges as IATI 2.03 activities',
              path: iati.name,
              format: 'xml',
              mediatype: 'application/xml',
              encoding: 'utf-8',
              bytes: iati.content.length,
              hash: `sha256:${iati.sha256}`,
              licenses: [LICENSE],
            },
          ]),
    ],
  };
  const datapackage = file(
    'datapackage.json',
    'application/json',
    `${JSON.stringify(descriptor, null, 2)}\n`,
  );
  return [...csvFiles.map((c) => c.file), json, ...(iati === null ? [] : [iati]), datapackage];
}
