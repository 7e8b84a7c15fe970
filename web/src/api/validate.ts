import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { explainSchemaErrors } from '../../../src/core/shared/field-messages.js';
import type { FieldProblem } from './formsContract.js';

/**
 * What the API would say about a body, said before sending it: the API's own TypeBox schema,
 * checked here, in the same sentences (src/core/shared/field-messages.ts) the API answers with.
 */
export function problemsOf(schema: TSchema, body: unknown): FieldProblem[] {
  return explainSchemaErrors([...Value.Errors(schema, body)]);
}
