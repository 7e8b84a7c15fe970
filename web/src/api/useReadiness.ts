import type { Incident, ReadinessReport } from './formsContract.js';
import { getJson } from './http.js';
import { getAllPages } from './pages.js';
import { type Remote, useRemote } from './useRemote.js';

export interface OutageTotals {
  /** The day the figures are for: the day of the latest incident. */
  readonly asOf: string;
  readonly incidents: number;
  readonly withoutPower: number;
  readonly withoutHeat: number;
  readonly withoutWater: number;
}

/**
 * People without power, heat and water on the day of the latest incident, over all regions;
 * null when no incident is recorded. Regions are summed: each region counts its people once.
 */
export function useOutageTotals(): Remote<OutageTotals | null> {
  return useRemote('outage-totals', async (signal) => {
    const incidents = await getAllPages<Incident>('/api/v1/incidents', signal);
    if (incidents.length === 0) return null;
    const latest = incidents
      .map((incident) => incident.occurred_at.slice(0, 10))
      .sort()
      .at(-1) as string;
    const report = await getJson<ReadinessReport>(`/api/v1/readiness?as_of=${latest}`, { signal });
    const sum = (pick: (region: ReadinessReport['regions'][number]) => number) =>
      report.regions.reduce((total, region) => total + pick(region), 0);
    return {
      asOf: report.as_of,
      incidents: incidents.length,
      withoutPower: sum((region) => region.people_without_power),
      withoutHeat: sum((region) => region.people_without_heat),
      withoutWater: sum((region) => region.people_without_water),
    };
  });
}
