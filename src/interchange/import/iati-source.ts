import { createReadStream } from 'node:fs';
import { SaxesParser } from 'saxes';
import type { CsvRecord } from './csv-source.js';
import type { ImportMapping } from './mapping.js';

/**
 * Reading IATI 2.03 activity XML as pledge rows, streamed with saxes (an activity file of a large
 * donor runs to hundreds of megabytes; only one activity is held at a time). The rows go through the
 * same mapping, dictionaries and checks as a CSV file's, under the header below; a row's line is the
 * line of the XML element it comes from.
 *
 * - An activity aidgrid exported (`AIDGRID-PLEDGE-<id>`, src/interchange/iati.ts) is one pledge: its
 *   id, donor and recipient from the `AIDGRID-…` refs, item and quantity from the title aidgrid wrote,
 *   the announcement and value from its outgoing-pledge transaction (12). Its commitment and
 *   disbursement transactions are computed from the pledge's stages, as an export's computed columns,
 *   and are not read back.
 * - Any other activity: each commitment transaction (2) is a pledge of the funding organisation
 *   (participating-org role 1, else the reporting-org) to the implementing one (role 4), external id
 *   `<iati-identifier>#<transaction ref or ordinal>`, value in the transaction's currency or the
 *   activity's default-currency, announced on the transaction date (else the value date). The item
 *   is the sector code when the mapping's item dictionary knows it, otherwise the mapping's default;
 *   IATI carries no quantities, so the quantity is the mapping's default. Organisations are named by
 *   their IATI ref when the organisation dictionary knows the ref, otherwise by their name.
 * - Disbursements (3) and expenditures (4) would be deliveries: aidgrid records deliveries as
 *   shipments and receipts, which this pipeline does not import, so each is a problem of its own row
 *   (with --skip-invalid the commitments are imported and these listed in the rejects file).
 */

export const IATI_HEADER = [
  'id',
  'external_id',
  'donor',
  'recipient',
  'item_name',
  'item',
  'quantity',
  'announced_on',
  'value',
  'currency',
] as const;

const OWN_ACTIVITY = /^AIDGRID-PLEDGE-([0-9a-f-]{36})$/i;
const OWN_ORG = /^AIDGRID-ORG-([0-9a-f-]{36})$/i;

interface Org {
  ref: string;
  name: string;
  role: string;
}

interface Transaction {
  line: number;
  ref: string;
  type: string;
  date: string;
  valueDate: string;
  value: string;
  currency: string;
}

interface Activity {
  line: number;
  defaultCurrency: string;
  identifier: string;
  reporting: Org | null;
  orgs: Org[];
  title: string;
  description: string;
  sectors: string[];
  transactions: Transaction[];
}

const DELIVERY_TYPES: Readonly<Record<string, string>> = { '3': 'disbursement', '4': 'expenditure' };

function row(values: Partial<Record<(typeof IATI_HEADER)[number], string>>): string[] {
  return IATI_HEADER.map((column) => values[column] ?? '');
}

function activityRows(a: Activity, mapping: ImportMapping): CsvRecord[] {
  const own = OWN_ACTIVITY.exec(a.identifier);
  const orgId = (org: Org | undefined | null): string => {
    if (!org) return '';
    const mine = OWN_ORG.exec(org.ref);
    if (mine) return (mine[1] as string).toLowerCase();
    if (org.ref !== '' && mapping.values?.organisation?.[org.ref] !== undefined) return org.ref;
    return org.name !== '' ? org.name : org.ref;
  };
  const funder = a.orgs.find((o) => o.role === '1') ?? a.reporting;
  const implementer = a.orgs.find((o) => o.role === '4');
  if (own) {
    const pledged = a.transactions.find((t) => t.type === '12');
    const title = /^(.*): (-?[0-9]+(?:\.[0-9]+)?) (.+)$/.exec(a.title);
    const announced = pledged?.date || (/pledged on (\d{4}-\d{2}-\d{2})/.exec(a.description)?.[1] ?? '');
    return [
      {
        line: a.line,
        fields: row({
          id: (own[1] as string).toLowerCase(),
          external_id: a.identifier,
          donor: orgId(funder),
          recipient: orgId(implementer),
          item_name: title?.[1] ?? '',
          quantity: title?.[2] ?? '',
          announced_on: announced,
          value: pledged?.value ?? '',
          currency: pledged ? pledged.currency || a.defaultCurrency : '',
        }),
      },
    ];
  }
  const items = mapping.values?.item ?? {};
  const sector = a.sectors.find((code) => items[code] !== undefined) ?? '';
  const records: CsvRecord[] = [];
  a.transactions.forEach((t, index) => {
    const key = `${a.identifier}#${t.ref || index + 1}`;
    if (t.type === '2') {
      records.push({
        line: t.line,
        fields: row({
          external_id: key,
          donor: orgId(funder),
          recipient: orgId(implementer),
          item: sector,
          announced_on: t.date || t.valueDate,
          value: t.value,
          currency: t.currency || a.defaultCurrency,
        }),
      });
    } else if (DELIVERY_TYPES[t.type]) {
      records.push({
        line: t.line,
        fields: row({ external_id: key, donor: orgId(funder) }),
        error: `transaction ${key} is a ${DELIVERY_TYPES[t.type]} (type ${t.type}): deliveries are not imported from IATI (aidgrid records them as shipments and receipts); --skip-invalid imports the commitments`,
      });
    }
  });
  if (a.identifier === '') {
    return [{ line: a.line, fields: row({}), error: 'an iati-activity without an iati-identifier' }];
  }
  return records;
}

/** Streams an IATI activity file as pledge records: the header, then one record per pledge. */
export async function* readIatiRecords(path: string, mapping: ImportMapping): AsyncGenerator<CsvRecord> {
  const parser = new SaxesParser({ xmlns: false, position: true });
  const out: CsvRecord[] = [];
  const stack: string[] = [];
  let activity: Activity | null = null;
  let org: Org | null = null;
  let transaction: Transaction | null = null;
  let text = '';
  let failure: string | null = null;
  let activities = 0;
  parser.on('error', (error) => {
    failure ??= `the XML is not well-formed at line ${parser.line}: ${error.message.replace(/^(?:.*?:)?\d+:\d+: /, '')}`;
  });
  parser.on('opentag', (tag) => {
    const name = tag.name;
    const attr = (key: string) => {
      const v = tag.attributes[key];
      return typeof v === 'string' ? v.trim() : '';
    };
    stack.push(name);
    text = '';
    if (stack.length === 1 && name !== 'iati-activities')
      failure ??= `the root element is <${name}>, not <iati-activities>`;
    if (name === 'iati-activity') {
      activities++;
      activity = {
        line: parser.line,
        defaultCurrency: attr('default-currency'),
        identifier: '',
        reporting: null,
        orgs: [],
        title: '',
        description: '',
        sectors: [],
        transactions: [],
      };
      return;
    }
    if (!activity) return;
    const parent = stack[stack.length - 2];
    if (parent === 'iati-activity') {
      if (name === 'reporting-org' || name === 'participating-org') {
        org = { ref: attr('ref'), name: '', role: attr('role') };
        if (name === 'reporting-org') activity.reporting = org;
        else activity.orgs.push(org);
      } else if (name === 'sector') {
        if (attr('code') !== '') activity.sectors.push(attr('code'));
      } else if (name === 'transaction') {
        transaction = {
          line: parser.line,
          ref: attr('ref'),
          type: '',
          date: '',
          valueDate: '',
          value: '',
          currency: '',
        };
        activity.transactions.push(transaction);
      }
    } else if (transaction && parent === 'transaction') {
      if (name === 'transaction-type') transaction.type = attr('code');
      else if (name === 'transaction-date') transaction.date = attr('iso-date');
      else if (name === 'value') {
        transaction.currency = attr('currency');
        transaction.valueDate = attr('value-date');
      }
    }
  });
  parser.on('text', (t) => {
    text += t;
  });
  parser.on('closetag', (tag) => {
    const name = tag.name;
    const parent = stack[stack.length - 2];
    const grand = stack[stack.length - 3];
    if (activity) {
      if (name === 'iati-identifier' && parent === 'iati-activity') activity.identifier = text.trim();
      else if (name === 'narrative' && grand === 'iati-activity') {
        if ((parent === 'reporting-org' || parent === 'participating-org') && org && org.name === '')
          org.name = text.trim();
        else if (parent === 'title' && activity.title === '') activity.title = text.trim();
        else if (parent === 'description' && activity.description === '') activity.description = text.trim();
      } else if (name === 'value' && transaction && parent === 'transaction') transaction.value = text.trim();
      else if (name === 'transaction') transaction = null;
      else if (name === 'reporting-org' || name === 'participating-org') org = null;
      else if (name === 'iati-activity') {
        if (failure === null) out.push(...activityRows(activity, mapping));
        activity = null;
      }
    }
    stack.pop();
    text = '';
  });

  yield { line: 1, fields: [...IATI_HEADER] };
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    if (failure === null) parser.write(decoder.decode(chunk, { stream: true }));
    yield* out.splice(0);
  }
  if (failure === null) parser.write(decoder.decode()).close();
  yield* out.splice(0);
  if (failure !== null) yield { line: parser.line, fields: row({}), error: failure };
  else if (activities === 0) yield { line: 1, fields: row({}), error: 'the file has no iati-activity' };
}
