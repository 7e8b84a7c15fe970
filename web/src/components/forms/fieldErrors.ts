import type { FieldProblem } from '../../api/formsContract.js';

/**
 * The API's field errors keyed by the form's input name: `value.amount` and `value` land on the
 * `value` inputs, and anything the form has no input for is left for the summary.
 */
export function errorsByField(
  problems: readonly FieldProblem[],
  fields: readonly string[],
): { byField: Record<string, string>; rest: FieldProblem[] } {
  const byField: Record<string, string> = {};
  const rest: FieldProblem[] = [];
  for (const problem of problems) {
    const name = fields.find((field) => problem.field === field || problem.field.startsWith(`${field}.`));
    if (name && byField[name] === undefined) byField[name] = problem.message;
    else if (!name) rest.push(problem);
  }
  return { byField, rest };
}

/** Moves focus to the first input, in form order, that has an error. */
export function focusFirstInvalid(fields: readonly string[], byField: Record<string, string>): void {
  const first = fields.find((field) => byField[field] !== undefined);
  if (first) document.getElementById(`field-${first}`)?.focus();
}
