// UTF-16 surrogates that are not part of a pair have no UTF-8 form: node-postgres would silently
// store U+FFFD in their place.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether PostgreSQL can store this text as given: no NUL (text and jsonb refuse it), no lone surrogate. */
export function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && !LONE_SURROGATE.test(text);
}
