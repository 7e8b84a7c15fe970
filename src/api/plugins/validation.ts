import { Ajv, type Options } from 'ajv';
import * as addFormatsModule from 'ajv-formats';
import type { FastifyInstance } from 'fastify';

type AddFormats = (ajv: Ajv) => Ajv;
// ajv-formats is CommonJS with an `exports.default`; under NodeNext its function sits one level down.
const wrapped = (addFormatsModule as unknown as { default: AddFormats & { default?: AddFormats } }).default;
const addFormats: AddFormats = wrapped.default ?? wrapped;

const shared: Options = { allErrors: true, strict: false, useDefaults: true, removeAdditional: false };

/**
 * Bodies are validated strictly (no type coercion, unknown fields rejected); query strings and
 * path parameters arrive as text, so only they are coerced to the declared types.
 */
export function installValidators(app: FastifyInstance): void {
  const strict = addFormats(new Ajv({ ...shared, coerceTypes: false }));
  const coercing = addFormats(new Ajv({ ...shared, coerceTypes: 'array' }));
  app.setValidatorCompiler(({ schema, httpPart }) =>
    httpPart === 'body' ? strict.compile(schema) : coercing.compile(schema),
  );
}
