import type { ProgressReport } from './contract.js';
import { useJson } from './useRecord.js';
import type { Remote } from './useRemote.js';

/** A repair project as GET /api/v1/repair-projects/:id answers it (docs/grid-repair.md). */
export interface RepairProjectView {
  readonly id: string;
  readonly name: string;
  readonly region_id: string;
  readonly status: string;
  readonly people_reconnected: number;
  readonly capacity_restored: number | null;
  readonly capacity_unit: string | null;
  readonly milestones: readonly { stage: string; planned_on: string | null; actual_on: string | null }[];
  readonly equipment: readonly {
    need_id: string;
    item_id: string;
    quantity: number;
    met: number;
    needed_by: string;
    priority: string;
  }[];
  readonly funding: {
    cost_eur: string;
    announced_eur: string;
    committed_eur: string;
    fund_allocated_eur: string;
    funded_eur: string;
    gap_eur: string;
  };
}

export interface RankingView {
  readonly as_of: string;
  readonly items: readonly {
    rank: number;
    id: string;
    name: string;
    region_id: string;
    people_reconnected: number;
    gap_eur: string;
    energised_on: string | null;
    people_per_week: number | null;
    before_frost: boolean;
  }[];
}

export interface CriticalPathView {
  readonly energised_on: string | null;
  readonly critical: string;
  readonly moves: readonly {
    kind: 'money' | 'pledge';
    what: string;
    need_id: string | null;
    energised_on: string | null;
    days_earlier: number | null;
  }[];
}

export function useRepairRanking(): Remote<RankingView> {
  return useJson('/api/v1/repair-projects/ranking');
}

export function useRepairProject(id: string): Remote<RepairProjectView> {
  return useJson(`/api/v1/repair-projects/${encodeURIComponent(id)}`);
}

export function useCriticalPath(id: string): Remote<CriticalPathView> {
  return useJson(`/api/v1/repair-projects/${encodeURIComponent(id)}/critical-path`);
}

/** Capacity restored and people reconnected per week, in total, by region and by funder. */
export function useRepairProgress(): Remote<ProgressReport> {
  return useJson('/api/v1/reconstruction/progress');
}
