import type { Lookups } from '../../api/useLookups.js';
import type { FilterOption } from '../../components/FilterBar.js';

/** "label (value)" choices from a fixed list of API values. */
export function valueOptions(values: readonly string[]): FilterOption[] {
  return values.map((value) => ({ value, label: value.replaceAll('_', ' ') }));
}

export function itemName(lookups: Lookups, id: string): string {
  return lookups.items.get(id)?.name ?? id;
}

export function regionName(lookups: Lookups, id: string | null): string {
  if (id === null) return '—';
  return lookups.regions.get(id)?.name ?? id;
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
  return a.label.localeCompare(b.label);
}

export function itemOptions(lookups: Lookups): FilterOption[] {
  return [...lookups.items.values()].map((item) => ({ value: item.id, label: item.name })).sort(byLabel);
}

export function regionOptions(lookups: Lookups): FilterOption[] {
  return [...lookups.regions.values()]
    .map((region) => ({ value: region.id, label: region.name }))
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
  return lookups.categories.map((category) => ({ value: category, label: category }));
}
