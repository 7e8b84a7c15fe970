/**
 * IATI 2.03 activity XML (iatistandard.org/en/iati-standard/203/activity-standard/): one
 * `iati-activity` per pledge, written element by element so that an export of any size is streamed.
 * The codes used are those of the 2.03 codelists shipped in `iati-reference/`.
 */
import { Type } from 'typebox';
import type { Item } from '../core/items/item.schema.js';
import type { Organisation } from '../core/organisations/organisation.schema.js';
import type { Pledge, PledgeTransition } from '../core/pledges/pledge.schema.js';
import { Uuid } from '../core/shared/record.schema.js';

export const IATI_VERSION = '2.03';

/** What the IATI export can be narrowed to: GET /exports/iati.xml's query and the CLI's options. */
export const IatiQuerySchema = Type.Object(
  { donor: Type.Optional(Uuid('Only the pledges of this donor organisation')) },
  { additionalProperties: false },
);

/**
 * Identifiers are local to aidgrid, not registered with an IATI registration agency: organisations
 * carry no IATI organisation identifier in aidgrid, so `AIDGRID-ORG-<id>` names one and
 * `AIDGRID-PLEDGE-<id>` an activity. An importer keys on them to recognise its own export.
 */
export const orgRef = (id: string) => `AIDGRID-ORG-${id}`;
export const activityIdentifier = (pledgeId: string) => `AIDGRID-PLEDGE-${pledgeId}`;

/** TransactionType codes: 12 outgoing pledge, 2 outgoing commitment, 3 disbursement. */
export const TRANSACTION_TYPE = { pledge: '12', commitment: '2', disbursement: '3' } as const;

/** OrganisationRole codes. */
const ROLE = { funding: '1', implementing: '4' } as const;

/** OrganisationType for each aidgrid organisation kind. */
const ORGANISATION_TYPE: Record<Organisation['kind'], string> = {
  state: '10', // Government
  ministry: '10', // Government
  recipient_agency: '15', // Other Public Sector
  international_organisation: '40', // Multilateral
  ngo: '21', // International NGO
  manufacturer: '70', // Private Sector
  other: '90', // Other
};

/**
 * ActivityStatus for each pledge status: 1 pipeline, 2 implementation, 3 finalisation, 4 closed,
 * 5 cancelled.
 */
const ACTIVITY_STATUS: Record<Pledge['status'], string> = {
  announced: '1',
  committed: '2',
  allocated: '2',
  shipped: '2',
  delivered: '3',
  in_service: '4',
  cancelled: '5',
  expired: '5',
};

/** Escapes text and attribute values; characters XML 1.0 cannot carry at all are dropped. */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '&#10;')
    .replace(/\t/g, '&#9;');
}

const QUANTITY_SCALE = 1000n;

/**
 * The share of a money amount that a stage quantity is of the pledged quantity, in the amount's own
 * currency, to the cent (half up), computed in integers: never a float.
 */
export function proportionalAmount(amount: string, part: number, whole: number): string {
  const [units = '0', fraction = ''] = amount.split('.');
  const cents = BigInt(units) * 100n + BigInt(fraction.padEnd(2, '0').slice(0, 2));
  const partScaled = BigInt(Math.round(part * Number(QUANTITY_SCALE)));
  const wholeScaled = BigInt(Math.round(whole * Number(QUANTITY_SCALE)));
  const share = wholeScaled === 0n ? 0n : (cents * partScaled * 2n + wholeScaled) / (wholeScaled * 2n);
  return `${share / 100n}.${(share % 100n).toString().padStart(2, '0')}`;
}

export interface IatiActivityRow {
  readonly pledge: Pledge;
  readonly transitions: readonly PledgeTransition[];
  readonly item: Item | null;
  readonly donor: Organisation | null;
  readonly recipient: Organisation | null;
  /** ISO 3166-1 code of the country the aid goes to, when known from a visible record. */
  readonly recipientCountry: string | null;
}

export function iatiHeader(generated: Date): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<iati-activities version="${IATI_VERSION}" generated-datetime="${generated.toISOString()}">\n`
  );
}

export const IATI_FOOTER = '</iati-activities>\n';

const narrative = (text: string) => `<narrative>${escapeXml(text)}</narrative>`;

/**
 * ref and type of an organisation. Of one the reader may not see, the type is unknown: left out
 * where the schema allows it, and 90 (other) on reporting-org, where the schema requires one.
 */
function organisationAttributes(id: string, organisation: Organisation | null, typeRequired = false): string {
  const type = organisation ? ORGANISATION_TYPE[organisation.kind] : typeRequired ? '90' : undefined;
  return `ref="${escapeXml(orgRef(id))}"${type ? ` type="${type}"` : ''}`;
}

/** A reader who may see the pledge but not its donor still gets a name that says so. */
const organisationName = (id: string, organisation: Organisation | null) =>
  organisation?.name ?? `Organisation ${id} (not visible to this reader)`;

/** The day of the latest step of this action, or the announcement when none was recorded. */
function lastStepOn(row: IatiActivityRow, action: PledgeTransition['action']): string {
  let day = row.pledge.announced_on;
  for (const step of row.transitions) {
    if (step.action === action && step.effective_on > day) day = step.effective_on;
  }
  return day;
}

function transaction(
  ref: string,
  type: string,
  on: string,
  amount: string,
  currency: string,
  description: string,
): string {
  return (
    `  <transaction ref="${escapeXml(ref)}">\n` +
    `   <transaction-type code="${type}"/>\n` +
    `   <transaction-date iso-date="${on}"/>\n` +
    `   <value currency="${escapeXml(currency)}" value-date="${on}">${amount}</value>\n` +
    `   <description>${narrative(description)}</description>\n` +
    '  </transaction>\n'
  );
}

/**
 * One pledge as an activity: the donor funds it (and reports it), the recipient implements it; the
 * pledge's own value, in its original currency, is the outgoing pledge; the committed and delivered
 * quantities are the commitment and the disbursement, valued pro rata. A pledge without a money
 * value has no transactions: its quantity is in the description.
 */
export function iatiActivity(row: IatiActivityRow): string {
  const { pledge, item, donor, recipient } = row;
  const unit = item?.unit ?? 'units';
  const itemName = item?.name ?? `item ${pledge.item_id}`;
  const identifier = activityIdentifier(pledge.id);
  const lines: string[] = [];
  lines.push(
    ` <iati-activity last-updated-datetime="${new Date(pledge.updated_at).toISOString()}" xml:lang="en"` +
      `${pledge.value ? ` default-currency="${escapeXml(pledge.value.currency)}"` : ''}>\n`,
    `  <iati-identifier>${escapeXml(identifier)}</iati-identifier>\n`,
    `  <reporting-org ${organisationAttributes(pledge.donor_org_id, donor, true)}>` +
      `${narrative(organisationName(pledge.donor_org_id, donor))}</reporting-org>\n`,
    `  <title>${narrative(`${itemName}: ${pledge.quantity} ${unit}`)}</title>\n`,
    `  <description type="1">${narrative(
      `${pledge.quantity} ${unit} of ${itemName}, pledged on ${pledge.announced_on}; status ${pledge.status}` +
        (pledge.conditions ? `; conditions: ${pledge.conditions}` : '') +
        (pledge.synthetic ? '; a synthetic demo record, not real data' : ''),
    )}</description>\n`,
    `  <participating-org ${organisationAttributes(pledge.donor_org_id, donor)} role="${ROLE.funding}">` +
      `${narrative(organisationName(pledge.donor_org_id, donor))}</participating-org>\n`,
  );
  if (pledge.recipient_org_id !== null) {
    lines.push(
      `  <participating-org ${organisationAttributes(pledge.recipient_org_id, recipient)} role="${ROLE.implementing}">` +
        `${narrative(organisationName(pledge.recipient_org_id, recipient))}</participating-org>\n`,
    );
  }
  lines.push(
    `  <activity-status code="${ACTIVITY_STATUS[pledge.status]}"/>\n`,
    `  <activity-date type="1" iso-date="${pledge.available_from ?? pledge.announced_on}"/>\n`,
  );
  if (row.recipientCountry !== null) {
    lines.push(`  <recipient-country code="${escapeXml(row.recipientCountry)}"/>\n`);
  }
  if (item) {
    lines.push(
      `  <sector vocabulary="99" code="${escapeXml(item.category)}">${narrative(item.category)}</sector>\n`,
    );
  }
  if (pledge.value) {
    const { amount, currency } = pledge.value;
    lines.push(
      transaction(
        `${identifier}-pledge`,
        TRANSACTION_TYPE.pledge,
        pledge.announced_on,
        proportionalAmount(amount, pledge.quantity, pledge.quantity),
        currency,
        `${pledge.quantity} ${unit} pledged`,
      ),
    );
    if (pledge.stages.committed > 0) {
      lines.push(
        transaction(
          `${identifier}-commitment`,
          TRANSACTION_TYPE.commitment,
          lastStepOn(row, 'commit'),
          proportionalAmount(amount, pledge.stages.committed, pledge.quantity),
          currency,
          `${pledge.stages.committed} ${unit} committed`,
        ),
      );
    }
    if (pledge.stages.delivered > 0) {
      lines.push(
        transaction(
          `${identifier}-disbursement`,
          TRANSACTION_TYPE.disbursement,
          lastStepOn(row, 'deliver'),
          proportionalAmount(amount, pledge.stages.delivered, pledge.quantity),
          currency,
          `${pledge.stages.delivered} ${unit} delivered`,
        ),
      );
    }
  }
  lines.push(' </iati-activity>\n');
  return lines.join('');
}
