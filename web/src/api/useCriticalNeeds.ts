import type { Item, Need, Region } from './formsContract.js';
import { getAllPages } from './pages.js';
import { type Remote, useRemote } from './useRemote.js';

/** A critical need with quantity not yet allocated to it. */
export interface OpenCriticalNeed {
  readonly id: string;
  readonly itemName: string;
  readonly itemNameUk: string | null;
  readonly unit: string;
  readonly regionName: string;
  readonly regionNameUk: string | null;
  readonly neededBy: string;
  readonly unallocated: number;
}

/** One region of the tile map: how many of its critical needs still wait for allocations. */
export interface RegionCritical {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly name_uk: string | null;
  readonly openCritical: number;
}

export interface CriticalPicture {
  readonly regions: RegionCritical[];
  /** Soonest needed first. */
  readonly needs: OpenCriticalNeed[];
}

/**
 * Critical needs that are neither met nor cancelled and have quantity not yet allocated
 * (quantity − stages.allocated > 0), counted per region and listed soonest first.
 */
export function useCriticalNeeds(): Remote<CriticalPicture> {
  return useRemote('critical-needs', async (signal) => {
    const [needs, regions, items] = await Promise.all([
      getAllPages<Need>('/api/v1/needs?priority=critical', signal),
      getAllPages<Region>('/api/v1/regions', signal),
      getAllPages<Item>('/api/v1/items', signal),
    ]);
    const itemById = new Map(items.map((item) => [item.id, item]));
    const regionById = new Map(regions.map((region) => [region.id, region]));
    const open = needs.filter(
      (need) => need.status !== 'met' && need.status !== 'cancelled' && need.quantity > need.stages.allocated,
    );
    const perRegion = new Map<string, number>();
    for (const need of open) perRegion.set(need.region_id, (perRegion.get(need.region_id) ?? 0) + 1);
    return {
      regions: regions.map((region) => ({
        id: region.id,
        code: region.code,
        name: region.name,
        name_uk: region.name_uk,
        openCritical: perRegion.get(region.id) ?? 0,
      })),
      needs: open
        .map((need) => ({
          id: need.id,
          itemName: itemById.get(need.item_id)?.name ?? need.item_id,
          itemNameUk: itemById.get(need.item_id)?.name_uk ?? null,
          unit: itemById.get(need.item_id)?.unit ?? '',
          regionName: regionById.get(need.region_id)?.name ?? need.region_id,
          regionNameUk: regionById.get(need.region_id)?.name_uk ?? null,
          neededBy: need.needed_by,
          unallocated: need.quantity - need.stages.allocated,
        }))
        .sort((a, b) => a.neededBy.localeCompare(b.neededBy) || b.unallocated - a.unallocated),
    };
  });
}
