import type { GapReport, ReadinessReport, Region, RegionAssetCounts } from '../../api/contract.js';
import { getJson } from '../../api/http.js';
import { getAllPages } from '../../api/pages.js';
import { useCriticalNeeds } from '../../api/useCriticalNeeds.js';
import { type Remote, useRemote } from '../../api/useRemote.js';

/** What the map can colour the regions by. */
export const MAP_FIGURES = ['critical', 'power', 'heat', 'water', 'unmet', 'risk', 'assets'] as const;
export type MapFigure = (typeof MAP_FIGURES)[number];

/** Message ids of each figure's name (web/src/i18n/<locale>/map.json). */
export const FIGURE_IDS: Readonly<Record<MapFigure, string>> = {
  critical: 'map.figure.critical',
  power: 'map.figure.power',
  heat: 'map.figure.heat',
  water: 'map.figure.water',
  unmet: 'map.figure.unmet',
  risk: 'map.figure.risk',
  assets: 'map.figure.assets',
};

/** Asset statuses counted by the `assets` figure: out of service until restored. */
const OUT_OF_SERVICE: ReadonlySet<string> = new Set(['damaged', 'destroyed', 'under_repair']);

export function isMapFigure(value: string | null): value is MapFigure {
  return value !== null && (MAP_FIGURES as readonly string[]).includes(value);
}

/** One region's figure; `value` null means no data (not zero). */
export interface RegionFigure {
  readonly id: string;
  readonly value: number | null;
}

export interface MapData {
  readonly figure: MapFigure;
  /** By ISO 3166-2 code; a code missing here is a unit the catalogue has no record of. */
  readonly regions: ReadonlyMap<
    string,
    RegionFigure & { readonly name: string; readonly name_uk: string | null }
  >;
}

/**
 * The chosen figure per region, computed only from what this reader may see (the API answers per
 * reader). Readiness figures are as of `asOf` (the data's day); a region the answer leaves out has no data.
 */
export function useMapFigure(figure: MapFigure, asOf: string | undefined): Remote<MapData> {
  const critical = useCriticalNeeds();
  const waiting = figure !== 'critical' && figure !== 'unmet' && figure !== 'assets' && asOf === undefined;
  const key = `map ${figure} ${asOf ?? ''}`;
  const remote = useRemote(key, async (signal): Promise<MapData | null> => {
    if (figure === 'critical' || waiting) return null;
    const regions = await getAllPages<Region>('/api/v1/regions', signal);
    let values: Map<string, number>;
    let known: (id: string) => boolean = () => true;
    if (figure === 'assets') {
      // Region aggregates only: assets the reader may see plus those their owners released for
      // region counts; no asset's identity or place (GET /assets/region-counts).
      const counts = await getJson<RegionAssetCounts>('/api/v1/assets/region-counts', { signal });
      values = new Map();
      for (const row of counts.items) {
        if (OUT_OF_SERVICE.has(row.status))
          values.set(row.region_id, (values.get(row.region_id) ?? 0) + row.assets);
      }
    } else if (figure === 'unmet') {
      const gaps = await getJson<GapReport>('/api/v1/gaps?by=region', { signal });
      // A region without needs or pledges has nothing unmet: zero, not unknown.
      values = new Map(gaps.groups.map((group) => [group.key, Number(group.value.unmet.amount)]));
    } else {
      const report = await getJson<ReadinessReport>(
        `/api/v1/readiness?as_of=${encodeURIComponent(asOf ?? '')}`,
        { signal },
      );
      const pick = (row: ReadinessReport['regions'][number]) =>
        figure === 'power'
          ? row.people_without_power
          : figure === 'heat'
            ? row.people_without_heat
            : figure === 'water'
              ? row.people_without_water
              : row.risk_score;
      values = new Map(report.regions.map((row) => [row.region_id, pick(row)]));
      known = (id) => values.has(id);
    }
    return {
      figure,
      regions: new Map(
        regions.map((region) => [
          region.code,
          {
            id: region.id,
            name: region.name,
            name_uk: region.name_uk,
            value: known(region.id) ? (values.get(region.id) ?? 0) : null,
          },
        ]),
      ),
    };
  });
  if (figure === 'critical') {
    if (critical.state !== 'ready') return critical;
    return {
      state: 'ready',
      data: {
        figure,
        regions: new Map(
          critical.data.regions.map((region) => [
            region.code,
            { id: region.id, name: region.name, name_uk: region.name_uk, value: region.openCritical },
          ]),
        ),
      },
    };
  }
  if (waiting || remote.state === 'loading') return { state: 'loading' };
  if (remote.state === 'error') return remote;
  return remote.data ? { state: 'ready', data: remote.data } : { state: 'loading' };
}
