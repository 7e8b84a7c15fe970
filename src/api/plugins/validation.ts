import { Ajv, type Options, type ValidateFunction } from 'ajv';
import * as addFormatsModule from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import { DomainError, type FieldProblem } from '../../core/errors.js';
import { isStorableText } from '../../core/shared/text.js';

type AddFormats = (ajv: Ajv) => Ajv;
// ajv-formats is CommonJS with an `exports.default`; under NodeNext its function sits one level down.
const wrapped = (addFormatsModule as unknown as { default: AddFormats & { default?: AddFormats } }).default;
const addFormats: AddFormats = wrapped.default ?? wrapped;

const shared: Options = { allErrors: true, strict: false, useDefaults: true, removeAdditional: false };

/**
 * Bodies are validated strictly (no type coercion, unknown fields rejected); query strings and
 * path parameters arrive as text, so only they are coerced to the declared types. Before either,
 * every string of the body, query and path is checked for characters PostgreSQL cannot store.
 */
export function installValidators(app: FastifyInstance): void {
  const strict = addFormats(new Ajv({ ...shared, coerceTypes: false }));
  const coercing = addFormats(new Ajv({ ...shared, coerceTypes: 'array' }));
  app.setValidatorCompiler(({ schema, httpPart }) =>
    refusingUnstorableText(
      httpPart === 'body' ? strict.compile(schema) : coercing.compile(schema),
      httpPart ?? 'request',
    ),
  );
  installJsonParser(app);
}

/** 422 naming each field whose text PostgreSQL cannot store. */
export function InvalidCharacter(errors: readonly FieldProblem[]): DomainError {
  const fields = errors.map((e) => e.field).join(', ');
  return new DomainError(
    'invalid_character',
    422,
    `${fields} holds a character that cannot be stored (NUL, an unpaired surrogate or invalid UTF-8)`,
    errors,
  );
}

/** The fields (dotted JSON paths; an object for a key of its own) whose text `unstorable` matches. */
export function findUnstorableText(
  value: unknown,
  unstorable: (text: string) => boolean = (text) => !isStorableText(text),
  path = '',
  found: string[] = [],
): string[] {
  if (typeof value === 'string') {
    if (unstorable(value)) found.push(path || 'value');
  } else if (Array.isArray(value)) {
    value.forEach((element, index) => {
      findUnstorableText(element, unstorable, path ? `${path}.${index}` : String(index), found);
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [key, element] of Object.entries(value)) {
      const field = path ? `${path}.${key}` : key;
      // A bad key is reported at its object: repeating it would echo the bad text back.
      if (unstorable(key)) found.push(path || 'body');
      else findUnstorableText(element, unstorable, field, found);
    }
  }
  return found;
}

function problemsAt(fields: readonly string[], httpPart: string, message: string): FieldProblem[] {
  return fields.map((field) => ({
    field: httpPart === 'body' ? field : `${httpPart}.${field}`,
    message,
  }));
}

type FastifyValidator = ((data: unknown, context?: unknown) => boolean | { error: Error }) & {
  errors?: ValidateFunction['errors'];
  schemaEnv?: unknown;
};

/** The schema's validator, preceded by the character check, keeping what Fastify reads from Ajv's function. */
function refusingUnstorableText(validate: ValidateFunction, httpPart: string): FastifyValidator {
  const validator: FastifyValidator = (data, context) => {
    const fields = findUnstorableText(data);
    if (fields.length > 0) {
      return {
        error: InvalidCharacter(problemsAt(fields, httpPart, 'holds a character that cannot be stored')),
      };
    }
    const valid = (validate as (data: unknown, context?: unknown) => boolean)(data, context);
    validator.errors = validate.errors;
    return valid;
  };
  validator.schemaEnv = validate.schemaEnv;
  return validator;
}

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Fastify's JSON parser (prototype poisoning refused), fed bytes instead of text: a body that is
 * not valid UTF-8 is refused naming the fields its bad bytes fall in, instead of those bytes
 * being stored as U+FFFD.
 */
function installJsonParser(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = body as Buffer;
    let text: string;
    try {
      text = fatalUtf8.decode(bytes);
    } catch {
      parseJson(request, bytes.toString('utf8'), (error, parsed) => {
        if (error) return done(error, undefined);
        const fields = findUnstorableText(parsed, (text) => text.includes('\uFFFD'));
        done(
          InvalidCharacter(problemsAt(fields.length > 0 ? fields : ['body'], 'body', 'is not valid UTF-8')),
          undefined,
        );
      });
      return;
    }
    parseJson(request, text, done);
  });
}
