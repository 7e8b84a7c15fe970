/**
 * Supply-chain risk on the input graph: pure functions on thousandths.
 *
 * The graph: an item needs materials (quantity per unit); a material may need other materials.
 * Inputs are complements (no substitution, no stock of inputs): an item can be made only as far
 * as every input in its graph is available. So the exposure of an item to a country is the
 * largest share that country supplies of any input in the graph — the part of output lost if it
 * stopped — and an outage limits a material to min(its own remaining supply, its inputs').
 * HHI per input: Σ (share of each supplier country)² × 10,000 over the known supply (0–10,000).
 */

export interface Supplier {
  readonly name: string;
  readonly plant: string | null;
  readonly country_code: string;
  readonly share: number;
}

export interface MaterialNode {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly suppliers: readonly Supplier[];
  /** Set when the material is an energy carrier (crude oil: oil). */
  readonly energy_carrier?: EnergyCarrier | null;
}

export interface InputEdge {
  readonly item_id: string | null;
  readonly parent_material_id: string | null;
  readonly material_id: string;
  readonly quantity_per_unit: number;
}

/** Material ids of a cycle the edges form, first id repeated at the end; null without a cycle. */
export function findCycle(edges: readonly InputEdge[]): string[] | null {
  const children = new Map<string, string[]>();
  for (const edge of edges) {
    if (edge.parent_material_id === null) continue;
    children.set(edge.parent_material_id, [
      ...(children.get(edge.parent_material_id) ?? []),
      edge.material_id,
    ]);
  }
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): string[] | null => {
    if (state.get(node) === 'done') return null;
    if (state.get(node) === 'open') return [...path.slice(path.indexOf(node)), node];
    state.set(node, 'open');
    path.push(node);
    for (const child of children.get(node) ?? []) {
      const cycle = visit(child);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of [...children.keys()].sort()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return null;
}

/** Share per supplier country, in thousandths, largest first. */
export function countryShares(suppliers: readonly Supplier[]): Map<string, bigint> {
  const shares = new Map<string, bigint>();
  for (const s of suppliers)
    shares.set(s.country_code, (shares.get(s.country_code) ?? 0n) + milliShare(s.share));
  return new Map(
    [...shares].sort((a, b) => (a[1] === b[1] ? a[0].localeCompare(b[0]) : a[1] > b[1] ? -1 : 1)),
  );
}

/** Herfindahl–Hirschman index by supplier country: Σ share² × 10,000 (shares as fractions). */
export function hhiOf(suppliers: readonly Supplier[]): number {
  let sum = 0n;
  for (const share of countryShares(suppliers).values()) sum += share * share;
  // share in thousandths: (s/1000)² × 10,000 = s² / 100.
  return Number(sum) / 100;
}

function milliShare(share: number): bigint {
  return BigInt(Math.round(share * 1000));
}

export interface GraphNode {
  readonly material: MaterialNode;
  /** 1 for a direct input of the item. */
  readonly depth: number;
  /** Material codes from the item down to this one. */
  readonly path: readonly string[];
  /** Quantity of this material per unit of the item, summed over every path (thousandths). */
  readonly per_item_unit: bigint;
}

/** Every material below an item, in depth-first order, with its quantity per unit of the item. */
export function itemGraph(
  itemId: string,
  materials: readonly MaterialNode[],
  edges: readonly InputEdge[],
): GraphNode[] {
  const byId = new Map(materials.map((m) => [m.id, m]));
  const nodes = new Map<string, { material: MaterialNode; depth: number; path: string[]; per: bigint }>();
  const walk = (parent: { item?: string; material?: string }, depth: number, path: string[], per: bigint) => {
    const below = edges
      .filter((e) => (parent.item ? e.item_id === parent.item : e.parent_material_id === parent.material))
      .sort((a, b) => a.material_id.localeCompare(b.material_id));
    for (const edge of below) {
      const material = byId.get(edge.material_id);
      if (!material || path.includes(material.code)) continue;
      const quantity = (per * milliShare(edge.quantity_per_unit)) / 1000n;
      const here = [...path, material.code];
      const seen = nodes.get(material.id);
      if (seen) seen.per += quantity;
      else nodes.set(material.id, { material, depth, path: here, per: quantity });
      walk({ material: material.id }, depth + 1, here, quantity);
    }
  };
  walk({ item: itemId }, 1, [], 1000n);
  return [...nodes.values()].map((n) => ({
    material: n.material,
    depth: n.depth,
    path: n.path,
    per_item_unit: n.per,
  }));
}

/** Largest share each country supplies of any input in the graph (thousandths), largest first. */
export function exposureOf(graph: readonly GraphNode[]): Map<string, { share: bigint; via: string }> {
  const exposure = new Map<string, { share: bigint; via: string }>();
  for (const node of graph) {
    for (const [country, share] of countryShares(node.material.suppliers)) {
      const current = exposure.get(country);
      if (!current || share > current.share) exposure.set(country, { share, via: node.material.code });
    }
  }
  return new Map(
    [...exposure].sort((a, b) =>
      a[1].share === b[1].share ? a[0].localeCompare(b[0]) : a[1].share > b[1].share ? -1 : 1,
    ),
  );
}

export interface SinglePoint {
  readonly material_code: string;
  readonly kind: 'single_supplier' | 'concentrated_country';
  readonly country_code: string;
  readonly share: bigint;
  readonly detail: string;
}

/** Inputs with one supplier, and inputs with one country above the threshold share (thousandths). */
export function singlePointsOf(graph: readonly GraphNode[], threshold: bigint): SinglePoint[] {
  const found: SinglePoint[] = [];
  for (const { material } of graph) {
    const [only] = material.suppliers;
    if (material.suppliers.length === 1 && only) {
      found.push({
        material_code: material.code,
        kind: 'single_supplier',
        country_code: only.country_code,
        share: milliShare(only.share),
        detail: `${material.name} comes from one supplier: ${only.name}${only.plant ? ` (${only.plant} plant)` : ''}, ${only.country_code}`,
      });
    }
    for (const [country, share] of countryShares(material.suppliers)) {
      if (share > threshold) {
        found.push({
          material_code: material.code,
          kind: 'concentrated_country',
          country_code: country,
          share,
          detail: `${Number(share) / 10} % of ${material.name} comes from ${country}`,
        });
      }
    }
  }
  return found;
}

/** What stops: a country's supply (of one material, or of all), or one plant. */
export interface Outage {
  readonly country_code?: string | undefined;
  readonly material_code?: string | undefined;
  readonly plant?: string | undefined;
}

function hit(outage: Outage, material: MaterialNode, supplier: Supplier): boolean {
  if (outage.plant) return supplier.plant?.toLowerCase() === outage.plant.toLowerCase();
  if (!outage.country_code || supplier.country_code !== outage.country_code) return false;
  return !outage.material_code || outage.material_code === material.code;
}

/**
 * Part of an item's output still possible during an outage (thousandths): each material keeps the
 * supply of the suppliers not hit, limited by its own inputs; the item by its direct inputs.
 */
export function itemAvailability(
  itemId: string,
  materials: readonly MaterialNode[],
  edges: readonly InputEdge[],
  outage: Outage,
): bigint {
  const byId = new Map(materials.map((m) => [m.id, m]));
  const memo = new Map<string, bigint>();
  const available = (id: string, trail: readonly string[]): bigint => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    const material = byId.get(id);
    if (!material || trail.includes(id)) return 1000n;
    const lost = material.suppliers
      .filter((s) => hit(outage, material, s))
      .reduce((sum, s) => sum + milliShare(s.share), 0n);
    let result = lost >= 1000n ? 0n : 1000n - lost;
    for (const edge of edges) {
      if (edge.parent_material_id === id) {
        const below = available(edge.material_id, [...trail, id]);
        if (below < result) result = below;
      }
    }
    memo.set(id, result);
    return result;
  };
  let result = 1000n;
  for (const edge of edges) {
    if (edge.item_id === itemId) {
      const below = available(edge.material_id, []);
      if (below < result) result = below;
    }
  }
  return result;
}

export type EnergyCarrier = 'gas' | 'oil' | 'coal';

export interface EnergyDependency {
  readonly country_code: string;
  readonly carrier: EnergyCarrier;
  /** Share of the country's imports of the carrier that came from Russia, 0–1. */
  readonly russian_share: number;
  readonly year: number;
  readonly synthetic: boolean;
}

export interface DonorPledged {
  /** The donor's country; null for organisations without one (the EU, NATO). */
  readonly country_code: string | null;
  /** Quantity pledged of the item (one item: one unit). */
  readonly pledged: number;
}

export interface RussianEnergyExposure {
  readonly carriers: EnergyCarrier[];
  readonly pledged: number;
  readonly donors: {
    country_code: string | null;
    pledged: number;
    pledged_share: number;
    carrier: EnergyCarrier | null;
    russian_share: number | null;
    year: number | null;
    synthetic: boolean | null;
  }[];
  readonly exposed_share: number;
  readonly unknown_share: number;
}

const round3 = (value: number) => Math.round(value * 1000) / 1000;

/**
 * How much of a fuel item's pledged supply comes from donors that depend on Russian energy: each
 * donor country's share of the pledged quantity × its largest Russian import share among the item's
 * carriers, added up (0–1). Donors without a figure are counted in unknown_share, never as zero.
 * Null when the item's graph holds no energy carrier (it is not a fuel).
 */
export function russianEnergyExposure(
  carriers: readonly EnergyCarrier[],
  donors: readonly DonorPledged[],
  dependencies: readonly EnergyDependency[],
): RussianEnergyExposure | null {
  if (carriers.length === 0) return null;
  const total = donors.reduce((sum, d) => sum + d.pledged, 0);
  let exposed = 0;
  let unknown = 0;
  const rows = donors.map((donor) => {
    const share = total > 0 ? donor.pledged / total : 0;
    const figures = dependencies
      .filter((d) => d.country_code === donor.country_code && carriers.includes(d.carrier))
      .sort((a, b) => b.russian_share - a.russian_share || a.carrier.localeCompare(b.carrier));
    const worst = figures[0];
    if (worst) exposed += share * worst.russian_share;
    else unknown += share;
    return {
      country_code: donor.country_code,
      pledged: donor.pledged,
      pledged_share: round3(share),
      carrier: worst?.carrier ?? null,
      russian_share: worst?.russian_share ?? null,
      year: worst?.year ?? null,
      synthetic: worst?.synthetic ?? null,
    };
  });
  return {
    carriers: [...carriers].sort(),
    pledged: total,
    donors: rows,
    exposed_share: round3(exposed),
    unknown_share: round3(unknown),
  };
}
