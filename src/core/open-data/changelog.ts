/** What changed in one table between two releases, by record id (group key for the gap tables). */
export interface TableChanges {
  readonly added: string[];
  readonly removed: string[];
  readonly changed: string[];
}

export type Changelog = {
  /** The release compared against; null for the first release (everything is added). */
  readonly previous: number | null;
  readonly tables: Record<string, TableChanges>;
};

/** Records of each table, keyed by id, as stable JSON text (compared as text). */
export type KeyedTables = Record<string, Map<string, string>>;

/** Stable JSON: object keys sorted, so that equal records compare equal whatever their key order. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

export function keyed<T>(rows: readonly T[], key: (row: T) => string): Map<string, string> {
  return new Map(rows.map((row) => [key(row), stableJson(row)]));
}

/** The changelog of `current` against `previous` (null: nothing before). */
export function changelogOf(
  previous: { number: number; tables: KeyedTables } | null,
  current: KeyedTables,
): Changelog {
  const tables: Record<string, TableChanges> = {};
  for (const [name, rows] of Object.entries(current)) {
    const before = previous?.tables[name] ?? new Map<string, string>();
    tables[name] = {
      added: [...rows.keys()].filter((id) => !before.has(id)).sort(),
      removed: [...before.keys()].filter((id) => !rows.has(id)).sort(),
      changed: [...rows.entries()]
        .filter(([id, text]) => before.has(id) && before.get(id) !== text)
        .map(([id]) => id)
        .sort(),
    };
  }
  return { previous: previous?.number ?? null, tables };
}
