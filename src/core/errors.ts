/** A field-level problem, named by its JSON field so a form can show it beside the field. */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/** Base of every error the core raises on purpose; `code` is stable and documented in the API. */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly errors: readonly FieldProblem[] = [],
  ) {
    super(message);
  }
}

export function NotFound(entity: string, id: string): DomainError {
  return new DomainError('not_found', 404, `${entity} ${id} does not exist`);
}

export function InvalidRecord(errors: readonly FieldProblem[]): DomainError {
  const summary = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
  return new DomainError('invalid_record', 422, `the record is not valid: ${summary}`, errors);
}

export function UnknownReference(errors: readonly FieldProblem[]): DomainError {
  const summary = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
  return new DomainError(
    'unknown_reference',
    422,
    `the record refers to something that does not exist: ${summary}`,
    errors,
  );
}

export function StaleVersion(entity: string, id: string, current: number): DomainError {
  return new DomainError(
    'stale_version',
    412,
    `${entity} ${id} has changed since you read it (it is now at version ${current}); read it again`,
  );
}

export function Conflict(code: string, message: string): DomainError {
  return new DomainError(code, 409, message);
}

/** Collects field problems so that one response lists all of them. */
export class ProblemList {
  readonly items: FieldProblem[] = [];
  add(field: string, message: string): void {
    this.items.push({ field, message });
  }
  throwIfAny(make: (errors: readonly FieldProblem[]) => DomainError = InvalidRecord): void {
    if (this.items.length > 0) throw make(this.items);
  }
}
