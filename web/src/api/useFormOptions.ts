import { currentLocale } from '../i18n/index.js';
import { localName } from '../i18n/names.js';
import { UNIT_IDS, word } from '../i18n/words.js';
import type { Event, Item, Need, Organisation, Region } from './formsContract.js';
import { getAllPages } from './pages.js';
import { type Remote, useRemote } from './useRemote.js';

export interface Option {
  readonly value: string;
  readonly label: string;
}

export interface FormOptions {
  readonly organisations: Option[];
  /** Organisations that may receive aid: recipient agencies and ministries of the receiving side. */
  readonly recipients: Option[];
  readonly regions: Option[];
  readonly items: Option[];
  readonly events: Option[];
}

const byLabel = (a: Option, b: Option) => a.label.localeCompare(b.label, currentLocale());

/** The kinds of organisation a need may name as its recipient. */
const RECIPIENT_KINDS: ReadonlySet<string> = new Set(['recipient_agency', 'ministry']);

/** The choices of the need and pledge forms' selects, sorted by name. */
export function useFormOptions(): Remote<FormOptions> {
  return useRemote('form-options', async (signal) => {
    const [organisations, regions, items, events] = await Promise.all([
      getAllPages<Organisation>('/api/v1/organisations', signal),
      getAllPages<Region>('/api/v1/regions', signal),
      getAllPages<Item>('/api/v1/items', signal),
      getAllPages<Event>('/api/v1/events', signal),
    ]);
    return {
      organisations: organisations.map((o) => ({ value: o.id, label: o.name })).sort(byLabel),
      // Donors, manufacturers and research desks do not receive: they are not offered as recipients.
      recipients: organisations
        .filter((o) => RECIPIENT_KINDS.has(o.kind))
        .map((o) => ({ value: o.id, label: o.name }))
        .sort(byLabel),
      regions: regions.map((r) => ({ value: r.id, label: localName(r, currentLocale()) })).sort(byLabel),
      items: items
        .map((i) => ({ value: i.id, label: `${localName(i, currentLocale())} (${word(UNIT_IDS, i.unit)})` }))
        .sort(byLabel),
      events: events.map((e) => ({ value: e.id, label: `${e.starts_on} — ${e.name}` })).sort(byLabel),
    };
  });
}

/** Open needs for an item, as choices for the pledge's "answers need" select. */
export function useNeedOptions(itemId: string): Remote<Option[]> {
  const url = itemId ? `/api/v1/needs?item_id=${encodeURIComponent(itemId)}` : '';
  return useRemote(url, async (signal) => {
    if (!url) return [];
    const needs = await getAllPages<Need>(url, signal);
    return needs
      .filter((need) => need.status !== 'met' && need.status !== 'cancelled')
      .map((need) => ({
        value: need.id,
        label: `${need.needed_by} · ${need.priority} · ${need.quantity} · ${need.id.slice(0, 8)}`,
      }));
  });
}
