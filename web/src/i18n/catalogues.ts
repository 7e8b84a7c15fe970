import type { Locale } from './locales.js';

/** A namespace's messages as stored in `web/src/i18n/<locale>/<namespace>.json`: key → ICU message. */
export type Catalogue = Readonly<Record<string, string>>;

// Every catalogue file is its own lazy chunk: only the chosen language is fetched, when chosen.
const FILES = import.meta.glob<Catalogue>('./*/*.json', { import: 'default' });

/** `./uk/<namespace>.json` → the namespace. */
export function namespaceOf(file: string): string {
  const match = /\/([a-z][a-z0-9-]*)\.json$/.exec(file);
  if (!match?.[1]) throw new Error(`catalogue file ${file} is not named <namespace>.json`);
  return match[1];
}

/** Message ids are `<namespace>.<key>`: the key `title` of the namespace file `needs` is `needs` + `.title`. */
export function flatten(namespaces: Readonly<Record<string, Catalogue>>): Record<string, string> {
  const messages: Record<string, string> = {};
  for (const [namespace, catalogue] of Object.entries(namespaces)) {
    for (const [key, message] of Object.entries(catalogue)) messages[`${namespace}.${key}`] = message;
  }
  return messages;
}

/** Fetches every namespace of one language and merges them into one id → message table. */
export async function loadMessages(locale: Locale): Promise<Record<string, string>> {
  const mine = Object.entries(FILES).filter(([file]) => file.startsWith(`./${locale}/`));
  const loaded = await Promise.all(
    mine.map(async ([file, load]) => [namespaceOf(file), await load()] as const),
  );
  return flatten(Object.fromEntries(loaded));
}
