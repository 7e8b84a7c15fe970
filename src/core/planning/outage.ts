import type { OutageEffect, ScenarioOutage } from '../../planning/scenario.js';
import { itemAvailability } from '../capacity/risk.js';
import type { OutageData } from './snapshot.service.js';

/**
 * A scenario's outages as the capacity model sees them (the same rule as `aidgrid risk outage`):
 * a production line named, or one at the plant named, stops entirely; otherwise a line loses the
 * part of its output its item's input graph can no longer supply when the country's suppliers (or
 * a supplier plant) stop. Lines that lose nothing give no effect.
 */
export function resolveOutages(outages: readonly ScenarioOutage[], data: OutageData): OutageEffect[] {
  const effects: OutageEffect[] = [];
  outages.forEach((outage, index) => {
    const plant = outage.plant?.toLowerCase();
    const availability = new Map<string, bigint>();
    for (const line of data.lines) {
      let share: number;
      if (outage.production_line_id !== undefined) {
        share = line.id === outage.production_line_id ? 1 : 0;
      } else if (plant !== undefined && line.plant?.toLowerCase() === plant) {
        share = 1;
      } else {
        let available = availability.get(line.item_id);
        if (available === undefined) {
          available = itemAvailability(line.item_id, data.materials, data.edges, {
            country_code: outage.country_code,
            plant: outage.plant,
          });
          availability.set(line.item_id, available);
        }
        share = Number(1000n - available) / 1000;
      }
      if (share > 0) {
        effects.push({
          outage: index,
          production_line_id: line.id,
          share,
          from_week: outage.from_week ?? 0,
          until_week: outage.until_week ?? null,
        });
      }
    }
  });
  return effects;
}
