import { CLASSIFICATIONS, type Classification } from '../auth/actor.js';
import { todayUtc } from '../auth/visibility.js';
import { DomainError } from '../errors.js';

/**
 * The classification floor of derived records (DESIGN.md, "Classification and visibility"): a
 * record computed from others (an allocation from its pledge and need, a shipment from its
 * allocations, a receipt from its shipment, a derived need from its incident and rule, a plan run
 * from every row it read) is at least as classified as the most classified of them. A public
 * floor also keeps the latest embargo of its sources, since an embargoed public record counts as
 * coalition until its day. A client may raise a derived record above its floor, never below it.
 */

/** What the floor is made of: a source's classification and, for a public one, its embargo. */
export interface Classified {
  readonly classification: Classification;
  readonly embargo_until?: string | null;
}

/** A floor, or a classification chosen at or above one. */
export interface ClassificationChoice {
  readonly classification: Classification;
  readonly embargo_until: string | null;
}

const rank = (level: Classification) => CLASSIFICATIONS.indexOf(level);

/**
 * The lowest classification a record derived from `sources` may have: the highest of theirs.
 * When that is public, the latest embargo among the sources comes with it (null if none). Without
 * sources the floor is public with no embargo.
 */
export function classificationFloor(...sources: readonly Classified[]): ClassificationChoice {
  let classification: Classification = 'public';
  let embargo: string | null = null;
  for (const source of sources) {
    if (rank(source.classification) > rank(classification)) classification = source.classification;
    if (
      source.classification === 'public' &&
      source.embargo_until &&
      (embargo === null || source.embargo_until > embargo)
    ) {
      embargo = source.embargo_until;
    }
  }
  return { classification, embargo_until: classification === 'public' ? embargo : null };
}

/** The floor in words, for error messages: `restricted`, or `public with embargo until 2027-01-01`. */
export function describeFloor(floor: ClassificationChoice): string {
  return floor.classification === 'public' && floor.embargo_until !== null
    ? `public with embargo until ${floor.embargo_until}`
    : floor.classification;
}

/** 422 classification_below_sources: the request asked for less than the sources' floor. */
export function ClassificationBelowSources(floor: ClassificationChoice, sources: string): DomainError {
  const level = describeFloor(floor);
  const field = floor.classification === 'public' ? 'embargo_until' : 'classification';
  return new DomainError(
    'classification_below_sources',
    422,
    `the record is derived from ${sources}, so it must be at least ${level}`,
    [{ field, message: `must be at least ${level}, the highest classification of ${sources}` }],
  );
}

/**
 * The classification and embargo a derived record gets: what the client asked for when that is at
 * or above the floor, the floor where it asked for nothing; 422 classification_below_sources when
 * it asked for less. `sources` names them for the message ("its pledge and need"). An embargo of
 * the floor that has already passed no longer restricts anything and is not enforced.
 */
export function chooseClassification(
  requested: { classification?: Classification | undefined; embargo_until?: string | null | undefined },
  floor: ClassificationChoice,
  sources: string,
  today: string = todayUtc(),
): ClassificationChoice {
  const classification = requested.classification ?? floor.classification;
  if (rank(classification) < rank(floor.classification)) throw ClassificationBelowSources(floor, sources);
  if (classification !== 'public') return { classification, embargo_until: requested.embargo_until ?? null };
  const floorEmbargo =
    floor.embargo_until !== null && floor.embargo_until > today ? floor.embargo_until : null;
  if (requested.embargo_until === undefined) {
    return { classification, embargo_until: floorEmbargo ?? floor.embargo_until };
  }
  if (floorEmbargo !== null && (requested.embargo_until === null || requested.embargo_until < floorEmbargo)) {
    throw ClassificationBelowSources(floor, sources);
  }
  return { classification, embargo_until: requested.embargo_until };
}

/** Whether a stored record is below the floor of its sources (what chooseClassification would refuse). */
export function isBelowFloor(
  record: ClassificationChoice,
  floor: ClassificationChoice,
  today: string = todayUtc(),
): boolean {
  try {
    chooseClassification(record, floor, 'its sources', today);
    return false;
  } catch {
    return true;
  }
}
