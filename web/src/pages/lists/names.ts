import type { Lookups } from '../../api/useLookups.js';
import type { FilterOption } from '../../components/FilterBar.js';
import { currentLocale, tr } from '../../i18n/index.js';
import { localName } from '../../i18n/names.js';

/** Choices from a fixed list of API values, each worded by its message id. */
export function valueOptions(ids: Readonly<Record<string, string>>): FilterOption[] {
  return Object.entries(ids).map(([value, id]) => ({ value, label: tr(id) }));
}

export function itemName(lookups: Lookups, id: string): string {
  const item = lookups.items.get(id);
  return item ? localName(item, currentLocale()) : id;
}

export function regionName(lookups: Lookups, id: string | null): string {
  if (id === null) return '—';
  const region = lookups.regions.get(id);
  return region ? localName(region, currentLocale()) : id;
}

/** A category path's name in the language on screen (GET /item-categories), else the path. */
export function categoryName(lookups: Lookups, path: string | undefined): string {
  if (path === undefined) return '…';
  const named = lookups.categoryNames.get(path);
  return named ? localName(named, currentLocale()) : path;
}

export function organisationName(lookups: Lookups, id: string | null): string {
  if (id === null) return '—';
  const organisation = lookups.organisations.get(id);
  return organisation?.short_name ?? organisation?.name ?? id;
}

export function eventName(lookups: Lookups, id: string | null): string {
  if (id === null) return '—';
  return lookups.events.get(id)?.name ?? id;
}

function byLabel(a: FilterOption, b: FilterOption): number {
  return a.label.localeCompare(b.label, currentLocale());
}

export function itemOptions(lookups: Lookups): FilterOption[] {
  return [...lookups.items.values()]
    .map((item) => ({ value: item.id, label: localName(item, currentLocale()) }))
    .sort(byLabel);
}

export function regionOptions(lookups: Lookups): FilterOption[] {
  return [...lookups.regions.values()]
    .map((region) => ({ value: region.id, label: localName(region, currentLocale()) }))
    .sort(byLabel);
}

export function organisationOptions(lookups: Lookups): FilterOption[] {
  return [...lookups.organisations.values()]
    .map((organisation) => ({ value: organisation.id, label: organisation.name }))
    .sort(byLabel);
}

export function eventOptions(lookups: Lookups): FilterOption[] {
  return [...lookups.events.values()].map((event) => ({ value: event.id, label: event.name })).sort(byLabel);
}

export function categoryOptions(lookups: Lookups): FilterOption[] {
  return lookups.categories.map((category) => ({ value: category, label: categoryName(lookups, category) }));
}

/** A gap group's label in the language on screen: category, item and region names from the catalogue. */
export function gapLabel(lookups: Lookups, by: string, group: { key: string; label: string }): string {
  if (by === 'category')
    return lookups.categoryNames.has(group.key) ? categoryName(lookups, group.key) : group.label;
  if (by === 'item' && lookups.items.has(group.key)) return itemName(lookups, group.key);
  if (by === 'region' && lookups.regions.has(group.key)) return regionName(lookups, group.key);
  return group.label;
}
