import { useEffect, useState } from 'react';
import type { Event, Item, Organisation, Page, Region } from './contract.js';
import { getJson } from './http.js';
import { sessionSnapshot } from './session.js';

/** Names for the ids records carry, and the choices the filters offer. */
export interface Lookups {
  readonly items: ReadonlyMap<string, Item>;
  readonly regions: ReadonlyMap<string, Region>;
  readonly organisations: ReadonlyMap<string, Organisation>;
  readonly events: ReadonlyMap<string, Event>;
  /** Item categories, sorted. */
  readonly categories: readonly string[];
  /** Category names in English and Ukrainian (GET /item-categories), by path. */
  readonly categoryNames: ReadonlyMap<string, ItemCategory>;
}

/** A named item category (migration 0028). */
export interface ItemCategory {
  readonly code: string;
  readonly name: string;
  readonly name_uk: string;
}

const EMPTY: Lookups = {
  items: new Map(),
  regions: new Map(),
  organisations: new Map(),
  events: new Map(),
  categories: [],
  categoryNames: new Map(),
};

/** Every page of a small catalogue list (the catalogues hold tens to hundreds of records). */
async function loadAll<T extends { id: string }>(collection: string): Promise<Map<string, T>> {
  const byId = new Map<string, T>();
  let cursor: string | null = null;
  for (let pages = 0; pages < 20; pages++) {
    const url: string = `/api/v1/${collection}?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page: Page<T> = await getJson<Page<T>>(url);
    for (const record of page.items) byId.set(record.id, record);
    cursor = page.next_cursor;
    if (!cursor) break;
  }
  return byId;
}

// Loaded once per page load and shared by every screen: catalogues change rarely, and a stale
// name is better than a request per row. Another reader (a sign-in or sign-out) may see other
// records, so the copy is kept per session epoch.
let cached: Promise<Lookups> | undefined;
let cachedEpoch = -1;

function loadLookups(): Promise<Lookups> {
  const { epoch } = sessionSnapshot();
  if (epoch !== cachedEpoch) cached = undefined;
  cachedEpoch = epoch;
  cached ??= Promise.all([
    loadAll<Item>('items'),
    loadAll<Region>('regions'),
    loadAll<Organisation>('organisations'),
    loadAll<Event>('events'),
    getJson<{ data: ItemCategory[] }>('/api/v1/item-categories'),
  ]).then(
    ([items, regions, organisations, events, named]) => ({
      items,
      regions,
      organisations,
      events,
      categories: [...new Set([...items.values()].map((item) => item.category))].sort(),
      categoryNames: new Map(named.data.map((category) => [category.code, category])),
    }),
    (error: unknown) => {
      cached = undefined;
      throw error;
    },
  );
  return cached;
}

/**
 * The catalogues (items, regions, organisations, events), empty until loaded; a failure leaves
 * them empty and the screens show ids instead of names.
 */
export function useLookups(): Lookups {
  const [lookups, setLookups] = useState<Lookups>(EMPTY);
  useEffect(() => {
    let live = true;
    loadLookups().then(
      (loaded) => {
        if (live) setLookups(loaded);
      },
      () => {},
    );
    return () => {
      live = false;
    };
  }, []);
  return lookups;
}
