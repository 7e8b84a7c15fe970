import type { Kysely } from 'kysely';
import {
  findNeedNames,
  findNeedNamesByReference,
  findPledgeNames,
  listEventNames,
  listItemNames,
  listNeedNames,
  listOrganisationNames,
  listPlantNames,
  listRegionNames,
  type NamedRow,
} from '../../db/repositories/name.repository.js';
import type { Database } from '../../db/schema.js';
import { DomainError } from '../errors.js';

/*
 * How people name records on the command line: an id, a code or a name. One resolver for every
 * command, so that "MoE Ukraine", "UA-32", "GEN-100KVA" and a UUID all work wherever a record is
 * taken, and an unknown or ambiguous name is one clear sentence with the near matches.
 */

export type NamedKind = 'organisation' | 'item' | 'region' | 'event' | 'plant' | 'need';

const LISTS: Record<NamedKind, (db: Kysely<Database>) => Promise<NamedRow[]>> = {
  organisation: listOrganisationNames,
  item: listItemNames,
  region: listRegionNames,
  event: listEventNames,
  plant: listPlantNames,
  need: listNeedNames,
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether the text is written like a record id (a UUID). */
export function isId(text: string): boolean {
  return UUID.test(text.trim());
}

/** The id as given, or a 400 `invalid_id` naming the kind: "1234 is not a valid plan id". */
export function requireId(kind: string, text: string): string {
  if (!isId(text)) {
    throw new DomainError(
      'invalid_id',
      400,
      `${text} is not a valid ${kind} id (ids look like 0190f5c2-7d1e-7a3b-9c4d-5e6f7a8b9c0d)`,
    );
  }
  return text.trim().toLowerCase();
}

/** A record found by its name, with the name to show for it. */
export interface Resolved {
  readonly id: string;
  readonly name: string;
}

const normal = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();

function distance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0] as number;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j] as number;
      previous[j] = Math.min(
        above + 1,
        (previous[j - 1] as number) + 1,
        diagonal + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      diagonal = above;
    }
  }
  return previous[b.length] as number;
}

/** How near a name comes to what was typed; undefined when it is not near at all. */
function nearness(typed: string, name: string): number | undefined {
  if (name.length === 0) return undefined;
  const padded = (text: string) => ` ${text.replace(/[^a-z0-9]+/g, ' ')} `;
  // One contains the other as whole words: "Valleyfield propellant plant" and Valleyfield.
  if (padded(name).includes(padded(typed)) || padded(typed).includes(padded(name))) {
    return Math.abs(name.length - typed.length) / 100;
  }
  const d = distance(typed, name);
  if (d <= Math.max(2, Math.floor(Math.max(typed.length, name.length) / 4))) return 1 + d;
  const words = (text: string) => new Set(text.split(/[^a-z0-9]+/).filter((w) => w.length >= 4));
  const typedWords = words(typed);
  const shared = [...words(name)].filter((w) => typedWords.has(w)).length;
  return shared > 0 ? 10 - shared : undefined;
}

const labelOf = (row: NamedRow) => (row.code ? `${row.code} (${row.name})` : row.name);

/**
 * The one record of `rows` that `ref` names, by id, code, name or short name (any case).
 * Unknown: 404 `unknown_name` with up to three near matches; several: 409 `ambiguous_name`.
 */
export function matchName(kind: NamedKind, ref: string, rows: readonly NamedRow[]): Resolved {
  const typed = normal(ref);
  if (typed === '') throw new DomainError('invalid_name', 400, `give the ${kind}: an id, a code or a name`);
  const exact = rows.filter(
    (row) =>
      normal(row.id) === typed ||
      (row.code !== null && normal(row.code) === typed) ||
      normal(row.name) === typed ||
      (row.short_name !== null && normal(row.short_name) === typed),
  );
  if (exact.length === 1) {
    const [row] = exact as [NamedRow];
    return { id: row.id, name: row.name };
  }
  if (exact.length > 1) {
    throw new DomainError(
      'ambiguous_name',
      409,
      `"${ref}" names ${exact.length} ${kind}s: ${exact.map(labelOf).join(', ')}; give the id or the code`,
    );
  }
  const near = rows
    .map((row) => {
      const scores = [row.name, row.short_name, row.code]
        .filter((name): name is string => name !== null)
        .map((name) => nearness(typed, normal(name)))
        .filter((score): score is number => score !== undefined);
      return { row, score: scores.length > 0 ? Math.min(...scores) : undefined };
    })
    .filter((entry): entry is { row: NamedRow; score: number } => entry.score !== undefined)
    .sort((a, b) => a.score - b.score || (a.row.name < b.row.name ? -1 : 1));
  // The nearest names only: "MoE Ukrain" suggests MoE Ukraine, not MoD Ukraine as well.
  const best = near[0]?.score ?? 0;
  const suggested = near
    .filter((entry) => entry.score <= best + 0.5)
    .slice(0, 3)
    .map((entry) => entry.row.short_name ?? labelOf(entry.row));
  const byId = isId(ref)
    ? `no ${kind} has the id ${ref.trim()}`
    : kind === 'need' && /^n-\d+$/.test(typed)
      ? `no need has the reference ${ref.trim().toUpperCase()}`
      : `no ${kind} of that name`;
  throw new DomainError(
    'unknown_name',
    404,
    suggested.length > 0 ? `${byId}; did you mean ${suggested.join(' or ')}?` : `${byId} ("${ref}")`,
  );
}

/** A pledge as people name it: "MoD Germany's pledge of GEN-100KVA of 2022-10-05". */
export interface PledgeName {
  readonly label: string;
  /** The unit of its item, for quantities beside it. */
  readonly unit: string;
}

/** Names for pledges (pledges have no name of their own); an id not found is left out. */
export async function pledgeNames(
  db: Kysely<Database>,
  ids: readonly string[],
): Promise<Map<string, PledgeName>> {
  const rows = await findPledgeNames(db, [...new Set(ids)]);
  return new Map(
    rows.map((row) => [
      row.id,
      { label: `${row.donor}’s pledge of ${row.item_code} of ${row.announced_on}`, unit: row.unit },
    ]),
  );
}

/** Names for needs of these ids: "N-000123 (GEN-100KVA in UA-30 by 2022-12-01)"; an id not found is left out. */
export async function needNames(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, string>> {
  const rows = await findNeedNames(db, [...new Set(ids)]);
  return new Map(rows.map((row) => [row.id, labelOf(row)]));
}

const UUID_IN_TEXT = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;

/**
 * A stored text with its ids told as names, at read time: "pledge <id>" becomes the pledge's donor,
 * item and day, a need id the need's reference, item, region and due day. Ids the reader does not see
 * (or that name nothing) stay as they are. For texts written once and read often (plan explanations).
 */
export async function nameIdsInTexts(db: Kysely<Database>, texts: readonly string[]): Promise<string[]> {
  const ids = [
    ...new Set(texts.flatMap((text) => text.match(UUID_IN_TEXT) ?? []).map((id) => id.toLowerCase())),
  ];
  if (ids.length === 0) return [...texts];
  const [pledges, needs] = await Promise.all([pledgeNames(db, ids), needNames(db, ids)]);
  return texts.map((text) =>
    text
      .replace(
        /\bpledge ([0-9a-f-]{36})\b/gi,
        (whole, id: string) => pledges.get(id.toLowerCase())?.label ?? whole,
      )
      .replace(UUID_IN_TEXT, (id) => needs.get(id.toLowerCase()) ?? id),
  );
}

export interface Resolver {
  /** The record of this kind that `ref` names (id, code, name or short name). */
  resolve(kind: NamedKind, ref: string): Promise<Resolved>;
  /** The name to show for a record of this kind (its code and name when it has a code); the id when unknown. */
  nameOf(kind: NamedKind, id: string): Promise<string>;
}

/** Resolves names against the database, reading each kind's names at most once. */
export function createResolver(deps: { db: Kysely<Database> }): Resolver {
  const cache = new Map<NamedKind, Promise<NamedRow[]>>();
  const rowsOf = (kind: NamedKind): Promise<NamedRow[]> => {
    let rows = cache.get(kind);
    if (!rows) {
      rows = LISTS[kind](deps.db);
      cache.set(kind, rows);
    }
    return rows;
  };
  return {
    async resolve(kind, ref) {
      // A need named by its id or reference is one indexed lookup; only a miss or a name reads every
      // need's name (for near matches), which at a million needs is the slow path.
      if (kind === 'need' && !cache.has(kind)) {
        const typed = ref.trim();
        const exact = isId(typed)
          ? await findNeedNames(deps.db, [typed.toLowerCase()])
          : /^n-\d+$/i.test(typed)
            ? await findNeedNamesByReference(deps.db, [typed.toUpperCase()])
            : [];
        if (exact.length === 1) return matchName(kind, ref, exact);
      }
      return matchName(kind, ref, await rowsOf(kind));
    },
    async nameOf(kind, id) {
      if (kind === 'need' && !cache.has(kind)) {
        if (!isId(id)) return id;
        const [row] = await findNeedNames(deps.db, [id.toLowerCase()]);
        return row ? labelOf(row) : id;
      }
      const row = (await rowsOf(kind)).find((candidate) => candidate.id === id);
      return row ? (row.short_name ?? labelOf(row)) : id;
    },
  };
}
